import { mkdtempSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrap } from "../../../src/bootstrap.js";
import { FORUM_SUBSIDIARY } from "../../../src/demo/dataset.js";
import { createLogger } from "../../../src/logger.js";
import { PLAYGROUND_POLICY, type Playground, startPlayground } from "../../../src/playground/start.js";
import type { WorkspaceSnapshot } from "../../../src/playground/workspace.js";
import { freshDatabase, PROVIDERS } from "../../support/databases.js";

/**
 * The playground's HTTP surface, without a browser: what the page posts, what it
 * reads, and what it refuses, over the real app on each database.
 */

const MAYA = "U0DEMOREC1";

describe.each(PROVIDERS)("the playground's HTTP surface on %s", (provider) => {
  let db: { url: string; dispose: () => Promise<void> };
  let playground: Playground;
  let close: () => Promise<void>;
  const workspaceFile = join(mkdtempSync(join(tmpdir(), "keyholder-playground-")), "workspace.json");

  const start = async () => {
    const { config, services } = await bootstrap({
      env: { DATABASE_URL: db.url, POLICY_FILE: "/nonexistent/keyholder.policy.json", LOG_LEVEL: "silent" },
      policyWithoutFile: () => ({ policy: PLAYGROUND_POLICY, source: "test" }),
      onWait: () => {},
    });
    const health = (_req: unknown, res: import("node:http").ServerResponse) => res.writeHead(200).end("ok");
    playground = await startPlayground({
      config,
      services,
      log: createLogger("silent"),
      health,
      port: 0,
      workspaceFile,
    });
    close = async () => {
      await playground.stop();
      await services.db.close();
    };
  };

  beforeAll(async () => {
    db = await freshDatabase(provider, "playground-http");
    await start();
  });
  afterAll(async () => {
    await close?.();
    await db?.dispose();
  });

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${playground.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  const state = async () => (await (await fetch(`${playground.url}/playground/state`)).json()) as WorkspaceSnapshot;

  it("runs a command as the chosen person and shows the app's answer to that person alone", async () => {
    const response = await post("/playground/command", {
      userId: MAYA,
      channelId: "C0GENERAL",
      text: `/keyaccount ${FORUM_SUBSIDIARY}`,
    });
    expect(await response.json()).toEqual({ ok: true, status: 200 });
    await expect
      .poll(async () => (await state()).messages.filter((m) => m.ephemeralTo === MAYA && m.channel === "C0GENERAL"))
      .toHaveLength(1);
    const snapshot = await state();
    const card = snapshot.messages.find((m) => m.ephemeralTo === MAYA);
    expect(JSON.stringify(card?.blocks)).toContain("NOT_KEY");
    expect(snapshot.calls.some((c) => c.method === "response_url" && c.ok)).toBe(true);
  });

  it("streams a change notice to the page when the workspace changes", async () => {
    const notices: string[] = [];
    const stream = await new Promise<import("node:http").IncomingMessage>((resolve) =>
      request(`${playground.url}/playground/events`, resolve).end(),
    );
    stream.on("data", (chunk: Buffer) => notices.push(chunk.toString()));
    await expect.poll(() => notices.join("")).toMatch(/event: change\ndata: \d+/);
    const before = notices.length;
    await post("/playground/command", { userId: MAYA, channelId: "C0GENERAL", text: "hello everyone" });
    await expect.poll(() => notices.length).toBeGreaterThan(before);
    stream.destroy();
    const said = (await state()).messages.find((m) => m.text === "hello everyone");
    expect(said).toMatchObject({ author: MAYA, channel: "C0GENERAL" });
    expect(said?.ephemeralTo).toBeUndefined();
  });

  it("tells the person when a command does not exist here", async () => {
    const response = await post("/playground/command", { userId: MAYA, channelId: "C0GENERAL", text: "/remind me" });
    expect(await response.json()).toMatchObject({ ok: false, error: "unknown_command" });
    const note = (await state()).messages.find((m) => m.author === "USLACKBOT" && m.text.includes("/remind"));
    expect(note?.text).toBe("/remind is not a valid command. This workspace has /keyaccount and /ka.");
    await post("/playground/command", { userId: MAYA, channelId: "C0GENERAL", text: "/ka help" });
    await expect
      .poll(async () => (await state()).messages.some((m) => m.ephemeralTo === MAYA && /claim, release/.test(m.text)))
      .toBe(true);
  });

  it("refuses malformed requests from the page with what was wrong and the right form", async () => {
    const notJson = await post("/playground/command", "{not json");
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toEqual({ ok: false, error: "the body must be JSON" });

    const wrong = await post("/playground/command", { userId: "maya", channelId: "general", text: "  " });
    expect(wrong.status).toBe(400);
    const { error } = (await wrong.json()) as { error: string };
    expect(error).toContain("userId: must be a Slack user id such as U0DEMOREC1");
    expect(error).toContain("channelId: must be a Slack channel id such as C0APPROVALS");
    expect(error).toContain("text: type a message or a command such as /keyaccount help");

    const unknownChannel = await post("/playground/command", { userId: MAYA, channelId: "C0NOWHERE", text: "hi" });
    expect(unknownChannel.status).toBe(400);
    expect(await unknownChannel.json()).toEqual({
      ok: false,
      error: "channelId: C0NOWHERE is not a channel of this workspace",
    });
    const stranger = await post("/playground/home", { userId: "U0STRANGER" });
    expect(await stranger.json()).toEqual({
      ok: false,
      error: 'userId: U0STRANGER is not a person of this workspace; pick one in "You are"',
    });
  });

  it("answers its own page only: no other website, no other host name, no form posts", async () => {
    const before = (await state()).messages.length;
    const form = await fetch(`${playground.url}/playground/command`, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: JSON.stringify({ userId: MAYA, channelId: "C0GENERAL", text: "posted by a form" }),
    });
    expect(form.status).toBe(400);
    expect(await form.json()).toEqual({ ok: false, error: "the body must be JSON, sent as application/json" });

    const elsewhere = await post(
      "/playground/command",
      { userId: MAYA, channelId: "C0GENERAL", text: "x" },
      {
        origin: "https://evil.example",
      },
    );
    expect(elsewhere.status).toBe(403);
    expect(await elsewhere.json()).toEqual({ ok: false, error: "the playground answers its own page only" });

    const rebound = await new Promise<number>((resolve, reject) => {
      const url = new URL(`${playground.url}/playground/state`);
      request({ host: "127.0.0.1", port: url.port, path: url.pathname, headers: { host: "evil.example" } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
        .on("error", reject)
        .end();
    });
    expect(rebound).toBe(403);
    expect((await state()).messages).toHaveLength(before);
  });

  it("lets nobody but its person submit, click in or close a modal", async () => {
    await post("/playground/command", {
      userId: MAYA,
      channelId: "C0GENERAL",
      text: `/keyaccount claim ${FORUM_SUBSIDIARY}`,
    });
    await expect.poll(async () => (await state()).modals[MAYA]?.length ?? 0).toBe(1);
    const viewId = (await state()).modals[MAYA]?.[0]?.id ?? "";

    for (const path of ["/playground/submit", "/playground/close"]) {
      const response = await post(path, { userId: "U0DEMOREC2", viewId, values: [] });
      expect(response.status, path).toBe(400);
      expect(await response.json(), path).toEqual({
        ok: false,
        error: `viewId: ${viewId} is open for ${MAYA}, not for U0DEMOREC2`,
      });
    }
    expect((await state()).modals[MAYA]?.[0]?.id).toBe(viewId);
    expect(await (await post("/playground/close", { userId: MAYA, viewId })).json()).toEqual({ ok: true, status: 200 });
    expect((await state()).modals[MAYA]).toBeUndefined();
  });

  it("answers the Web API only to the app's token, as Slack does", async () => {
    const response = await fetch(`${playground.url}/api/chat.postMessage`, {
      method: "POST",
      headers: { authorization: "Bearer xoxb-someone-else", "content-type": "application/json" },
      body: JSON.stringify({ channel: "C0GENERAL", text: "spoofed" }),
    });
    expect(await response.json()).toEqual({ ok: false, error: "invalid_auth" });
    expect((await state()).messages.some((m) => m.text === "spoofed")).toBe(false);
  });

  it("refuses unknown response URLs and serves no file outside the page's folders", async () => {
    const stale = await fetch(`${playground.url}/response/abcdef0123`, { method: "POST", body: '{"text":"x"}' });
    expect(stale.status).toBe(404);
    expect(await stale.text()).toBe("expired_url");
    for (const path of ["/assets/../../package.json", "/assets/%2e%2e/%2e%2e/package.json", "/assets/nothing.js"]) {
      expect((await fetch(`${playground.url}${path}`)).status, path).toBe(404);
    }
    expect((await fetch(`${playground.url}/assets/app.js`)).status).toBe(200);
  });

  it("keeps the workspace's messages across a restart", async () => {
    const before = (await state()).messages;
    expect(before.length).toBeGreaterThan(0);
    await close();
    await start();
    expect((await state()).messages).toEqual(before);
    await post("/playground/command", { userId: MAYA, channelId: "C0GENERAL", text: "after the restart" });
    const after = (await state()).messages;
    expect(Number(after.at(-1)?.ts)).toBeGreaterThan(Number(before.at(-1)?.ts));
  });
});
