import { createHmac } from "node:crypto";
import { channel as diagnosticsChannel } from "node:diagnostics_channel";
import type { AddressInfo } from "node:net";
import { App, LogLevel, verifySlackRequest } from "@slack/bolt";
import { SocketModeClient } from "@slack/socket-mode";
import { ErrorCode, WebClient, WebClientEvent, type WebClientOptions } from "@slack/web-api";
import { WebSocket as UndiciWebSocket, ping as undiciPing } from "undici";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type FakeSlack, startFakeSlack } from "../support/fake-slack.js";
import { blockAction, postSigned, signSlackRequest, slashCommand, viewSubmission } from "../support/slack-requests.js";

let fake: FakeSlack;

beforeAll(async () => {
  fake = await startFakeSlack({
    users: {
      U0ALICE: { name: "alice", email: "alice@example.com", tz: "Europe/Paris" },
      U0BOB: { name: "bob" },
    },
  });
});

afterAll(async () => {
  await fake.close();
});

afterEach(() => {
  fake.reset();
});

const client = (options: WebClientOptions = {}, token = "xoxb-test") =>
  new WebClient(token, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, logLevel: LogLevel.ERROR, ...options });

/** Runs `fn` and returns what it threw. */
async function thrown(fn: () => Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await fn();
  } catch (error) {
    return error as Record<string, unknown>;
  }
  throw new Error("expected a rejection");
}

