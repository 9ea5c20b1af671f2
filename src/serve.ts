import type { IncomingMessage, ServerResponse } from "node:http";
import { bootstrap } from "./bootstrap.js";
import { ConfigError } from "./config.js";
import { createLogger, type Logger } from "./logger.js";
import { PLAYGROUND_POLICY, startPlayground } from "./playground/start.js";
import type { Services } from "./services/context.js";
import { runKeyholder } from "./slack/runtime.js";

/**
 * Runs keyholder until SIGTERM or SIGINT: environment and policy → database
 * (migrated) → the app, serving Slack when Slack credentials are set, or else (or when
 * asked) the local playground in the browser.
 */
export async function serve(options: { playground?: boolean; port?: number } = {}): Promise<void> {
  const { config, services, migrations } = await bootstrap({
    policyWithoutFile: (env) =>
      options.playground || !env.SLACK_BOT_TOKEN
        ? { policy: PLAYGROUND_POLICY, source: "the demo firm's policy (playground, no policy file)" }
        : undefined,
  });
  const log = createLogger(config.LOG_LEVEL);
  log.info({ database: services.db.location, provider: services.db.provider, applied: migrations }, "database ready");
  log.info({ policyVersion: services.policy.version, source: services.policy.source }, "policy loaded");
  const health = healthCheck(services, log);

  let stopServing: () => Promise<void>;
  try {
    if (config.SLACK_BOT_TOKEN && !options.playground) {
      const runtime = await runKeyholder({ config, services, log, health });
      log.info({ port: runtime.port, mode: config.SLACK_APP_TOKEN ? "socket" : "http" }, "keyholder is listening");
      stopServing = runtime.stop;
    } else {
      const playground = await startPlayground({ config, services, log, health, port: options.port });
      log.info({ port: playground.port, url: playground.url, mode: "playground" }, "keyholder is listening");
      process.stdout.write(playgroundBanner(playground.url, Boolean(config.SLACK_BOT_TOKEN)));
      stopServing = playground.stop;
    }
  } catch (error) {
    await services.db.close();
    const { code, port } = error as { code?: string; port?: number };
    if (code !== "EADDRINUSE") throw error;
    throw new ConfigError(
      `port ${port} is in use by another program. Stop it, or set PORT to a free port (PORT=3001 npm start; keyholder playground --port 3001).`,
    );
  }

  const stop = (signal: string) => {
    log.info({ signal }, "shutting down");
    setTimeout(() => process.exit(1), 10_000).unref();
    stopServing()
      .then(() => services.db.close())
      .then(() => process.exit(0))
      .catch(() => process.exit(1));
  };
  process.once("SIGTERM", () => stop("SIGTERM"));
  process.once("SIGINT", () => stop("SIGINT"));
}

function healthCheck(services: Services, log: Logger) {
  return async (_req: IncomingMessage, res: ServerResponse) => {
    try {
      await services.db.prisma.$queryRaw`SELECT 1`;
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ status: "ok" }));
    } catch (error) {
      log.warn({ err: error }, "health check: database unreachable");
      res
        .writeHead(503, { "content-type": "application/json" })
        .end(JSON.stringify({ status: "database unreachable" }));
    }
  };
}

function playgroundBanner(url: string, slackConfigured: boolean): string {
  const why = slackConfigured ? "as asked" : "without Slack credentials";
  return (
    `\nkeyholder is running ${why}, in a local workspace in your browser:\n\n` +
    `  ${url}/\n\n` +
    "Pick a person at the top left and type /keyaccount help, or try the forum case:\n" +
    "  /keyaccount Harbor Freight Solutions\n" +
    (slackConfigured
      ? "\n"
      : "Set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (see .env.example) to serve a real Slack workspace.\n\n")
  );
}
