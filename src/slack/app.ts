import type { IncomingMessage, ServerResponse } from "node:http";
import { App, type Logger as BoltLogger, LogLevel } from "@slack/bolt";
import { WebClient } from "@slack/web-api";
import { type Config, ConfigError } from "../config.js";
import { firstDelivery } from "../db/repositories/events.js";
import type { Logger } from "../logger.js";
import type { Services } from "../services/context.js";
import { registerActions } from "./listeners/actions/index.js";
import { registerCommands } from "./listeners/commands/index.js";
import { registerEvents } from "./listeners/events/index.js";
import { registerViews } from "./listeners/views/index.js";
import { type OutboxWorker, startOutboxWorker } from "./outbox-worker.js";
import { createRenderer } from "./render.js";

/**
 * The Slack front door: a Bolt app in HTTP mode (Slack posts to POST /slack/events)
 * or, with an app-level token, in Socket Mode; plus the outbox worker that sends
 * every message the app has stored to send.
 */

export interface SlackDeps {
  services: Services;
  log: Logger;
  outbox: OutboxWorker;
}

export interface SlackApp {
  app: App;
  outbox: OutboxWorker;
  /** Resolves once no listener is running, including work done after the acknowledgement. */
  idle(): Promise<void>;
  start(): Promise<number>;
  stop(): Promise<void>;
}

function boltLogger(log: Logger): BoltLogger {
  const child = log.child({ component: "bolt" });
  return {
    debug: (...msg) => child.debug(msg.map(String).join(" ")),
    info: (...msg) => child.info(msg.map(String).join(" ")),
    warn: (...msg) => child.warn(msg.map(String).join(" ")),
    error: (...msg) => child.error(msg.map(String).join(" ")),
    setLevel: () => {},
    getLevel: () => LogLevel.INFO,
    setName: () => {},
  };
}

export function createSlackApp(args: {
  config: Config;
  services: Services;
  log: Logger;
  health: (req: IncomingMessage, res: ServerResponse) => void;
  /** Least time between two posts to one channel (default one second, Slack's pace). */
  perChannelIntervalMs?: number;
}): SlackApp {
  const { config, services, log } = args;
  const token = config.SLACK_BOT_TOKEN;
  if (!token) throw new ConfigError("SLACK_BOT_TOKEN is required to serve Slack");
  const socketMode = Boolean(config.SLACK_APP_TOKEN);
  if (!socketMode && !config.SLACK_SIGNING_SECRET) {
    throw new ConfigError(
      "SLACK_BOT_TOKEN is set without a way to hear from Slack: set SLACK_SIGNING_SECRET (HTTP mode, from the app's " +
        '"Basic Information" page) or SLACK_APP_TOKEN (Socket Mode, xapp-…). Unset SLACK_BOT_TOKEN to run the local playground.',
    );
  }
  const slackApiUrl = config.SLACK_API_URL;

  // The outbox sends with retries off: it retries on its own terms and never double-posts.
  const outboxClient = new WebClient(token, {
    ...(slackApiUrl ? { slackApiUrl } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logger: boltLogger(log),
  });

  // Bolt's own token check calls auth.test once at start and, if Slack is unreachable
  // then, leaves a rejected promise behind. Ask lazily instead, remember a success,
  // and answer without the bot's ids while Slack's Web API is down.
  let identity: Promise<{ botId?: string; botUserId?: string }> | null = null;
  const whoAmI = () => {
    if (!identity) {
      identity = outboxClient.auth.test().then((r) => ({ botId: r.bot_id as string, botUserId: r.user_id as string }));
      identity.catch(() => {
        identity = null;
      });
    }
    return identity.catch(() => ({}));
  };

  const app = new App({
    authorize: async () => ({ botToken: token, ...(await whoAmI()) }),
    ...(socketMode
      ? { socketMode: true, appToken: config.SLACK_APP_TOKEN }
      : { signingSecret: config.SLACK_SIGNING_SECRET as string }),
    port: config.PORT,
    customRoutes: [{ path: "/healthz", method: ["GET"], handler: args.health }],
    clientOptions: { ...(slackApiUrl ? { slackApiUrl } : {}), retryConfig: { retries: 2, maxRetryTime: 2_500 } },
    logger: boltLogger(log),
  });

  const outbox = startOutboxWorker({
    services,
    client: outboxClient,
    render: createRenderer(services, outboxClient),
    log,
    perChannelIntervalMs: args.perChannelIntervalMs,
  });
  const deps: SlackDeps = { services, log, outbox };

  // Counts listeners still at work (after their ack too), so shutdown can wait for them.
  let inFlight = 0;
  let waiters: Array<() => void> = [];
  app.use(async ({ next }) => {
    inFlight += 1;
    try {
      await next();
    } finally {
      inFlight -= 1;
      if (inFlight === 0) {
        for (const wake of waiters) wake();
        waiters = [];
      }
    }
  });
  // Slack redelivers events (X-Slack-Retry-Num); the database remembers which ones were handled.
  app.use(async ({ body, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === "string" && !(await firstDelivery(services.db, eventId, services.clock()))) {
      log.debug({ eventId }, "Slack event delivered again; ignored");
      return;
    }
    await next();
  });
  const idle = () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve)));

  registerCommands(app, deps);
  registerActions(app, deps);
  registerViews(app, deps);
  registerEvents(app, deps);

  app.error(async (error) => {
    log.error({ err: error }, "Slack listener failed");
  });

  return {
    app,
    outbox,
    idle,
    async start() {
      const server = (await app.start(config.PORT)) as unknown as { address?: () => { port: number } | string | null };
      outbox.kick();
      const address = typeof server?.address === "function" ? server.address() : null;
      return typeof address === "object" && address ? address.port : config.PORT;
    },
    async stop() {
      await app.stop();
      await idle();
      await outbox.stop();
    },
  };
}