describe("fake Slack Web API", () => {
  it("posts, threads and updates messages, and shows their current state", async () => {
    const slack = client();
    const blocks = [{ type: "section", text: { type: "mrkdwn", text: "*Acme* claimed" } }];
    const posted = await slack.chat.postMessage({ channel: "C0CLAIMS", text: "Acme claimed", blocks });
    expect(posted).toMatchObject({ ok: true, channel: "C0CLAIMS", message: { text: "Acme claimed", blocks } });
    expect(posted.ts).toMatch(/^\d{10}\.\d{6}$/);

    const reply = await slack.chat.postMessage({ channel: "C0CLAIMS", thread_ts: posted.ts as string, text: "vote 1" });
    expect(Number(reply.ts)).toBeGreaterThan(Number(posted.ts));
    expect(reply.message).toMatchObject({ thread_ts: posted.ts });

    const updated = await slack.chat.update({ channel: "C0CLAIMS", ts: posted.ts as string, text: "Acme: approved" });
    expect(updated).toMatchObject({ ok: true, ts: posted.ts, text: "Acme: approved" });

    const [message, ...others] = fake.messages("C0CLAIMS");
    expect(others).toEqual([]);
    expect(message).toMatchObject({ ts: posted.ts, text: "Acme: approved", blocks, user: "U0KEYHOLDER", edits: 1 });
    expect(message?.replies.map((r) => r.text)).toEqual(["vote 1"]);
    expect(fake.thread("C0CLAIMS", posted.ts as string).map((r) => r.text)).toEqual(["vote 1"]);

    // A reply to a reply lands in the parent's thread, as in Slack.
    await slack.chat.postMessage({ channel: "C0CLAIMS", thread_ts: reply.ts as string, text: "vote 2" });
    expect(fake.thread("C0CLAIMS", posted.ts as string).map((r) => r.text)).toEqual(["vote 1", "vote 2"]);

    // What went over the wire: form-encoded, token in the Authorization header, nested JSON decoded by the fake.
    const call = fake.callsTo("chat.postMessage")[0];
    expect(call).toMatchObject({ token: "xoxb-test", status: 200, args: { channel: "C0CLAIMS", blocks } });
    expect(call?.args).not.toHaveProperty("token");

    const permalink = await slack.chat.getPermalink({ channel: "C0CLAIMS", message_ts: reply.ts as string });
    expect(permalink.permalink).toContain(`/archives/C0CLAIMS/p${(reply.ts as string).replace(".", "")}`);

    const missing = await thrown(() => slack.chat.update({ channel: "C0CLAIMS", ts: "1.000001", text: "x" }));
    expect(missing.code).toBe(ErrorCode.PlatformError);
    expect((missing.data as { error: string }).error).toBe("message_not_found");
    const orphan = await thrown(() =>
      slack.chat.postMessage({ channel: "C0CLAIMS", thread_ts: "1.000001", text: "x" }),
    );
    expect((orphan.data as { error: string }).error).toBe("thread_not_found");
  });

  it("records ephemerals and enforces message block limits", async () => {
    const slack = client();
    const res = await slack.chat.postEphemeral({ channel: "C0CLAIMS", user: "U0ALICE", text: "only you" });
    expect(res.message_ts).toMatch(/^\d+\.\d{6}$/);
    expect(fake.ephemerals("C0CLAIMS", "U0ALICE")).toMatchObject([{ text: "only you", user: "U0ALICE" }]);
    expect(fake.ephemerals(undefined, "U0BOB")).toEqual([]);

    const tooMany = Array.from({ length: 51 }, () => ({ type: "divider" }));
    const error = await thrown(() => slack.chat.postMessage({ channel: "C0CLAIMS", text: "x", blocks: tooMany }));
    expect((error.data as { error: string }).error).toBe("invalid_blocks");
    const longText = [{ type: "section", text: { type: "mrkdwn", text: "x".repeat(3001) } }];
    const error2 = await thrown(() => slack.chat.postMessage({ channel: "C0CLAIMS", text: "x", blocks: longText }));
    expect((error2.data as { error: string }).error).toBe("invalid_blocks");
    expect(fake.messages("C0CLAIMS")).toEqual([]);
  });

  it("fails the next call with HTTP 500, then answers normally", async () => {
    const slack = client();
    fake.failNext("chat.postMessage", { status: 500 });
    const error = await thrown(() => slack.chat.postMessage({ channel: "C0CLAIMS", text: "first" }));
    expect(error.code).toBe(ErrorCode.HTTPError);
    expect(error.statusCode).toBe(500);
    await slack.chat.postMessage({ channel: "C0CLAIMS", text: "second" });
    expect(fake.callsTo("chat.postMessage").map((c) => c.status)).toEqual([500, 200]);
    expect(fake.messages("C0CLAIMS").map((m) => m.text)).toEqual(["second"]);
  });

  it("shows the Web API client retrying 5xx and dropped connections on its own", async () => {
    const slack = client({ retryConfig: { retries: 2, minTimeout: 10, maxTimeout: 10 } });
    fake.failNext("chat.postMessage", { status: 503 });
    fake.failNext("chat.postMessage", { drop: true });
    const res = await slack.chat.postMessage({ channel: "C0CLAIMS", text: "eventually" });
    expect(res.ok).toBe(true);
    expect(fake.callsTo("chat.postMessage").map((c) => c.status)).toEqual([503, 0, 200]);

    fake.failNext("chat.postMessage", { drop: true });
    const dropped = await thrown(() => client().chat.postMessage({ channel: "C0CLAIMS", text: "lost" }));
    expect(dropped.code).toBe(ErrorCode.RequestError);
  });

  it("answers 429 with Retry-After, which the client surfaces or honours", async () => {
    fake.failNext("chat.postMessage", { retryAfter: 7 });
    const error = await thrown(() =>
      client({ rejectRateLimitedCalls: true }).chat.postMessage({ channel: "C0CLAIMS", text: "x" }),
    );
    expect(error.code).toBe(ErrorCode.RateLimitedError);
    expect(error.retryAfter).toBe(7);
    expect(fake.callsTo("chat.postMessage")[0]?.status).toBe(429);

    fake.reset();
    fake.failNext("chat.postMessage", { retryAfter: 1 });
    const slack = client({ retryConfig: { retries: 1, minTimeout: 10, maxTimeout: 10 } });
    const waits: number[] = [];
    slack.on(WebClientEvent.RATE_LIMITED, (seconds: number) => waits.push(seconds));
    const started = Date.now();
    await slack.chat.postMessage({ channel: "C0CLAIMS", text: "paced" });
    expect(waits).toEqual([1]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(fake.callsTo("chat.postMessage").map((c) => c.status)).toEqual([429, 200]);
  });

  it("answers {ok:false, error} for an injected platform error, and 503 while down", async () => {
    const slack = client();
    fake.failNext("*", { error: "fatal_error", times: 2 });
    for (const _ of [1, 2]) {
      const error = await thrown(() => slack.auth.test());
      expect((error.data as { error: string }).error).toBe("fatal_error");
    }
    expect((await slack.auth.test()).ok).toBe(true);

    fake.setDown(true);
    const down = await thrown(() => slack.chat.postMessage({ channel: "C0CLAIMS", text: "x" }));
    expect(down.statusCode).toBe(503);
    fake.setDown(false);
    await slack.chat.postMessage({ channel: "C0CLAIMS", text: "back" });
    expect(fake.messages("C0CLAIMS").map((m) => m.text)).toEqual(["back"]);
  });

  it("opens stable DM channels and collects DMs, whether posted to the DM id or the user id", async () => {
    const slack = client();
    const first = await slack.conversations.open({ users: "U0ALICE" });
    const again = await slack.conversations.open({ users: "U0ALICE" });
    const bob = await slack.conversations.open({ users: "U0BOB" });
    expect(first.channel?.id).toMatch(/^D/);
    expect(again.channel?.id).toBe(first.channel?.id);
    expect(bob.channel?.id).not.toBe(first.channel?.id);

    await slack.chat.postMessage({ channel: first.channel?.id as string, text: "reminder 1" });
    const byUser = await slack.chat.postMessage({ channel: "U0ALICE", text: "reminder 2" });
    expect(byUser.channel).toBe(first.channel?.id);
    expect(fake.dms("U0ALICE").map((m) => m.text)).toEqual(["reminder 1", "reminder 2"]);
    expect(fake.dms("U0BOB")).toEqual([]);

    const info = await slack.conversations.info({ channel: first.channel?.id as string });
    expect(info.channel).toMatchObject({ id: first.channel?.id, is_im: true, user: "U0ALICE" });
  });

  it("answers auth.test, users.info and unknown methods like Slack", async () => {
    const slack = client();
    expect(await slack.auth.test()).toMatchObject({ ok: true, user_id: "U0KEYHOLDER", team_id: "T0KEYHOLDER" });
    const alice = await slack.users.info({ user: "U0ALICE" });
    expect(alice.user).toMatchObject({
      id: "U0ALICE",
      name: "alice",
      tz: "Europe/Paris",
      profile: { email: "alice@example.com" },
    });
    expect([3600, 7200]).toContain(alice.user?.tz_offset);
    const unknown = await thrown(() => slack.users.info({ user: "U0NOBODY" }));
    expect((unknown.data as { error: string }).error).toBe("user_not_found");
    const method = await thrown(() => slack.apiCall("reactions.add", { channel: "C1", name: "x", timestamp: "1.0" }));
    expect((method.data as { error: string }).error).toBe("unknown_method");
    expect(fake.callsTo("reactions.add")).toHaveLength(1);
  });

  it("rejects a missing or wrong token with invalid_auth", async () => {
    for (const token of ["xoxp-user-token", "xapp-app-token"]) {
      const error = await thrown(() => client({}, token).chat.postMessage({ channel: "C1", text: "x" }));
      expect((error.data as { error: string }).error).toBe("invalid_auth");
    }
    const noToken = await thrown(() => new WebClient(undefined, { slackApiUrl: fake.apiUrl }).auth.test());
    expect((noToken.data as { error: string }).error).toBe("invalid_auth");
    const botForSocket = await thrown(() => client().apps.connections.open());
    expect((botForSocket.data as { error: string }).error).toBe("invalid_auth");
    const socket = await client({}, "xapp-test").apps.connections.open();
    expect(socket.url).toBe(`${fake.baseUrl.replace("http", "ws")}/socket`);
  });

  it("accepts JSON bodies and tokens in the form body", async () => {
    const json = await fetch(`${fake.apiUrl}chat.postMessage`, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8", authorization: "Bearer xoxb-json" },
      body: JSON.stringify({ channel: "C0JSON", text: "json", blocks: [{ type: "divider" }] }),
    });
    expect(await json.json()).toMatchObject({ ok: true, channel: "C0JSON" });
    const form = await fetch(`${fake.apiUrl}auth.test`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: "xoxb-in-body" }).toString(),
    });
    expect(await form.json()).toMatchObject({ ok: true });
    expect(fake.calls.map((c) => [c.method, c.token])).toEqual([
      ["chat.postMessage", "xoxb-json"],
      ["auth.test", "xoxb-in-body"],
    ]);
    expect(fake.messages("C0JSON")[0]?.blocks).toEqual([{ type: "divider" }]);
  });

  it("opens modals only with a fresh, unused trigger_id, and updates and publishes views", async () => {
    const slack = client();
    const modal = {
      type: "modal" as const,
      callback_id: "claim",
      title: { type: "plain_text" as const, text: "Claim a client" },
      blocks: [],
    };
    const noTrigger = await thrown(() => slack.views.open({ view: modal } as never));
    expect(noTrigger.data).toMatchObject({ error: "invalid_arguments" });

    const trigger = fake.triggerId();
    const opened = await slack.views.open({ trigger_id: trigger, view: modal });
    expect(opened.view).toMatchObject({ id: expect.stringMatching(/^V/), callback_id: "claim", type: "modal" });
    expect(fake.views.opened).toHaveLength(1);
    const reused = await thrown(() => slack.views.open({ trigger_id: trigger, view: modal }));
    expect(reused.data).toMatchObject({ error: "exchanged_trigger_id" });

    const longTitle = { ...modal, title: { type: "plain_text" as const, text: "x".repeat(25) } };
    const badTitle = await thrown(() => slack.views.open({ trigger_id: fake.triggerId(), view: longTitle }));
    expect(badTitle.data).toMatchObject({ error: "invalid_arguments" });

    const viewId = opened.view?.id as string;
    const updated = await slack.views.update({ view_id: viewId, view: { ...modal, private_metadata: "claim-1" } });
    expect(updated.view).toMatchObject({ id: viewId, private_metadata: "claim-1" });
    expect(fake.views.updated).toHaveLength(1);
    const stale = await thrown(() => slack.views.update({ view_id: viewId, hash: "old", view: modal }));
    expect(stale.data).toMatchObject({ error: "hash_conflict" });

    await slack.views.publish({ user_id: "U0ALICE", view: { type: "home", blocks: [{ type: "divider" }] } });
    expect(fake.views.published.U0ALICE).toMatchObject({ type: "home", blocks: [{ type: "divider" }] });
  });

  it("records POSTs to response URLs and refuses a sixth use", async () => {
    const url = fake.responseUrl("cmd-1");
    for (let i = 1; i <= 5; i++) {
      const res = await fetch(url, { method: "POST", body: JSON.stringify({ text: `update ${i}` }) });
      expect(res.status).toBe(200);
    }
    const sixth = await fetch(url, { method: "POST", body: JSON.stringify({ text: "too many" }) });
    expect(sixth.status).toBe(404);
    expect(fake.responses("cmd-1").map((r) => r.text)).toEqual([1, 2, 3, 4, 5].map((i) => `update ${i}`));
    expect(fake.responses("other")).toEqual([]);
  });

  it("waitFor resolves when its predicate holds and times out with the recent calls", async () => {
    const slack = client();
    setTimeout(() => void slack.chat.postMessage({ channel: "C0LATER", text: "later" }), 50);
    await fake.waitFor(() => fake.messages("C0LATER").length === 1, 2_000);
    await expect(fake.waitFor(() => false, 50, "nothing")).rejects.toThrow(
      /waitFor \(nothing\) timed out after 50 ms; 1 call\(s\) recorded[\s\S]*chat\.postMessage → 200/,
    );
  });
});

