import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join, resolve } from "node:path";
import type { Config } from "../config.js";
import { DEMO_PEOPLE } from "../demo/dataset.js";
import { runReminderNow } from "../jobs/scheduler.js";
import type { Logger } from "../logger.js";
import type { Services } from "../services/context.js";
import { loadDemo } from "../services/demo.js";
import { type KeyholderRuntime, runKeyholder } from "../slack/runtime.js";
import { createDeliverer } from "./deliver.js";
import { createPlaygroundServer, PACKAGE_ROOT } from "./server.js";
import { type Channel, type Person, Workspace } from "./workspace.js";

/**
 * The local playground: the real app (same listeners, outbox, scheduler) served by a
 * workspace in the browser instead of Slack. The app gets a bot token, a signing
 * secret and SLACK_API_URL pointing at the playground, and listens on a private
 * port; the page and the Web API share the public one.
 */

/** The demo firm's policy: the playground's when there is no policy file. */
export const PLAYGROUND_POLICY = {
  managers: DEMO_PEOPLE.filter((p) => p.role === "manager").map((p) => p.slackId),
  approvalsChannel: "C0APPROVALS",
  reviewChannel: "C0KAREVIEW",
  timezone: "Europe/London",
};

export interface Playground {
  url: string;
  port: number;
  runtime: KeyholderRuntime;
  workspace: Workspace;
  stop(): Promise<void>;
}

async function people(services: Services): Promise<Person[]> {
  const managers = new Set(services.policy.policy.managers);
  const stored = await services.db.prisma.person.findMany({ orderBy: { name: "asc" } });
  const known = new Set(stored.map((p) => p.slackId));
  const everyone: Person[] = stored.map((p) => ({
    id: p.slackId,
    name: p.name,
    role: managers.has(p.slackId) ? "manager" : "recruiter",
  }));
  for (const id of managers) if (!known.has(id)) everyone.push({ id, name: id, role: "manager" });
  return everyone;
}

function channels(services: Services): Channel[] {
  const { approvalsChannel, reviewChannel } = services.policy.policy;
  const list: Channel[] = [
    { id: "C0GENERAL", name: "general", kind: "channel", purpose: "Ask keyholder anything: /keyaccount help" },
  ];
  if (approvalsChannel) {
    list.push({
      id: approvalsChannel,
      name: "key-account-approvals",
      kind: "channel",
      purpose: "Claims and managers' votes",
    });
  }
  if (reviewChannel && reviewChannel !== approvalsChannel) {
    list.push({ id: reviewChannel, name: "key-account-review", kind: "channel", purpose: "The weekly reminder" });
  }
  return list;
}

/**
 * Where the workspace's messages are kept between starts: beside the SQLite file, or
 * for PostgreSQL in ./data under the database's name, so each database has its own.
 */
function savedWorkspacePath(config: Config): string {
  const sqlite = /^file:(.+)$/.exec(config.DATABASE_URL)?.[1];
  if (sqlite) return resolve(dirname(sqlite.replace(/\?.*$/, "")), "playground-workspace.json");
  const database = new URL(config.DATABASE_URL).pathname.replace(/^\//, "").replace(/[^\w.-]/g, "_") || "postgres";
  return resolve("data", `playground-workspace.${database}.json`);
}

/** The slash commands of the app's manifest: the playground offers the ones a Slack workspace would. */
function manifestCommands(): string[] {
  const manifest = JSON.parse(readFileSync(join(PACKAGE_ROOT, "manifests", "http.json"), "utf8")) as {
    features?: { slash_commands?: Array<{ command: string }> };
  };
  return (manifest.features?.slash_commands ?? []).map((c) => c.command.toLowerCase());
}

export async function startPlayground(args: {
  config: Config;
  services: Services;
  log: Logger;
  health: (req: IncomingMessage, res: ServerResponse) => void;
  port?: number;
  /** Where to keep the workspace between starts (default: beside the database, see savedWorkspacePath). */
  workspaceFile?: string;
}): Promise<Playground> {
  const { config, services, log } = args;

  if ((await services.db.prisma.person.count()) === 0) {
    const demo = await loadDemo(services, "playground");
    log.info(
      { clients: demo.clients.written, engagements: demo.engagements.written },
      "demo data loaded on first start",
    );
  }

  const workspace = new Workspace("Keyholder playground", await people(services), channels(services));
  const savePath = args.workspaceFile ?? savedWorkspacePath(config);
  try {
    workspace.restore(JSON.parse(readFileSync(savePath, "utf8")));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
      log.warn({ err: error, path: savePath }, "playground workspace file unreadable; starting with an empty one");
    }
  }
  const save = () => {
    try {
      mkdirSync(dirname(savePath), { recursive: true });
      writeFileSync(`${savePath}.tmp`, JSON.stringify(workspace.saved()));
      renameSync(`${savePath}.tmp`, savePath);
    } catch (error) {
      // The workspace goes on in memory; only what survives a restart is at stake.
      log.warn({ err: error, path: savePath }, "could not save the playground workspace");
    }
  };
  let saveTimer: NodeJS.Timeout | null = null;
  workspace.onChange(() => {
    saveTimer ??= setTimeout(() => {
      saveTimer = null;
      save();
    }, 250);
  });

  const botToken = `xoxb-playground-${randomBytes(8).toString("hex")}`;
  const signingSecret = randomBytes(16).toString("hex");
  let baseUrl = "";
  let appUrl = "";
  // Response URLs are for the app on this machine: the address the server listens on, whatever localhost resolves to.
  const deliverer = createDeliverer({
    workspace,
    signingSecret,
    appUrl: () => appUrl,
    baseUrl: () => baseUrl.replace("//localhost:", "//127.0.0.1:"),
  });
  let runtime: KeyholderRuntime | null = null;
  const remindNow = async () => {
    const outcome = await runReminderNow(services, { force: true });
    runtime?.slack.outbox.kick();
    return outcome;
  };
  const server = createPlaygroundServer({
    workspace,
    deliverer,
    botToken,
    log,
    health: args.health,
    remindNow,
    commands: manifestCommands(),
  });
  await new Promise<void>((ready, fail) => {
    server.once("error", fail);
    // This machine only: the page acts as anyone in the demo firm, without signing in.
    server.listen(args.port ?? config.PORT, "127.0.0.1", ready);
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://localhost:${port}`;
  workspace.permalinkBase = baseUrl;

  runtime = await runKeyholder({
    config: {
      ...config,
      SLACK_BOT_TOKEN: botToken,
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_APP_TOKEN: undefined,
      SLACK_API_URL: `http://127.0.0.1:${port}/api/`,
      PORT: 0,
    },
    services,
    log,
    health: args.health,
    // A local workspace has no rate limits to respect.
    perChannelIntervalMs: 0,
  });
  appUrl = `http://127.0.0.1:${runtime.port}/slack/events`;
  const running = runtime;

  return {
    url: baseUrl,
    port,
    runtime: running,
    workspace,
    async stop() {
      await running.stop();
      if (saveTimer) clearTimeout(saveTimer);
      save();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
