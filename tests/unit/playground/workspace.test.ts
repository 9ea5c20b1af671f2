import { describe, expect, it } from "vitest";
import {
  APP_ID,
  BOT_ID,
  BOT_USER_ID,
  type Channel,
  type Json,
  type Person,
  TEAM_ID,
  Workspace,
} from "../../../src/playground/workspace.js";

const MAYA = "U0DEMOREC1";
const OMAR = "U0DEMOMGR1";
const APPROVALS = "C0APPROVALS";
const START = Date.UTC(2026, 0, 5, 9);

const PEOPLE: Person[] = [
  { id: MAYA, name: "Maya Okafor", role: "recruiter" },
  { id: OMAR, name: "Omar Haddad", role: "manager" },
];
const CHANNELS: Channel[] = [{ id: APPROVALS, name: "key-account-approvals", kind: "channel" }];

type JsonObject = { [key: string]: Json };

/** A workspace on a clock that moves only when the test moves it. */
function setup(channels: Channel[] = CHANNELS) {
  const clock = { now: START };
  const ws = new Workspace("Test", PEOPLE, channels, () => clock.now);
  return { ws, clock };
}

/** Posts as the app and answers the new message's ts, failing the test if Slack would refuse. */
function post(ws: Workspace, args: JsonObject): string {
  const answer = ws.call("chat.postMessage", args);
  expect(answer).toMatchObject({ ok: true });
  return String(answer.ts);
}

function modalView(title: string, extra: JsonObject = {}): JsonObject {
  return {
    type: "modal",
    title: { type: "plain_text", text: title },
    blocks: [{ type: "section", text: { type: "mrkdwn", text: title } }],
    ...extra,
  };
}

const homeView = (text: string): JsonObject => ({
  type: "home",
  blocks: [{ type: "section", text: { type: "mrkdwn", text } }],
});

/** The `view` object of a views.* answer. */
function viewIn(answer: JsonObject): JsonObject {
  expect(answer).toMatchObject({ ok: true });
  const view = answer.view;
  if (!view || typeof view !== "object" || Array.isArray(view)) throw new Error("answer has no view");
  return view;
}

function openModal(ws: Workspace, userId: string, title = "Claim"): JsonObject {
  return viewIn(ws.call("views.open", { trigger_id: ws.issueTrigger(userId), view: modalView(title) }));
}

const stackOf = (ws: Workspace, userId: string) => ws.snapshot().modals[userId] ?? [];
const titles = (ws: Workspace, userId: string) =>
  stackOf(ws, userId).map((v) => (v.view.title as JsonObject | undefined)?.text);

describe("a new workspace", () => {
  it("has the app's bot user and every person with a direct-message channel named D + id", () => {
    const { ws } = setup();
    const snapshot = ws.snapshot();

    expect(snapshot.team).toEqual({ id: TEAM_ID, name: "Test" });
    expect(snapshot.bot).toEqual({ userId: BOT_USER_ID, name: "keyholder" });
    expect(snapshot.people.map((p) => p.id)).toEqual([BOT_USER_ID, MAYA, OMAR]);
    expect(ws.person(BOT_USER_ID)).toMatchObject({ role: "app" });
    expect(ws.dmChannelId(MAYA)).toBe("D0DEMOREC1");
    expect(snapshot.channels).toEqual(
      expect.arrayContaining([
        { id: APPROVALS, name: "key-account-approvals", kind: "channel" },
        { id: "D0DEMOREC1", name: "keyholder", kind: "dm", userId: MAYA },
        { id: "D0DEMOMGR1", name: "keyholder", kind: "dm", userId: OMAR },
      ]),
    );
    expect(snapshot.channels).toHaveLength(3);
    expect(snapshot.messages).toEqual([]);
    expect(snapshot.calls).toEqual([]);
    expect(snapshot.version).toBe(0);
  });

  it("gives a person added later a direct-message channel too", () => {
    const { ws } = setup();
    ws.addPerson({ id: "U0LATE", name: "Late Comer", role: "recruiter" });
    expect(ws.person("U0LATE")?.name).toBe("Late Comer");
    expect(ws.snapshot().channels).toContainEqual({ id: "D0LATE", name: "keyholder", kind: "dm", userId: "U0LATE" });
  });
});

