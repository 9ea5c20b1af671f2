import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { bootstrap } from "./bootstrap.js";
import { ConfigError } from "./config.js";
import { clientCount } from "./db/repositories/clients.js";
import { startScheduler } from "./jobs/scheduler.js";
import { createLogger } from "./logger.js";
import { PolicyError } from "./policy/load.js";
import { settlePendingClaims } from "./services/claims.js";
import { loadDemo } from "./services/demo.js";
import { createSlackApp } from "./slack/app.js";

/**
 * Wiring only: environment and policy → database (migrated) → HTTP server.
 * Without Slack credentials the app runs in local mode on the demo firm's data.
 */
async function main(): Promise<void> {
  let started: Awaited<ReturnType<typeof bootstrap>>;
  try {
    started = await bootstrap();
  } catch (error) {
    if (error instanceof ConfigError || error instanceof PolicyError) {
      process.stderr.write(`keyholder cannot start: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const { config, services, migrations } = started;
  const log = createLogger(config.LOG_LEVEL);
  log.info({ database: services.db.location, provider: services.db.provider, applied: migrations }, "database ready");
  log.info({ policyVersion: services.policy.version, source: services.policy.source }, "policy loaded");

  const localMode = !config.SLACK_BOT_TOKEN;
  if (localMode && (await clientCount(services.db)) === 0) {
    const demo = await loadDemo(services, "local-mode");
    log.info(
      { clients: demo.clients.written, engagements: demo.engagements.written },
      "demo data loaded on first start",
    );
  }

  const health = async (_req: IncomingMessage, res: ServerResponse) => {
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

  if (config.SLACK_BOT_TOKEN) {
    const slack = createSlackApp({ config, services, log, health });
    const port = await slack.start();
    const settled = await settlePendingClaims(services);
    if (settled > 0) log.info({ settled }, "decided claims whose votes were stored before a stop");
    const scheduler = startScheduler({ services, log, afterRun: () => slack.outbox.kick() });
    log.info({ port, mode: config.SLACK_APP_TOKEN ? "socket" : "http" }, "keyholder is listening");
    const stopSlack = (signal: string) => {
      log.info({ signal }, "shutting down");
      setTimeout(() => process.exit(1), 10_000).unref();
      scheduler
        .stop()
        .then(() => slack.stop())
        .then(() => services.db.close())
        .then(() => process.exit(0))
        .catch(() => process.exit(1));
    };
    process.once("SIGTERM", () => stopSlack("SIGTERM"));
    process.once("SIGINT", () => stopSlack("SIGINT"));
    return;
  }

  const server = createServer((req, res) => {
    if (req.method === "GET" && req.url === "/healthz") return void health(req, res);
    res.writeHead(404, { "content-type": "text/plain" }).end("Not found\n");
  });

  server.listen(config.PORT, () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : config.PORT;
    log.info({ port, mode: "local" }, "keyholder is listening");
    if (localMode) {
      process.stdout.write(
        `\nkeyholder is running in local mode (no Slack credentials) on http://localhost:${port}\n` +
          `  health:   http://localhost:${port}/healthz\n` +
          "  ranking:  npx keyholder list\n" +
          '  forum:    npx keyholder score "Harbor Freight Solutions"\n\n',
      );
    }
  });

  const stop = (signal: string) => {
    log.info({ signal }, "shutting down");
    server.close(() => {
      services.db
        .close()
        .then(() => process.exit(0))
        .catch(() => process.exit(1));
    });
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.once("SIGTERM", () => stop("SIGTERM"));
  process.once("SIGINT", () => stop("SIGINT"));
}

await main();
