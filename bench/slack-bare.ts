/**
 * The baseline: a bare Bolt 5 app in HTTP mode whose `/keyaccount` listener
 * acknowledges with a fixed ephemeral text: Bolt's receiver, signature check,
 * parsing and ack, and nothing of keyholder. Same token, signing secret and fake
 * Web API as the app; in a process of its own, started by bench/slack.ts.
 */
import type { AddressInfo } from "node:net";
import { App, LogLevel } from "@slack/bolt";
import { serveParent } from "./slack-ipc.js";

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const app = new App({
  token: env("BENCH_BOT_TOKEN"),
  signingSecret: env("BENCH_SIGNING_SECRET"),
  clientOptions: { slackApiUrl: env("BENCH_SLACK_API_URL") },
  logLevel: LogLevel.ERROR,
});
app.command("/keyaccount", async ({ ack }) => {
  await ack({ response_type: "ephemeral", text: "Harbor Freight Solutions scores 72 of 100: Key Account material." });
});
const server = (await app.start(0)) as unknown as { address(): AddressInfo | string | null };
const address = server.address();
if (!address || typeof address === "string") throw new Error("the bare app has no port");

serveParent(
  { port: address.port },
  {
    async stop() {
      await app.stop();
      return null;
    },
  },
);
