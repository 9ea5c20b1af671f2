/**
 * The fake Slack (tests/support/fake-slack.ts) in a process of its own, so that
 * neither the app nor the load generator shares an event loop with it. Started by
 * bench/slack.ts; `stats` counts what the app sent it.
 */
import { startFakeSlack } from "../tests/support/fake-slack.js";
import { serveParent } from "./slack-ipc.js";

const users = JSON.parse(process.env.BENCH_FAKE_USERS ?? "[]") as string[];
const fake = await startFakeSlack({ users: Object.fromEntries(users.map((id) => [id, { name: id.toLowerCase() }])) });

serveParent(
  { apiUrl: fake.apiUrl, baseUrl: fake.baseUrl },
  {
    async stats(arg) {
      const byMethod: Record<string, { calls: number; failed: number }> = {};
      for (const call of fake.calls) {
        const entry = byMethod[call.method] ?? { calls: 0, failed: 0 };
        entry.calls += 1;
        if (call.status !== 200) entry.failed += 1;
        byMethod[call.method] = entry;
      }
      const ids = ((arg as { responseIds?: string[] } | undefined)?.responseIds ?? []) as string[];
      const responses = ids.reduce((n, id) => n + fake.responses(id).length, 0);
      return { byMethod, responses };
    },
    async stop() {
      await fake.close();
      return null;
    },
  },
);