describe("fake Slack Socket Mode", () => {
  it("connects a SocketModeClient, delivers a slash command and returns its ack", async () => {
    const socket = new SocketModeClient({
      appToken: "xapp-test",
      clientOptions: { slackApiUrl: fake.apiUrl },
      logLevel: LogLevel.ERROR,
    });
    const seen: unknown[] = [];
    socket.on("slash_commands", async ({ ack, body }: { ack: (r?: object) => Promise<void>; body: unknown }) => {
      seen.push(body);
      await ack({ text: "on it" });
    });
    socket.on("interactive", async ({ ack }: { ack: () => Promise<void> }) => {
      await ack();
    });
    try {
      await socket.start();
      await fake.socketConnected();
      expect(fake.socketConnections()).toBe(1);
      expect(fake.callsTo("apps.connections.open")).toMatchObject([{ token: "xapp-test", status: 200 }]);

      const command = Object.fromEntries(new URLSearchParams(slashCommand({ text: "claim Acme", userId: "U0ALICE" })));
      const { envelopeId, ack } = await fake.deliver("slash_commands", command);
      expect(ack).toEqual({ envelope_id: envelopeId, payload: { text: "on it" } });
      expect(seen).toMatchObject([{ command: "/keyaccount", text: "claim Acme", user_id: "U0ALICE" }]);

      const action = JSON.parse(
        new URLSearchParams(blockAction({ userId: "U0BOB", actionId: "vote" })).get("payload") as string,
      );
      const second = await fake.deliver("interactive", action);
      expect(second.ack).toEqual({ envelope_id: second.envelopeId, payload: {} });

      await expect(
        fake.deliver("events_api", { event: { type: "app_home_opened" } }, { timeoutMs: 200 }),
      ).rejects.toThrow(/no ack for envelope .* within 200 ms/);
    } finally {
      await socket.disconnect();
    }
    await fake.waitFor(() => fake.socketConnections() === 0, 2_000);
    await expect(fake.deliver("slash_commands", {})).rejects.toThrow(/no Socket Mode client is connected/);
  });

  it("reconnects a client after Slack's disconnect message", async () => {
    const socket = new SocketModeClient({
      appToken: "xapp-test",
      clientOptions: { slackApiUrl: fake.apiUrl },
      logLevel: LogLevel.ERROR,
      clientPingTimeout: 100,
    });
    socket.on("slash_commands", async ({ ack }: { ack: () => Promise<void> }) => ack());
    try {
      await socket.start();
      await fake.socketConnected();
      fake.disconnectSockets("refresh_requested");
      await fake.waitFor(() => fake.callsTo("apps.connections.open").length === 2, 5_000, "a reconnect");
      await fake.socketConnected();
      const { ack } = await fake.deliver("slash_commands", { text: "after reconnect" });
      expect(ack.payload).toEqual({});
    } finally {
      await socket.disconnect();
    }
  });

  it("speaks WebSocket: hello, ping → pong, clean close", async () => {
    const pongs: unknown[] = [];
    const onPong = (message: unknown) => pongs.push(message);
    const pongChannel = diagnosticsChannel("undici:websocket:pong");
    pongChannel.subscribe(onPong);
    try {
      const ws = new UndiciWebSocket(`${fake.baseUrl.replace("http", "ws")}/socket`);
      const first = await new Promise<string>((resolve, reject) => {
        ws.addEventListener("message", (e) => resolve(String(e.data)), { once: true });
        ws.addEventListener("error", () => reject(new Error("websocket error")), { once: true });
      });
      expect(JSON.parse(first)).toEqual({
        type: "hello",
        num_connections: 1,
        debug_info: expect.any(Object),
        connection_info: { app_id: "A0KEYHOLDER" },
      });
      undiciPing(ws, Buffer.from("are you there"));
      await fake.waitFor(() => pongs.length > 0, 2_000, "a pong");
      const closed = new Promise<{ code: number; wasClean: boolean }>((resolve) =>
        ws.addEventListener("close", (e) => resolve({ code: e.code, wasClean: e.wasClean }), { once: true }),
      );
      ws.close(1000);
      expect(await closed).toEqual({ code: 1000, wasClean: true });
      await fake.waitFor(() => fake.socketConnections() === 0, 2_000);
    } finally {
      pongChannel.unsubscribe(onPong);
    }
  });
});

