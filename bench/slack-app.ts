/**
 * The real keyholder Slack app, in HTTP mode, in a process of its own: built the way
 * src/main.ts builds it (createSlackApp over Services on the database), with a pino
 * logger at level `silent`, its Web API pointed at the fake Slack, and no pacing of
 * posts per channel (`perChannelIntervalMs: 0`: the fake has no rate limit). Started
 * by bench/slack.ts, which sends the load from another process.
 *
 * Environment: BENCH_DB (SQLite file), BENCH_POLICY (the policy as JSON),
 * BENCH_SLACK_API_URL, BENCH_SIGNING_SECRET, BENCH_BOT_TOKEN.
 */
import { loadConfig } from "../src/config.js";
import { openDatabase } from "../src/db/client.js";
import { recordPolicyVersion } from "../src/db/repositories/policies.js";
import { createLogger } from "../src/logger.js";
import { parsePolicy } from "../src/policy/load.js";
import { systemClock } from "../src/services/clock.js";
import type { Services } from "../src/services/context.js";
import { createSlackApp } from "../src/slack/app.js";
import { serveParent } from "./slack-ipc.js";

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const databaseUrl = `file:${env("BENCH_DB")}`;
const config = loadConfig({
  SLACK_BOT_TOKEN: env("BENCH_BOT_TOKEN"),
  SLACK_SIGNING_SECRET: env("BENCH_SIGNING_SECRET"),
  SLACK_API_URL: env("BENCH_SLACK_API_URL"),
  DATABASE_URL: databaseUrl,
  LOG_LEVEL: "silent",
  PORT: "0",
});
const policy = parsePolicy(JSON.parse(env("BENCH_POLICY")), "bench");
const db = openDatabase(config.DATABASE_URL);
await recordPolicyVersion(db, policy, new Date());
const services: Services = { db, policy, clock: systemClock };
const slack = createSlackApp({
  config,
  services,
  log: createLogger("silent"),
  health: (_req, res) => {
    res.writeHead(200).end("ok");
  },
  // The fake Slack has no rate limit; the bench measures the app's own work, as the tests do.
  perChannelIntervalMs: 0,
});
const port = await slack.start();

serveParent(
  { port, policyVersion: policy.version },
  {
    async idle() {
      await slack.idle();
      return null;
    },
    async stop() {
      await slack.stop();
      await db.close();
      return null;
    },
  },
);
