import type { IncomingMessage, ServerResponse } from "node:http";
import type { Config } from "../config.js";
import { startScheduler } from "../jobs/scheduler.js";
import type { Logger } from "../logger.js";
import { settlePendingClaims } from "../services/claims.js";
import type { Services } from "../services/context.js";
import { createSlackApp, type SlackApp } from "./app.js";

/** The running app: Slack listeners, the outbox and the schedules, stopped together. */
export interface KeyholderRuntime {
  port: number;
  slack: SlackApp;
  stop(): Promise<void>;
}

/**
 * Starts everything that serves a workspace: the Bolt app, then decides claims whose
 * deciding votes were stored before a stop, then the schedules (making up a missed run).
 */
export async function runKeyholder(args: {
  config: Config;
  services: Services;
  log: Logger;
  health: (req: IncomingMessage, res: ServerResponse) => void;
  perChannelIntervalMs?: number;
}): Promise<KeyholderRuntime> {
  const { services, log } = args;
  const slack = createSlackApp(args);
  const port = await slack.start();
  const settled = await settlePendingClaims(services);
  if (settled > 0) log.info({ settled }, "decided claims whose votes were stored before a stop");
  const scheduler = startScheduler({ services, log, afterRun: () => slack.outbox.kick() });
  return {
    port,
    slack,
    async stop() {
      await scheduler.stop();
      await slack.stop();
    },
  };
}