describe("Bolt against the fake", () => {
  const secret = "test-signing-secret";

  it("over HTTP: signed command, action and view submission reach listeners; bad signatures get 401", async () => {
    const app = new App({
      signingSecret: secret,
      token: "xoxb-test",
      clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
      logLevel: LogLevel.ERROR,
    });
    app.command("/keyaccount", async ({ ack, command, client: web, respond }) => {
      await ack({ text: `Working on "${command.text}"` });
      await web.chat.postMessage({ channel: command.channel_id, text: `claim: ${command.text}` });
      await respond({ text: "posted" });
    });
    app.action("vote", async ({ ack, body }) => {
      await ack();
      const value = body.type === "block_actions" && body.actions[0]?.type === "button" ? body.actions[0].value : "";
      await app.client.chat.postEphemeral({ channel: "C0KEYHOLDER", user: body.user.id, text: `voted ${value}` });
    });
    app.view("claim", async ({ ack, view }) => {
      const name = view.state.values.client?.name?.value ?? "";
      const kind = view.state.values.kind?.pick?.selected_option?.value ?? "";
      await ack({ response_action: "errors", errors: { client: `${name}/${kind}/${view.private_metadata}` } });
    });
    const server = (await app.start(0)) as { address(): AddressInfo | string | null };
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
      await fake.waitFor(() => fake.callsTo("auth.test").length > 0, 5_000, "Bolt's auth.test at start");
      expect(fake.callsTo("auth.test")[0]?.token).toBe("xoxb-test");

      const body = slashCommand({ text: "Acme", userId: "U0ALICE", responseUrl: fake.responseUrl("c1") });
      const res = await postSigned(url, body, secret);
      expect(res.status).toBe(200);
      expect(res.json).toEqual({ text: 'Working on "Acme"' });
      await fake.waitFor(() => fake.responses("c1").length === 1);
      expect(fake.messages("C0KEYHOLDER").map((m) => m.text)).toEqual(["claim: Acme"]);
      expect(fake.responses("c1")).toEqual([{ text: "posted" }]);

      const action = await postSigned(url, blockAction({ userId: "U0BOB", actionId: "vote", value: "yes" }), secret);
      expect(action.status).toBe(200);
      await fake.waitFor(() => fake.ephemerals().length === 1);
      expect(fake.ephemerals("C0KEYHOLDER", "U0BOB")[0]?.text).toBe("voted yes");

      const submission = viewSubmission({
        userId: "U0ALICE",
        callbackId: "claim",
        privateMetadata: "m1",
        values: {
          client: { name: { type: "plain_text_input", value: "Acme" } },
          kind: { pick: { type: "static_select", selected_option: { value: "key" } } },
        },
      });
      const viewRes = await postSigned(url, submission, secret);
      expect(viewRes.json).toEqual({ response_action: "errors", errors: { client: "Acme/key/m1" } });

      const forged = await postSigned(url, body, secret, { signature: "v0=deadbeef" });
      expect(forged.status).toBe(401);
      const unsigned = await postSigned(url, body, secret, { signature: "" });
      expect(unsigned.status).toBe(401);
      const stale = await postSigned(url, body, secret, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
      expect(stale.status).toBe(401);
      expect(fake.messages("C0KEYHOLDER")).toHaveLength(1);
    } finally {
      await app.stop();
    }
  });

  it("in Socket Mode: a delivered command runs the listener and the ack carries its response", async () => {
    const app = new App({
      socketMode: true,
      appToken: "xapp-test",
      token: "xoxb-test",
      clientOptions: { slackApiUrl: fake.apiUrl },
      logLevel: LogLevel.ERROR,
    });
    app.command("/keyaccount", async ({ ack, command }) => {
      await ack({ text: `got ${command.text}` });
    });
    await app.start();
    try {
      await fake.socketConnected();
      const command = Object.fromEntries(new URLSearchParams(slashCommand({ text: "Acme", userId: "U0ALICE" })));
      const { ack } = await fake.deliver("slash_commands", command);
      expect(ack.payload).toEqual({ text: "got Acme" });
    } finally {
      await app.stop();
    }
    // Bolt's stop() resolves before the WebSocket close handshake completes.
    await fake.waitFor(() => fake.socketConnections() === 0, 2_000, "Bolt's socket closed");
  });
});