describe("chat.postMessage", () => {
  it("posts a message by the bot in a channel and answers channel, ts and the message", () => {
    const { ws } = setup();
    const answer = ws.call("chat.postMessage", { channel: APPROVALS, text: "hi" });

    expect(answer).toEqual({
      ok: true,
      channel: APPROVALS,
      ts: (START / 1000).toFixed(6),
      message: { text: "hi", ts: (START / 1000).toFixed(6), bot_id: BOT_ID },
    });
    expect(ws.message(APPROVALS, String(answer.ts))).toEqual({
      ts: answer.ts,
      channel: APPROVALS,
      author: BOT_USER_ID,
      text: "hi",
    });
  });

  it("keeps the blocks of a message", () => {
    const { ws } = setup();
    const blocks = [{ type: "divider" }];
    const ts = post(ws, { channel: APPROVALS, text: "fallback", blocks });
    expect(ws.message(APPROVALS, ts)?.blocks).toEqual(blocks);
  });

  it("accepts blocks without text", () => {
    const { ws } = setup();
    const ts = post(ws, { channel: APPROVALS, blocks: [{ type: "divider" }] });
    expect(ws.message(APPROVALS, ts)?.text).toBe("");
  });

  it("posts to a user id in that person's direct messages with the app", () => {
    const { ws } = setup();
    const answer = ws.call("chat.postMessage", { channel: MAYA, text: "hello Maya" });
    expect(answer).toMatchObject({ ok: true, channel: "D0DEMOREC1" });
    expect(ws.message("D0DEMOREC1", String(answer.ts))?.text).toBe("hello Maya");
  });

  it("refuses an unknown or missing channel with channel_not_found", () => {
    const { ws } = setup();
    expect(ws.call("chat.postMessage", { channel: "C0NOPE", text: "hi" })).toEqual({
      ok: false,
      error: "channel_not_found",
    });
    expect(ws.call("chat.postMessage", { text: "hi" })).toEqual({ ok: false, error: "channel_not_found" });
    expect(ws.snapshot().messages).toEqual([]);
  });

  it("replies in the thread of an existing message", () => {
    const { ws } = setup();
    const parent = post(ws, { channel: APPROVALS, text: "parent" });
    const reply = post(ws, { channel: APPROVALS, text: "reply", thread_ts: parent });
    expect(ws.message(APPROVALS, reply)).toMatchObject({ text: "reply", threadTs: parent });
    expect(ws.message(APPROVALS, parent)?.threadTs).toBeUndefined();
  });

  it("refuses a thread_ts that is no message of that channel with thread_not_found", () => {
    const { ws } = setup();
    const elsewhere = post(ws, { channel: MAYA, text: "in the DM" });
    expect(ws.call("chat.postMessage", { channel: APPROVALS, text: "x", thread_ts: "1.000000" })).toEqual({
      ok: false,
      error: "thread_not_found",
    });
    expect(ws.call("chat.postMessage", { channel: APPROVALS, text: "x", thread_ts: elsewhere })).toEqual({
      ok: false,
      error: "thread_not_found",
    });
  });

  it("refuses to thread under an ephemeral message", () => {
    const { ws } = setup();
    const ephemeral = ws.call("chat.postEphemeral", { channel: APPROVALS, user: MAYA, text: "only you" });
    expect(
      ws.call("chat.postMessage", { channel: APPROVALS, text: "x", thread_ts: String(ephemeral.message_ts) }),
    ).toEqual({ ok: false, error: "thread_not_found" });
  });

  it("refuses a message with neither text nor blocks with no_text", () => {
    const { ws } = setup();
    expect(ws.call("chat.postMessage", { channel: APPROVALS })).toEqual({ ok: false, error: "no_text" });
    expect(ws.call("chat.postMessage", { channel: APPROVALS, text: "" })).toEqual({ ok: false, error: "no_text" });
    expect(ws.call("chat.postMessage", { channel: APPROVALS, text: "", blocks: null })).toEqual({
      ok: false,
      error: "no_text",
    });
  });

  it("refuses blocks that are not an array with invalid_blocks", () => {
    const { ws } = setup();
    expect(ws.call("chat.postMessage", { channel: APPROVALS, text: "hi", blocks: { type: "divider" } })).toEqual({
      ok: false,
      error: "invalid_blocks",
    });
    expect(ws.call("chat.postMessage", { channel: APPROVALS, text: "hi", blocks: "[]x" })).toEqual({
      ok: false,
      error: "invalid_blocks",
    });
  });

  it("gives strictly increasing ts in Slack's seconds.micros form even when the clock stands still", () => {
    const { ws } = setup();
    const stamps = [1, 2, 3, 4].map((n) => post(ws, { channel: APPROVALS, text: `m${n}` }));

    for (const ts of stamps) expect(ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(stamps).toEqual(["1767603600.000000", "1767603600.000001", "1767603600.000002", "1767603600.000003"]);
    expect(new Set(stamps).size).toBe(stamps.length);
  });

  it("follows the clock when it moves on", () => {
    const { ws, clock } = setup();
    post(ws, { channel: APPROVALS, text: "first" });
    clock.now += 2_500;
    expect(post(ws, { channel: APPROVALS, text: "later" })).toBe("1767603602.500000");
  });
});

describe("chat.update", () => {
  it("replaces the text and blocks of the app's message and marks it edited", () => {
    const { ws } = setup();
    const ts = post(ws, { channel: APPROVALS, text: "old", blocks: [{ type: "divider" }] });
    const blocks = [{ type: "section", text: { type: "mrkdwn", text: "new" } }];

    expect(ws.call("chat.update", { channel: APPROVALS, ts, text: "new", blocks })).toEqual({
      ok: true,
      channel: APPROVALS,
      ts,
      text: "new",
    });
    expect(ws.message(APPROVALS, ts)).toMatchObject({ text: "new", blocks, edited: true });
  });

  it("keeps the previous blocks when only text is given, as Slack does", () => {
    const { ws } = setup();
    const blocks = [{ type: "divider" }];
    const ts = post(ws, { channel: APPROVALS, text: "old", blocks });
    ws.call("chat.update", { channel: APPROVALS, ts, text: "new" });
    expect(ws.message(APPROVALS, ts)).toMatchObject({ text: "new", blocks, edited: true });
  });

  it("updates a message in a DM addressed by user id", () => {
    const { ws } = setup();
    const ts = post(ws, { channel: MAYA, text: "old" });
    expect(ws.call("chat.update", { channel: MAYA, ts, text: "new" })).toMatchObject({
      ok: true,
      channel: "D0DEMOREC1",
    });
    expect(ws.message("D0DEMOREC1", ts)?.text).toBe("new");
  });

  it("refuses an unknown ts with message_not_found", () => {
    const { ws } = setup();
    post(ws, { channel: APPROVALS, text: "old" });
    expect(ws.call("chat.update", { channel: APPROVALS, ts: "1.000000", text: "new" })).toEqual({
      ok: false,
      error: "message_not_found",
    });
  });

  it("cannot update an ephemeral message", () => {
    const { ws } = setup();
    const answer = ws.call("chat.postEphemeral", { channel: APPROVALS, user: MAYA, text: "only you" });
    expect(ws.call("chat.update", { channel: APPROVALS, ts: String(answer.message_ts), text: "new" })).toEqual({
      ok: false,
      error: "message_not_found",
    });
  });

  it("refuses to update a person's message with cant_update_message", () => {
    const { ws } = setup();
    const message = ws.postAsPerson(MAYA, APPROVALS, "mine");
    expect(ws.call("chat.update", { channel: APPROVALS, ts: message.ts, text: "changed" })).toEqual({
      ok: false,
      error: "cant_update_message",
    });
    expect(ws.message(APPROVALS, message.ts)).toMatchObject({ text: "mine" });
    expect(ws.message(APPROVALS, message.ts)?.edited).toBeUndefined();
  });

  it("refuses an update with neither text nor blocks with no_text and leaves the message alone", () => {
    const { ws } = setup();
    const ts = post(ws, { channel: APPROVALS, text: "old" });
    expect(ws.call("chat.update", { channel: APPROVALS, ts })).toEqual({ ok: false, error: "no_text" });
    expect(ws.message(APPROVALS, ts)?.text).toBe("old");
  });
});

describe("chat.postEphemeral", () => {
  it("posts a message only the given person sees and answers its message_ts", () => {
    const { ws } = setup();
    const answer = ws.call("chat.postEphemeral", {
      channel: APPROVALS,
      user: MAYA,
      text: "only you",
      blocks: [{ type: "divider" }],
    });

    expect(answer).toEqual({ ok: true, message_ts: (START / 1000).toFixed(6) });
    expect(ws.message(APPROVALS, String(answer.message_ts))).toEqual({
      ts: answer.message_ts,
      channel: APPROVALS,
      author: BOT_USER_ID,
      text: "only you",
      blocks: [{ type: "divider" }],
      ephemeralTo: MAYA,
    });
  });

  it("can post in a thread", () => {
    const { ws } = setup();
    const parent = post(ws, { channel: APPROVALS, text: "parent" });
    const answer = ws.call("chat.postEphemeral", { channel: APPROVALS, user: MAYA, text: "x", thread_ts: parent });
    expect(ws.message(APPROVALS, String(answer.message_ts))?.threadTs).toBe(parent);
  });

  it("refuses an unknown user with user_not_found", () => {
    const { ws } = setup();
    expect(ws.call("chat.postEphemeral", { channel: APPROVALS, user: "U0NOBODY", text: "x" })).toEqual({
      ok: false,
      error: "user_not_found",
    });
    expect(ws.snapshot().messages).toEqual([]);
  });

  it("refuses an unknown channel with channel_not_found", () => {
    const { ws } = setup();
    expect(ws.call("chat.postEphemeral", { channel: "C0NOPE", user: MAYA, text: "x" })).toEqual({
      ok: false,
      error: "channel_not_found",
    });
  });
});

describe("chat.delete", () => {
  it("removes the message and answers channel and ts", () => {
    const { ws } = setup();
    const keep = post(ws, { channel: APPROVALS, text: "keep" });
    const gone = post(ws, { channel: APPROVALS, text: "gone" });

    expect(ws.call("chat.delete", { channel: APPROVALS, ts: gone })).toEqual({
      ok: true,
      channel: APPROVALS,
      ts: gone,
    });
    expect(ws.message(APPROVALS, gone)).toBeUndefined();
    expect(ws.message(APPROVALS, keep)?.text).toBe("keep");
  });

  it("refuses a message that is not there with message_not_found", () => {
    const { ws } = setup();
    const ts = post(ws, { channel: APPROVALS, text: "once" });
    ws.call("chat.delete", { channel: APPROVALS, ts });
    expect(ws.call("chat.delete", { channel: APPROVALS, ts })).toEqual({ ok: false, error: "message_not_found" });
  });
});

describe("chat.getPermalink", () => {
  it("answers a playground link /#<channel>/<ts>", () => {
    const { ws } = setup();
    const ts = post(ws, { channel: APPROVALS, text: "hi" });
    expect(ws.call("chat.getPermalink", { channel: APPROVALS, message_ts: ts })).toEqual({
      ok: true,
      channel: APPROVALS,
      permalink: `/#${APPROVALS}/${ts}`,
    });
  });

  it("refuses an unknown message with message_not_found", () => {
    const { ws } = setup();
    expect(ws.call("chat.getPermalink", { channel: APPROVALS, message_ts: "1.000000" })).toEqual({
      ok: false,
      error: "message_not_found",
    });
  });
});

describe("conversations.open", () => {
  it("answers the person's direct-message channel for one user", () => {
    const { ws } = setup();
    expect(ws.call("conversations.open", { users: OMAR })).toEqual({
      ok: true,
      channel: { id: "D0DEMOMGR1", is_im: true, user: OMAR },
    });
  });

  it("refuses no user, an unknown user, or several users with user_not_found", () => {
    const { ws } = setup();
    const refused: JsonObject[] = [{}, { users: "" }, { users: "U0NOBODY" }, { users: `${MAYA},${OMAR}` }];
    for (const args of refused) {
      expect(ws.call("conversations.open", args)).toEqual({ ok: false, error: "user_not_found" });
    }
  });
});

describe("users.info", () => {
  it("answers the person's names, and is_bot for the app", () => {
    const { ws } = setup();
    expect(ws.call("users.info", { user: MAYA })).toEqual({
      ok: true,
      user: {
        id: MAYA,
        team_id: TEAM_ID,
        name: "maya.okafor",
        real_name: "Maya Okafor",
        is_bot: false,
        tz: "UTC",
        profile: { real_name: "Maya Okafor", display_name: "Maya Okafor" },
      },
    });
    expect(ws.call("users.info", { user: BOT_USER_ID })).toMatchObject({ ok: true, user: { is_bot: true } });
  });

  it("refuses an unknown user with user_not_found", () => {
    const { ws } = setup();
    expect(ws.call("users.info", { user: "U0NOBODY" })).toEqual({ ok: false, error: "user_not_found" });
  });
});

describe("auth.test and unknown methods", () => {
  it("auth.test answers the team, the bot user and the bot id", () => {
    const { ws } = setup();
    expect(ws.call("auth.test", {})).toEqual({
      ok: true,
      url: "http://localhost/",
      team: "Test",
      team_id: TEAM_ID,
      user: "keyholder",
      user_id: BOT_USER_ID,
      bot_id: BOT_ID,
    });
  });

  it("answers unknown_method for a method it does not imitate, and logs it", () => {
    const { ws } = setup();
    expect(ws.call("reactions.add", { channel: APPROVALS, name: "tada" })).toEqual({
      ok: false,
      error: "unknown_method",
    });
    expect(ws.snapshot().calls.at(-1)).toMatchObject({ method: "reactions.add", ok: false, error: "unknown_method" });
  });
});

describe("views.open", () => {
  it("opens a modal for the person the trigger was issued for", () => {
    const { ws } = setup();
    const view = openModal(ws, MAYA, "Claim");

    expect(view).toMatchObject({
      type: "modal",
      title: { type: "plain_text", text: "Claim" },
      team_id: TEAM_ID,
      app_id: APP_ID,
      bot_id: BOT_ID,
      state: { values: {} },
    });
    expect(String(view.id)).toMatch(/^V[0-9A-F]{10}$/);
    expect(typeof view.hash).toBe("string");
    const stack = stackOf(ws, MAYA);
    expect(stack).toHaveLength(1);
    expect(stack[0]).toMatchObject({ id: view.id, userId: MAYA, hash: view.hash });
    expect(ws.modal(String(view.id))?.userId).toBe(MAYA);
    expect(ws.snapshot().modals[OMAR]).toBeUndefined();
  });

  it("refuses a trigger used twice with invalid_trigger_id", () => {
    const { ws } = setup();
    const trigger_id = ws.issueTrigger(MAYA);
    viewIn(ws.call("views.open", { trigger_id, view: modalView("One") }));
    expect(ws.call("views.open", { trigger_id, view: modalView("Two") })).toEqual({
      ok: false,
      error: "invalid_trigger_id",
    });
    expect(titles(ws, MAYA)).toEqual(["One"]);
  });

  it("refuses a made-up or missing trigger with invalid_trigger_id", () => {
    const { ws } = setup();
    expect(ws.call("views.open", { trigger_id: "1.2.abc", view: modalView("X") })).toEqual({
      ok: false,
      error: "invalid_trigger_id",
    });
    expect(ws.call("views.open", { view: modalView("X") })).toEqual({ ok: false, error: "invalid_trigger_id" });
  });

  it("accepts a trigger for three seconds and refuses it later with expired_trigger_id", () => {
    const { ws, clock } = setup();
    const fresh = ws.issueTrigger(MAYA);
    const stale = ws.issueTrigger(MAYA);
    clock.now += 3_000;
    viewIn(ws.call("views.open", { trigger_id: fresh, view: modalView("In time") }));
    clock.now += 1;
    expect(ws.call("views.open", { trigger_id: stale, view: modalView("Too late") })).toEqual({
      ok: false,
      error: "expired_trigger_id",
    });
    expect(titles(ws, MAYA)).toEqual(["In time"]);
  });

  it("refuses a view without blocks, or no view, with invalid_arguments", () => {
    const { ws } = setup();
    expect(
      ws.call("views.open", {
        trigger_id: ws.issueTrigger(MAYA),
        view: { type: "modal", title: { type: "plain_text", text: "X" } },
      }),
    ).toEqual({ ok: false, error: "invalid_arguments" });
    expect(ws.call("views.open", { trigger_id: ws.issueTrigger(MAYA) })).toEqual({
      ok: false,
      error: "invalid_arguments",
    });
    expect(ws.call("views.open", { trigger_id: ws.issueTrigger(MAYA), view: [] })).toEqual({
      ok: false,
      error: "invalid_arguments",
    });
    expect(stackOf(ws, MAYA)).toEqual([]);
  });
});

describe("views.push", () => {
  it("stacks up to three views and then refuses with push_limit_reached", () => {
    const { ws } = setup();
    openModal(ws, MAYA, "One");
    viewIn(ws.call("views.push", { trigger_id: ws.issueTrigger(MAYA), view: modalView("Two") }));
    viewIn(ws.call("views.push", { trigger_id: ws.issueTrigger(MAYA), view: modalView("Three") }));

    expect(ws.call("views.push", { trigger_id: ws.issueTrigger(MAYA), view: modalView("Four") })).toEqual({
      ok: false,
      error: "push_limit_reached",
    });
    expect(titles(ws, MAYA)).toEqual(["One", "Two", "Three"]);
  });

  it("refuses to push when the person has no modal open with not_found", () => {
    const { ws } = setup();
    expect(ws.call("views.push", { trigger_id: ws.issueTrigger(MAYA), view: modalView("Two") })).toEqual({
      ok: false,
      error: "not_found",
    });
  });
});

describe("views.update", () => {
  it("replaces the view by view_id, keeping the id and changing the hash", () => {
    const { ws } = setup();
    const opened = openModal(ws, MAYA, "Before");
    const updated = viewIn(ws.call("views.update", { view_id: opened.id ?? null, view: modalView("After") }));

    expect(updated.id).toBe(opened.id);
    expect(updated.hash).not.toBe(opened.hash);
    expect(updated.title).toEqual({ type: "plain_text", text: "After" });
    expect(titles(ws, MAYA)).toEqual(["After"]);
    expect(ws.modal(String(opened.id))?.hash).toBe(updated.hash);
  });

  it("accepts the current hash and refuses a stale one with hash_conflict", () => {
    const { ws } = setup();
    const opened = openModal(ws, MAYA, "Before");
    const id = opened.id ?? null;
    viewIn(ws.call("views.update", { view_id: id, hash: opened.hash ?? null, view: modalView("Middle") }));

    expect(ws.call("views.update", { view_id: id, hash: opened.hash ?? null, view: modalView("After") })).toEqual({
      ok: false,
      error: "hash_conflict",
    });
    expect(titles(ws, MAYA)).toEqual(["Middle"]);
  });

  it("updates a view lower in the stack in place", () => {
    const { ws } = setup();
    const first = openModal(ws, MAYA, "One");
    ws.call("views.push", { trigger_id: ws.issueTrigger(MAYA), view: modalView("Two") });
    viewIn(ws.call("views.update", { view_id: first.id ?? null, view: modalView("One again") }));
    expect(titles(ws, MAYA)).toEqual(["One again", "Two"]);
  });

  it("refuses an unknown view_id with not_found", () => {
    const { ws } = setup();
    expect(ws.call("views.update", { view_id: "V0NOPE", view: modalView("X") })).toEqual({
      ok: false,
      error: "not_found",
    });
  });
});

describe("views.publish", () => {
  it("publishes a home tab for the person, keeping its id on republishing", () => {
    const { ws } = setup();
    const first = viewIn(ws.call("views.publish", { user_id: MAYA, view: homeView("Hello") }));

    expect(first).toMatchObject({ type: "home", team_id: TEAM_ID, app_id: APP_ID });
    expect(ws.home(MAYA)).toMatchObject({ id: first.id, userId: MAYA, view: homeView("Hello") });
    expect(ws.home(OMAR)).toBeUndefined();

    const second = viewIn(ws.call("views.publish", { user_id: MAYA, view: homeView("Again") }));
    expect(second.id).toBe(first.id);
    expect(ws.home(MAYA)?.view).toEqual(homeView("Again"));
    expect(ws.snapshot().homes).toEqual({ [MAYA]: ws.home(MAYA) });
  });

  it("refuses a view that is not of type home with invalid_arguments", () => {
    const { ws } = setup();
    expect(ws.call("views.publish", { user_id: MAYA, view: modalView("Not home") })).toEqual({
      ok: false,
      error: "invalid_arguments",
    });
    expect(ws.home(MAYA)).toBeUndefined();
  });

  it("refuses an unknown user with user_not_found", () => {
    const { ws } = setup();
    expect(ws.call("views.publish", { user_id: "U0NOBODY", view: homeView("x") })).toEqual({
      ok: false,
      error: "user_not_found",
    });
  });
});

describe("the call log, version and listeners", () => {
  it("logs every call with its outcome, a summary and the time", () => {
    const { ws } = setup();
    ws.call("chat.postMessage", { channel: APPROVALS, text: "hi" });
    ws.call("chat.postMessage", { channel: "C0NOPE", text: "lost" });
    ws.call("chat.postEphemeral", { channel: APPROVALS, user: MAYA, text: "psst" });
    ws.call("views.open", { trigger_id: ws.issueTrigger(MAYA), view: modalView("Claim") });
    ws.call("views.publish", { user_id: MAYA, view: homeView("x") });

    expect(ws.snapshot().calls).toEqual([
      {
        seq: 1,
        at: "2026-01-05T09:00:00.000Z",
        method: "chat.postMessage",
        ok: true,
        summary: `${APPROVALS}: hi`,
      },
      {
        seq: 2,
        at: "2026-01-05T09:00:00.000Z",
        method: "chat.postMessage",
        ok: false,
        error: "channel_not_found",
        summary: "C0NOPE: lost",
      },
      expect.objectContaining({
        seq: 3,
        method: "chat.postEphemeral",
        ok: true,
        summary: `${APPROVALS} to ${MAYA}: psst`,
      }),
      expect.objectContaining({ seq: 4, method: "views.open", ok: true, summary: "modal “Claim”" }),
      expect.objectContaining({ seq: 5, method: "views.publish", ok: true, summary: `App Home of ${MAYA}` }),
    ]);
  });

  it("shortens long texts in the summary", () => {
    const { ws } = setup();
    ws.call("chat.postMessage", { channel: APPROVALS, text: "x".repeat(200) });
    expect(ws.snapshot().calls[0]?.summary).toBe(`${APPROVALS}: ${"x".repeat(79)}…`);
  });

  it("keeps only the latest 200 calls", () => {
    const { ws } = setup();
    for (let i = 1; i <= 205; i += 1) ws.call("auth.test", {});
    const calls = ws.snapshot().calls;
    expect(calls).toHaveLength(200);
    expect(calls[0]?.seq).toBe(6);
    expect(calls.at(-1)?.seq).toBe(205);
  });

  it("raises the version and tells the listeners on every call, failed ones too, until unsubscribed", () => {
    const { ws } = setup();
    let heard = 0;
    const stop = ws.onChange(() => {
      heard += 1;
    });

    ws.call("auth.test", {});
    ws.call("chat.postMessage", { channel: "C0NOPE", text: "x" });
    expect(ws.version).toBe(2);
    expect(ws.snapshot().version).toBe(2);
    expect(heard).toBe(2);

    stop();
    ws.postAsPerson(MAYA, APPROVALS, "hi");
    expect(ws.version).toBe(3);
    expect(heard).toBe(2);
  });
});

describe("respond (response URLs)", () => {
  it("posts a new ephemeral message for the person by default", () => {
    const { ws } = setup();
    const token = ws.issueResponseToken({ userId: MAYA, channel: APPROVALS });

    expect(ws.respond(token, { text: "only you" })).toEqual({ status: 200, body: "ok" });
    expect(ws.snapshot().messages).toEqual([
      { ts: (START / 1000).toFixed(6), channel: APPROVALS, author: BOT_USER_ID, text: "only you", ephemeralTo: MAYA },
    ]);
    expect(ws.snapshot().calls.at(-1)).toMatchObject({
      method: "response_url",
      ok: true,
      summary: "ephemeral: only you",
    });
  });

  it("posts a message everyone sees with response_type in_channel", () => {
    const { ws } = setup();
    const token = ws.issueResponseToken({ userId: MAYA, channel: APPROVALS });
    ws.respond(token, { response_type: "in_channel", text: "for all", blocks: [{ type: "divider" }] });

    const [message] = ws.snapshot().messages;
    expect(message).toMatchObject({ text: "for all", blocks: [{ type: "divider" }] });
    expect(message?.ephemeralTo).toBeUndefined();
  });

  it("posts the new message in the thread of the clicked message", () => {
    const { ws } = setup();
    const parent = post(ws, { channel: APPROVALS, text: "parent" });
    const clicked = post(ws, { channel: APPROVALS, text: "clicked", thread_ts: parent });
    const token = ws.issueResponseToken({ userId: MAYA, channel: APPROVALS, messageTs: clicked });
    ws.respond(token, { text: "answer" });
    expect(ws.snapshot().messages.at(-1)).toMatchObject({ text: "answer", threadTs: parent, ephemeralTo: MAYA });
  });

  it("replaces the clicked message, text and blocks, with replace_original", () => {
    const { ws } = setup();
    const ts = post(ws, { channel: APPROVALS, text: "old", blocks: [{ type: "divider" }] });
    const token = ws.issueResponseToken({ userId: MAYA, channel: APPROVALS, messageTs: ts });
    const blocks = [{ type: "section", text: { type: "mrkdwn", text: "new" } }];

    expect(ws.respond(token, { replace_original: true, text: "new", blocks })).toEqual({ status: 200, body: "ok" });
    expect(ws.snapshot().messages).toHaveLength(1);
    expect(ws.message(APPROVALS, ts)).toMatchObject({ text: "new", blocks, edited: true });
  });

  it("drops the old blocks when the replacement has only text", () => {
    const { ws } = setup();
    const ts = post(ws, { channel: APPROVALS, text: "old", blocks: [{ type: "divider" }] });
    const token = ws.issueResponseToken({ userId: MAYA, channel: APPROVALS, messageTs: ts });
    ws.respond(token, { replace_original: true, text: "plain" });
    expect(ws.message(APPROVALS, ts)?.text).toBe("plain");
    expect(ws.message(APPROVALS, ts)?.blocks).toBeUndefined();
  });

  it("replaces an ephemeral original without marking it edited", () => {
    const { ws } = setup();
    const answer = ws.call("chat.postEphemeral", { channel: APPROVALS, user: MAYA, text: "pick one" });
    const ts = String(answer.message_ts);
    const token = ws.issueResponseToken({ userId: MAYA, channel: APPROVALS, messageTs: ts });
    ws.respond(token, { replace_original: true, text: "picked" });
    expect(ws.message(APPROVALS, ts)).toMatchObject({ text: "picked", ephemeralTo: MAYA, edited: false });
  });

  it("deletes the clicked message with delete_original", () => {
    const { ws } = setup();
    const keep = post(ws, { channel: APPROVALS, text: "keep" });
    const ts = post(ws, { channel: APPROVALS, text: "doomed" });
    const token = ws.issueResponseToken({ userId: MAYA, channel: APPROVALS, messageTs: ts });

    expect(ws.respond(token, { delete_original: true })).toEqual({ status: 200, body: "ok" });
    expect(ws.message(APPROVALS, ts)).toBeUndefined();
    expect(ws.message(APPROVALS, keep)?.text).toBe("keep");
    expect(ws.snapshot().calls.at(-1)).toMatchObject({
      method: "response_url",
      summary: "deleted the original message",
    });
  });

  it("accepts a token five times and answers 404 used_url on the sixth", () => {
    const { ws } = setup();
    const token = ws.issueResponseToken({ userId: MAYA, channel: APPROVALS });
    for (let use = 1; use <= 5; use += 1) {
      expect(ws.respond(token, { text: `use ${use}` })).toEqual({ status: 200, body: "ok" });
    }
    expect(ws.respond(token, { text: "use 6" })).toEqual({ status: 404, body: "used_url" });
    expect(ws.snapshot().messages).toHaveLength(5);
  });

  it("accepts a token for thirty minutes and answers 404 expired_url after", () => {
    const { ws, clock } = setup();
    const token = ws.issueResponseToken({ userId: MAYA, channel: APPROVALS });
    clock.now += 30 * 60_000;
    expect(ws.respond(token, { text: "just in time" }).status).toBe(200);
    clock.now += 1;
    expect(ws.respond(token, { text: "too late" })).toEqual({ status: 404, body: "expired_url" });
    expect(ws.snapshot().messages.map((m) => m.text)).toEqual(["just in time"]);
  });

  it("answers 404 to a token it never issued", () => {
    const { ws } = setup();
    expect(ws.respond("deadbeef", { text: "x" }).status).toBe(404);
    expect(ws.snapshot().messages).toEqual([]);
  });

  it("answers 400 no_text to a body with neither text nor blocks, changing nothing", () => {
    const { ws } = setup();
    const ts = post(ws, { channel: APPROVALS, text: "old" });
    const token = ws.issueResponseToken({ userId: MAYA, channel: APPROVALS, messageTs: ts });
    const version = ws.version;

    expect(ws.respond(token, { response_type: "in_channel" })).toEqual({ status: 400, body: "no_text" });
    expect(ws.respond(token, { replace_original: true, text: "" })).toEqual({ status: 400, body: "no_text" });
    expect(ws.snapshot().messages).toEqual([{ ts, channel: APPROVALS, author: BOT_USER_ID, text: "old" }]);
    expect(ws.version).toBe(version);
  });
});

describe("afterSubmission and closeModal", () => {
  function stackOfThree(ws: Workspace) {
    const one = openModal(ws, MAYA, "One");
    const two = viewIn(ws.call("views.push", { trigger_id: ws.issueTrigger(MAYA), view: modalView("Two") }));
    return { one: String(one.id), two: String(two.id) };
  }

  it("closes the submitted view when the app only acknowledges", () => {
    const { ws } = setup();
    const { two } = stackOfThree(ws);
    ws.afterSubmission(two, undefined);
    expect(titles(ws, MAYA)).toEqual(["One"]);
    expect(ws.modal(two)).toBeUndefined();
  });

  it("keeps the view open with the errors by block id for response_action errors", () => {
    const { ws } = setup();
    const { two } = stackOfThree(ws);
    ws.afterSubmission(two, { response_action: "errors", errors: { b: "msg", reason: "Too short" } });
    expect(titles(ws, MAYA)).toEqual(["One", "Two"]);
    expect(ws.modal(two)?.errors).toEqual({ b: "msg", reason: "Too short" });
  });

  it("replaces the view keeping its id for response_action update", () => {
    const { ws } = setup();
    const { two } = stackOfThree(ws);
    const before = ws.modal(two)?.hash;
    ws.afterSubmission(two, { response_action: "update", view: modalView("Two, updated") });
    expect(titles(ws, MAYA)).toEqual(["One", "Two, updated"]);
    expect(ws.modal(two)).toMatchObject({ id: two, userId: MAYA });
    expect(ws.modal(two)?.hash).not.toBe(before);
  });

  it("adds a view on top for response_action push", () => {
    const { ws } = setup();
    const one = String(openModal(ws, MAYA, "One").id);
    ws.afterSubmission(one, { response_action: "push", view: modalView("Next") });
    const stack = stackOf(ws, MAYA);
    expect(titles(ws, MAYA)).toEqual(["One", "Next"]);
    expect(stack[1]?.id).not.toBe(one);
    expect(stack[1]?.userId).toBe(MAYA);
  });

  it("closes every view of the person for response_action clear", () => {
    const { ws } = setup();
    const { two } = stackOfThree(ws);
    openModal(ws, OMAR, "Omar's");
    ws.afterSubmission(two, { response_action: "clear" });
    expect(ws.snapshot().modals[MAYA]).toBeUndefined();
    expect(titles(ws, OMAR)).toEqual(["Omar's"]);
  });

  it("ignores a submission of a view that is not open", () => {
    const { ws } = setup();
    stackOfThree(ws);
    const version = ws.version;
    ws.afterSubmission("V0GONE", undefined);
    expect(titles(ws, MAYA)).toEqual(["One", "Two"]);
    expect(ws.version).toBe(version);
  });

  it("closeModal removes that view of the person and tells the listeners", () => {
    const { ws } = setup();
    const { two } = stackOfThree(ws);
    let heard = 0;
    ws.onChange(() => {
      heard += 1;
    });
    ws.closeModal(MAYA, two);
    expect(titles(ws, MAYA)).toEqual(["One"]);
    expect(ws.modal(two)).toBeUndefined();
    expect(heard).toBe(1);
  });
});

describe("messages from people and from Slack", () => {
  it("postAsPerson adds the person's message, in a DM when given a user id, and in a thread if asked", () => {
    const { ws } = setup();
    const parent = ws.postAsPerson(MAYA, APPROVALS, "question");
    const reply = ws.postAsPerson(OMAR, APPROVALS, "answer", parent.ts);
    const dm = ws.postAsPerson(MAYA, MAYA, "note to self");

    expect(parent).toEqual({ ts: parent.ts, channel: APPROVALS, author: MAYA, text: "question" });
    expect(reply).toMatchObject({ author: OMAR, threadTs: parent.ts });
    expect(dm.channel).toBe("D0DEMOREC1");
    expect(ws.snapshot().messages).toEqual([parent, reply, dm]);
    expect(Number(reply.ts)).toBeGreaterThan(Number(parent.ts));
  });

  it("postAsPerson throws for an unknown channel", () => {
    const { ws } = setup();
    expect(() => ws.postAsPerson(MAYA, "C0NOPE", "hi")).toThrow("channel_not_found");
  });

  it("notify shows the person an ephemeral note from Slackbot", () => {
    const { ws } = setup();
    ws.notify(MAYA, APPROVALS, "/keyaccount failed");
    expect(ws.snapshot().messages).toEqual([
      {
        ts: (START / 1000).toFixed(6),
        channel: APPROVALS,
        author: "USLACKBOT",
        text: "/keyaccount failed",
        ephemeralTo: MAYA,
      },
    ]);
    expect(ws.snapshot().calls).toEqual([]);
  });

  it("dismiss removes only that person's ephemeral message", () => {
    const { ws } = setup();
    const visible = post(ws, { channel: APPROVALS, text: "everyone" });
    const mine = String(ws.call("chat.postEphemeral", { channel: APPROVALS, user: MAYA, text: "mine" }).message_ts);
    const omars = String(ws.call("chat.postEphemeral", { channel: APPROVALS, user: OMAR, text: "omar's" }).message_ts);

    ws.dismiss(OMAR, APPROVALS, mine);
    ws.dismiss(MAYA, APPROVALS, visible);
    ws.dismiss(MAYA, APPROVALS, omars);
    expect(ws.snapshot().messages.map((m) => m.text)).toEqual(["everyone", "mine", "omar's"]);

    ws.dismiss(MAYA, APPROVALS, mine);
    expect(ws.snapshot().messages.map((m) => m.text)).toEqual(["everyone", "omar's"]);
  });
});

describe("saved and restore", () => {
  /** What start.ts does: through JSON, into a fresh workspace. */
  function roundTrip(from: Workspace, channels: Channel[] = CHANNELS) {
    const clock = { now: START };
    const ws = new Workspace("Test", PEOPLE, channels, () => clock.now);
    ws.restore(JSON.parse(JSON.stringify(from.saved())));
    return { ws, clock };
  }

  it("carries messages and home tabs over, but not modals", () => {
    const { ws: old } = setup();
    const ts = post(old, { channel: APPROVALS, text: "kept", blocks: [{ type: "divider" }] });
    const dm = post(old, { channel: MAYA, text: "in the DM" });
    const home = viewIn(old.call("views.publish", { user_id: MAYA, view: homeView("Home") }));
    openModal(old, MAYA);

    const { ws } = roundTrip(old);
    expect(ws.snapshot().messages).toEqual(old.snapshot().messages);
    expect(ws.message(APPROVALS, ts)?.blocks).toEqual([{ type: "divider" }]);
    expect(ws.message("D0DEMOREC1", dm)?.text).toBe("in the DM");
    expect(ws.home(MAYA)).toMatchObject({ id: home.id, view: homeView("Home") });
    expect(ws.snapshot().modals).toEqual({});
  });

  it("drops messages of channels the new workspace does not know", () => {
    const gone: Channel = { id: "C0GONE", name: "gone", kind: "channel" };
    const { ws: old } = setup([...CHANNELS, gone]);
    post(old, { channel: APPROVALS, text: "kept" });
    post(old, { channel: "C0GONE", text: "dropped" });

    const { ws } = roundTrip(old);
    expect(ws.snapshot().messages.map((m) => m.text)).toEqual(["kept"]);
  });

  it("continues the ts after the restored ones even on the same clock", () => {
    const { ws: old } = setup();
    const stamps = [1, 2, 3].map((n) => post(old, { channel: APPROVALS, text: `m${n}` }));
    const last = stamps.at(-1) ?? "";

    const { ws } = roundTrip(old);
    const next = post(ws, { channel: APPROVALS, text: "after restart" });
    expect(Number(next)).toBeGreaterThan(Number(last));
    expect(next).toBe("1767603600.000003");
    expect(post(ws, { channel: APPROVALS, text: "again" })).toBe("1767603600.000004");
  });

  it("restores an empty save to an empty workspace", () => {
    const { ws } = setup();
    ws.restore({});
    expect(ws.snapshot().messages).toEqual([]);
    expect(ws.snapshot().homes).toEqual({});
  });
});

describe("answers Slack refuses, refused here too", () => {
  it("keeps a modal open when the app's submission answer cannot be applied", () => {
    const { ws } = setup();
    const view = viewIn(ws.call("views.open", { trigger_id: ws.issueTrigger(MAYA), view: modalView("Claim") }));
    const id = String(view.id);
    ws.afterSubmission(id, { response_action: "errors" });
    ws.afterSubmission(id, { response_action: "update" });
    ws.afterSubmission(id, { response_action: "sideways" });
    expect(ws.modal(id)?.view.title).toEqual({ type: "plain_text", text: "Claim" });
  });

  it("pushes no fourth view from a submission answer", () => {
    const { ws } = setup();
    const first = viewIn(ws.call("views.open", { trigger_id: ws.issueTrigger(MAYA), view: modalView("One") }));
    ws.call("views.push", { trigger_id: ws.issueTrigger(MAYA), view: modalView("Two") });
    ws.call("views.push", { trigger_id: ws.issueTrigger(MAYA), view: modalView("Three") });
    ws.afterSubmission(String(first.id), { response_action: "push", view: modalView("Four") });
    expect(ws.snapshot().modals[MAYA]).toHaveLength(3);
  });

  it("does not spend a response URL on a post it refuses, nor post when there is nothing to delete", () => {
    const { ws } = setup();
    const token = ws.issueResponseToken({ userId: MAYA, channel: APPROVALS });
    for (let i = 0; i < 5; i++) expect(ws.respond(token, {}).status).toBe(400);
    expect(ws.respond(token, { delete_original: true, text: "bye" })).toEqual({
      status: 404,
      body: "message_not_found",
    });
    expect(ws.respond(token, { text: "still usable" }).status).toBe(200);
    expect(ws.snapshot().messages.map((m) => m.text)).toEqual(["still usable"]);
  });

  it("opens no direct message with the app itself", () => {
    const { ws } = setup();
    expect(ws.call("conversations.open", { users: BOT_USER_ID })).toEqual({ ok: false, error: "user_not_found" });
  });

  it("drops a person's modal stack once its last view closes", () => {
    const { ws } = setup();
    const view = viewIn(ws.call("views.open", { trigger_id: ws.issueTrigger(MAYA), view: modalView("Claim") }));
    ws.closeModal(MAYA, String(view.id));
    expect(ws.snapshot().modals).toEqual({});
  });

  it("continues after the newest restored message even when the save has no clock mark", () => {
    const { ws } = setup();
    const ts = post(ws, { channel: APPROVALS, text: "before" });
    const { messages, homes } = JSON.parse(JSON.stringify(ws.saved()));
    const { ws: again } = setup();
    again.restore({ messages, homes });
    const next = post(again, { channel: APPROVALS, text: "after" });
    expect(Number(next)).toBeGreaterThan(Number(ts));
  });
});
