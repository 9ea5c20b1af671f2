import { Writable } from "node:stream";
import { loadConfig } from "../../src/config.js";
import { type Database, openDatabase } from "../../src/db/client.js";
import { migrate } from "../../src/db/migrate.js";
import { recordPolicyVersion } from "../../src/db/repositories/policies.js";
import { createLogger } from "../../src/logger.js";
import { parsePolicy } from "../../src/policy/load.js";
import { type Clock, systemClock } from "../../src/services/clock.js";
import type { Services } from "../../src/services/context.js";
import { loadDemo } from "../../src/services/demo.js";
import { createSlackApp, type SlackApp } from "../../src/slack/app.js";
import { freshDatabase, type ProviderName } from "./databases.js";
import { type FakeSlack, startFakeSlack } from "./fake-slack.js";
import {
  type BlockActionArgs,
  blockAction,
  type PostSignedOptions,
  postSigned,
  type SubmittedValue,
  slashCommand,
  viewSubmission,
} from "./slack-requests.js";

export const SIGNING_SECRET = "test-signing-secret-0123456789";
export const BOT_TOKEN = "xoxb-1111-2222-testtokenvalue";
export const MANAGERS = ["U0DEMOMGR1", "U0DEMOMGR2", "U0DEMOMGR3"] as const;
export const RECRUITERS = ["U0DEMOREC1", "U0DEMOREC2", "U0DEMOREC3", "U0DEMOREC4", "U0DEMOREC5"] as const;
export const APPROVALS = "C0APPROVALS";
export const REVIEW = "C0REVIEW";

/** A JSON answer from the app, as Slack would read it. */
// biome-ignore lint/suspicious/noExplicitAny: responses are asserted field by field in the tests.
export type SlackJson = any;

export interface SlackHarness {
  fake: FakeSlack;
  slack: SlackApp;
  services: Services;
  db: Database;
  url: string;
  events: string;
  databaseUrl: string;
  logs(): string;
  command(user: string, text: string): Promise<{ status: number; json: SlackJson; responseUrl: string }>;
  click(
    user: string,
    args: Omit<BlockActionArgs, "userId" | "responseUrl" | "triggerId">,
  ): Promise<{ status: number; responseUrl: string }>;
  submit(
    user: string,
    callbackId: string,
    privateMetadata: string,
    values: Record<string, Record<string, SubmittedValue>>,
  ): Promise<{ status: number; json: SlackJson }>;
  post(body: string, options?: PostSignedOptions): ReturnType<typeof postSigned>;
  close(): Promise<void>;
}

let responseCounter = 0;

/**
 * The real app on a real database (demo firm loaded), talking to a fake Slack over
 * HTTP, and reached with signed HTTP requests as Slack would.
 */
export async function startSlackHarness(
  provider: ProviderName,
  label: string,
  options: { perChannelIntervalMs?: number; policy?: Record<string, unknown>; clock?: Clock } = {},
): Promise<SlackHarness> {
  const fake = await startFakeSlack({
    users: Object.fromEntries([...MANAGERS, ...RECRUITERS].map((id) => [id, { name: id.toLowerCase() }])),
  });
  const database = await freshDatabase(provider, label);
  await migrate(database.url);
  const db = openDatabase(database.url);
  const policy = parsePolicy(
    { managers: [...MANAGERS], approvalsChannel: APPROVALS, reviewChannel: "C0REVIEW" },
    "test",
  );
  await recordPolicyVersion(db, policy, systemClock());
  const services: Services = { db, policy, clock: options.clock ?? systemClock };
  await loadDemo(services, "test");

  let captured = "";
  const sink = new Writable({
    write(chunk, _encoding, done) {
      captured += chunk.toString();
      done();
    },
  });
  const log = createLogger("debug", sink);
  const config = loadConfig({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    DATABASE_URL: database.url,
    PORT: "0",
  });
  const slack = createSlackApp({
    config,
    services,
    log,
    health: (_req, res) => {
      res.writeHead(200).end("ok");
    },
    // Slack's one-message-a-second pace is tested on its own; here it would only slow every scenario.
    perChannelIntervalMs: options.perChannelIntervalMs ?? 0,
  });
  const port = await slack.start();
  const url = `http://127.0.0.1:${port}`;
  const events = `${url}/slack/events`;

  return {
    fake,
    slack,
    services,
    db,
    url,
    events,
    databaseUrl: database.url,
    logs: () => captured,
    async command(user, text) {
      const id = `cmd-${++responseCounter}`;
      const responseUrl = fake.responseUrl(id);
      const res = await postSigned(
        events,
        slashCommand({ text, userId: user, responseUrl, triggerId: fake.triggerId() }),
        SIGNING_SECRET,
      );
      return { status: res.status, json: res.json, responseUrl: id };
    },
    async click(user, args) {
      const id = `click-${++responseCounter}`;
      const res = await postSigned(
        events,
        blockAction({ ...args, userId: user, responseUrl: fake.responseUrl(id), triggerId: fake.triggerId() }),
        SIGNING_SECRET,
      );
      return { status: res.status, responseUrl: id };
    },
    async submit(user, callbackId, privateMetadata, values) {
      const res = await postSigned(
        events,
        viewSubmission({ userId: user, callbackId, privateMetadata, values }),
        SIGNING_SECRET,
      );
      return { status: res.status, json: res.json };
    },
    post: (body, options) => postSigned(events, body, SIGNING_SECRET, options),
    async close() {
      await slack.stop();
      await db.close();
      await fake.close();
      await database.dispose();
    },
  };
}