describe("signed requests", () => {
  it("signs as Slack does (checked against a hand-built HMAC and Bolt's verifier)", () => {
    const secret = "8f742231b10e8888abcd99yyyzzz85a5";
    const body = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&command=%2Fweather&text=94070";
    const timestamp = 1531420618;
    const expected = `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
    const headers = signSlackRequest(body, secret, timestamp);
    expect(headers).toEqual({ "x-slack-signature": expected, "x-slack-request-timestamp": "1531420618" });
    expect(() =>
      verifySlackRequest({
        signingSecret: secret,
        body,
        headers: { "x-slack-signature": headers["x-slack-signature"], "x-slack-request-timestamp": timestamp },
        nowMilliseconds: timestamp * 1000,
      }),
    ).not.toThrow();
    expect(signSlackRequest(body, secret)["x-slack-request-timestamp"]).toBe(String(Math.floor(Date.now() / 1000)));
  });

  it("builds slash-command, block-action and view-submission bodies with Slack's fields", () => {
    const command = Object.fromEntries(
      new URLSearchParams(slashCommand({ text: "who owns Acme", userId: "U0ALICE", triggerId: "1.2.abc" })),
    );
    expect(Object.keys(command).sort()).toEqual(
      [
        "api_app_id",
        "channel_id",
        "channel_name",
        "command",
        "is_enterprise_install",
        "response_url",
        "team_domain",
        "team_id",
        "text",
        "token",
        "trigger_id",
        "user_id",
        "user_name",
      ].sort(),
    );
    expect(command).toMatchObject({ command: "/keyaccount", text: "who owns Acme", trigger_id: "1.2.abc" });

    const action = JSON.parse(
      new URLSearchParams(
        blockAction({
          userId: "U0BOB",
          actionId: "approve",
          value: "claim-7",
          messageTs: "1.000200",
          threadTs: "1.0001",
        }),
      ).get("payload") as string,
    );
    expect(action).toMatchObject({
      type: "block_actions",
      user: { id: "U0BOB" },
      container: { type: "message", message_ts: "1.000200", channel_id: "C0KEYHOLDER", is_ephemeral: false },
      channel: { id: "C0KEYHOLDER" },
      message: { ts: "1.000200", thread_ts: "1.0001" },
      actions: [{ action_id: "approve", value: "claim-7", type: "button" }],
    });

    const view = JSON.parse(
      new URLSearchParams(
        viewSubmission({
          userId: "U0ALICE",
          callbackId: "claim",
          viewId: "V0MODAL",
          values: { when: { date: { type: "datepicker", selected_date: "2025-01-31" } } },
        }),
      ).get("payload") as string,
    );
    expect(view).toMatchObject({
      type: "view_submission",
      view: {
        id: "V0MODAL",
        callback_id: "claim",
        type: "modal",
        state: { values: { when: { date: { selected_date: "2025-01-31" } } } },
      },
    });
  });
});
