import { randomBytes } from "node:crypto";
import type { ApiCall, Channel, Json, Message, Person, View, WorkspaceSnapshot } from "./web/protocol.js";

/**
 * The playground's Slack workspace, in memory: people, channels, messages (threads and
 * ephemeral ones), open modals and App Home tabs. The app changes it only through
 * Slack's Web API methods (`call`) and response URLs (`respond`), exactly as it
 * changes a real workspace; the browser reads it through `snapshot`.
 */

export const TEAM_ID = "T0PLAYGROUND";
export const APP_ID = "A0KEYHOLDER";
export const BOT_USER_ID = "U0KEYHOLDER";
export const BOT_ID = "B0KEYHOLDER";

export type { ApiCall, Channel, Json, Message, Person, View, WorkspaceSnapshot } from "./web/protocol.js";

type Args = Record<string, Json>;

/** Where a response URL posts: the channel and person it was issued for, and the message clicked, if any. */
export interface ResponseTarget {
  userId: string;
  channel: string;
  messageTs?: string;
}

/** What a Web API method answers with when it fails: Slack's `{ ok: false, error }`. */
export class SlackApiError extends Error {
  constructor(readonly error: string) {
    super(error);
  }
}

const TRIGGER_LIFETIME_MS = 3_000;
const RESPONSE_URL_USES = 5;
const RESPONSE_URL_LIFETIME_MS = 30 * 60_000;
const MODAL_STACK_LIMIT = 3;
const CALL_LOG_LIMIT = 200;

const str = (value: Json | undefined): string | undefined => (typeof value === "string" ? value : undefined);

function required(args: Args, name: string): string {
  const value = str(args[name]);
  if (!value) throw new SlackApiError(name === "channel" ? "channel_not_found" : "invalid_arguments");
  return value;
}

function blocksOf(args: Args): Json[] | undefined {
  const blocks = args.blocks;
  if (blocks === undefined || blocks === null || blocks === "") return undefined;
  if (!Array.isArray(blocks)) throw new SlackApiError("invalid_blocks");
  return blocks;
}

function viewOf(args: Args): { [key: string]: Json } {
  const view = args.view;
  if (!view || typeof view !== "object" || Array.isArray(view)) throw new SlackApiError("invalid_arguments");
  if (!Array.isArray(view.blocks)) throw new SlackApiError("invalid_arguments");
  return view;
}

function messageText(args: Args): string {
  const text = str(args.text) ?? "";
  if (!text && !blocksOf(args)) throw new SlackApiError("no_text");
  return text;
}

/** A line of message text for the call log: Slack's three escapes undone, cut to `n` characters. */
const shorten = (s: string, n = 80) => {
  const plain = s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
  return plain.length > n ? `${plain.slice(0, n - 1)}…` : plain;
};

export class Workspace {
  version = 0;
  /** The page's address, which permalinks point into (`<base>/#<channel>/<ts>`). */
  permalinkBase = "";
  private readonly people = new Map<string, Person>();
  private readonly channels = new Map<string, Channel>();
  private messages: Message[] = [];
  private readonly modals = new Map<string, View[]>();
  private readonly homes = new Map<string, View>();
  private readonly calls: ApiCall[] = [];
  private readonly triggers = new Map<string, { userId: string; expires: number }>();
  private readonly responseUrls = new Map<string, ResponseTarget & { uses: number; expires: number }>();
  private readonly listeners = new Set<() => void>();
  private lastTs = 0;
  private callSeq = 0;

  constructor(
    readonly teamName: string,
    people: Person[],
    channels: Channel[],
    private readonly now: () => number = Date.now,
  ) {
    this.people.set(BOT_USER_ID, { id: BOT_USER_ID, name: "keyholder", role: "app" });
    for (const person of people) this.addPerson(person);
    for (const channel of channels) this.channels.set(channel.id, channel);
  }

  addPerson(person: Person): void {
    this.people.set(person.id, person);
    const dm = this.dmChannelId(person.id);
    if (!this.channels.has(dm)) this.channels.set(dm, { id: dm, name: "keyholder", kind: "dm", userId: person.id });
  }

  person(id: string): Person | undefined {
    return this.people.get(id);
  }

  channel(id: string): Channel | undefined {
    return this.channels.get(id);
  }

  /** The direct-message channel between the app and a person. */
  dmChannelId(userId: string): string {
    return `D${userId.replace(/^U/, "")}`;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    this.version += 1;
    for (const listener of this.listeners) listener();
  }

  /** A message timestamp as Slack makes them: seconds with six decimals, unique and increasing. */
  private nextTs(): string {
    const micros = Math.max(this.now() * 1000, this.lastTs + 1);
    this.lastTs = micros;
    return (micros / 1e6).toFixed(6);
  }

  /** A trigger id for one interaction of one person, valid for three seconds as in Slack. */
  issueTrigger(userId: string): string {
    this.forgetExpired();
    const id = `${Math.floor(this.now() / 1000)}.${Math.floor(Math.random() * 1e10)}.${randomBytes(16).toString("hex")}`;
    this.triggers.set(id, { userId, expires: this.now() + TRIGGER_LIFETIME_MS });
    return id;
  }

  /** A response URL token for one interaction; `respond` accepts it five times within thirty minutes. */
  issueResponseToken(target: ResponseTarget): string {
    this.forgetExpired();
    const token = randomBytes(12).toString("hex");
    this.responseUrls.set(token, { ...target, uses: 0, expires: this.now() + RESPONSE_URL_LIFETIME_MS });
    return token;
  }

  /** Drops triggers and response URLs that can no longer be used, so a long session does not grow. */
  private forgetExpired(): void {
    const now = this.now();
    // Expired triggers are kept a minute more, so a late views.open still hears "expired_trigger_id".
    for (const [id, trigger] of this.triggers) if (trigger.expires + 60_000 < now) this.triggers.delete(id);
    for (const [token, target] of this.responseUrls) {
      if (target.expires < now || target.uses >= RESPONSE_URL_USES) this.responseUrls.delete(token);
    }
  }

  private channelFor(id: string): Channel {
    // Posting to a person's id posts in their direct messages with the app, as in Slack.
    const channelId = this.people.has(id) ? this.dmChannelId(id) : id;
    const channel = this.channels.get(channelId);
    if (!channel) throw new SlackApiError("channel_not_found");
    return channel;
  }

  /** A new message from the app; with `ephemeralTo`, seen by that person alone. */
  private post(channel: string, text: string, blocks?: Json[], threadTs?: string, ephemeralTo?: string): Message {
    const message: Message = { ts: this.nextTs(), channel, author: BOT_USER_ID, text };
    if (blocks) message.blocks = blocks;
    if (threadTs) message.threadTs = threadTs;
    if (ephemeralTo) message.ephemeralTo = ephemeralTo;
    this.messages.push(message);
    return message;
  }

  private useTrigger(args: Args): string {
    const trigger = this.triggers.get(str(args.trigger_id) ?? "");
    if (!trigger) throw new SlackApiError("invalid_trigger_id");
    this.triggers.delete(str(args.trigger_id) ?? "");
    if (trigger.expires < this.now()) throw new SlackApiError("expired_trigger_id");
    return trigger.userId;
  }

  private newView(userId: string, view: { [key: string]: Json }, id?: string): View {
    return {
      id: id ?? `V${randomBytes(5).toString("hex").toUpperCase()}`,
      userId,
      hash: `${this.now()}.${randomBytes(4).toString("hex")}`,
      view,
    };
  }

  private viewJson(view: View): { [key: string]: Json } {
    return {
      ...view.view,
      id: view.id,
      team_id: TEAM_ID,
      app_id: APP_ID,
      bot_id: BOT_ID,
      hash: view.hash,
      state: { values: {} },
    };
  }

  private findModal(viewId: string): { stack: View[]; index: number } | undefined {
    for (const stack of this.modals.values()) {
      const index = stack.findIndex((v) => v.id === viewId);
      if (index >= 0) return { stack, index };
    }
    return undefined;
  }

  private readonly methods: Record<string, (args: Args) => { [key: string]: Json }> = {
    "auth.test": () => ({
      url: "http://localhost/",
      team: this.teamName,
      team_id: TEAM_ID,
      user: "keyholder",
      user_id: BOT_USER_ID,
      bot_id: BOT_ID,
    }),
    "chat.postMessage": (args) => {
      const channel = this.channelFor(required(args, "channel"));
      const text = messageText(args);
      const threadTs = str(args.thread_ts);
      if (threadTs && !this.messages.some((m) => m.channel === channel.id && m.ts === threadTs && !m.ephemeralTo)) {
        throw new SlackApiError("thread_not_found");
      }
      const message = this.post(channel.id, text, blocksOf(args), threadTs);
      return { channel: channel.id, ts: message.ts, message: { text, ts: message.ts, bot_id: BOT_ID } };
    },
    "chat.update": (args) => {
      const channel = this.channelFor(required(args, "channel"));
      const ts = required(args, "ts");
      const message = this.messages.find((m) => m.channel === channel.id && m.ts === ts && !m.ephemeralTo);
      if (!message) throw new SlackApiError("message_not_found");
      if (message.author !== BOT_USER_ID) throw new SlackApiError("cant_update_message");
      message.text = messageText(args);
      const blocks = blocksOf(args);
      if (blocks) message.blocks = blocks;
      message.edited = true;
      return { channel: channel.id, ts, text: message.text };
    },
    "chat.delete": (args) => {
      const channel = this.channelFor(required(args, "channel"));
      const ts = required(args, "ts");
      const before = this.messages.length;
      this.messages = this.messages.filter((m) => !(m.channel === channel.id && m.ts === ts && !m.ephemeralTo));
      if (this.messages.length === before) throw new SlackApiError("message_not_found");
      return { channel: channel.id, ts };
    },
    "chat.postEphemeral": (args) => {
      const channel = this.channelFor(required(args, "channel"));
      const user = required(args, "user");
      if (!this.people.has(user)) throw new SlackApiError("user_not_found");
      const message = this.post(channel.id, messageText(args), blocksOf(args), str(args.thread_ts), user);
      return { message_ts: message.ts };
    },
    "chat.getPermalink": (args) => {
      const channel = this.channelFor(required(args, "channel"));
      const ts = required(args, "message_ts");
      if (!this.messages.some((m) => m.channel === channel.id && m.ts === ts))
        throw new SlackApiError("message_not_found");
      return { channel: channel.id, permalink: `${this.permalinkBase}/#${channel.id}/${ts}` };
    },
    "conversations.open": (args) => {
      const users = (str(args.users) ?? "").split(",").filter(Boolean);
      const only = users[0];
      if (
        users.length !== 1 ||
        !only ||
        (this.people.get(only)?.role !== "recruiter" && this.people.get(only)?.role !== "manager")
      ) {
        throw new SlackApiError("user_not_found");
      }
      return { channel: { id: this.dmChannelId(only), is_im: true, user: only } };
    },
    "users.info": (args) => {
      const person = this.people.get(required(args, "user"));
      if (!person) throw new SlackApiError("user_not_found");
      return {
        user: {
          id: person.id,
          team_id: TEAM_ID,
          name: person.name.toLowerCase().replace(/\s+/g, "."),
          real_name: person.name,
          is_bot: person.role === "app",
          tz: "UTC",
          profile: { real_name: person.name, display_name: person.name },
        },
      };
    },
    "views.open": (args) => {
      const userId = this.useTrigger(args);
      const view = this.newView(userId, viewOf(args));
      this.modals.set(userId, [view]);
      return { view: this.viewJson(view) };
    },
    "views.push": (args) => {
      const userId = this.useTrigger(args);
      const stack = this.modals.get(userId) ?? [];
      if (stack.length === 0) throw new SlackApiError("not_found");
      if (stack.length >= MODAL_STACK_LIMIT) throw new SlackApiError("push_limit_reached");
      const view = this.newView(userId, viewOf(args));
      stack.push(view);
      return { view: this.viewJson(view) };
    },
    "views.update": (args) => {
      const found = this.findModal(required(args, "view_id"));
      const current = found?.stack[found.index];
      if (!found || !current) throw new SlackApiError("not_found");
      const hash = str(args.hash);
      if (hash && hash !== current.hash) throw new SlackApiError("hash_conflict");
      const view = this.newView(current.userId, viewOf(args), current.id);
      found.stack[found.index] = view;
      return { view: this.viewJson(view) };
    },
    "views.publish": (args) => {
      const userId = required(args, "user_id");
      if (!this.people.has(userId)) throw new SlackApiError("user_not_found");
      const view = viewOf(args);
      if (view.type !== "home") throw new SlackApiError("invalid_arguments");
      const published = this.newView(userId, view, this.homes.get(userId)?.id);
      this.homes.set(userId, published);
      return { view: this.viewJson(published) };
    },
  };

  /** Serves one Web API call; the answer is Slack's JSON, `ok` included. */
  call(method: string, args: Args): { [key: string]: Json } {
    const handler = this.methods[method];
    let answer: { [key: string]: Json };
    try {
      if (!handler) throw new SlackApiError("unknown_method");
      answer = { ok: true, ...handler(args) };
    } catch (error) {
      if (!(error instanceof SlackApiError)) throw error;
      answer = { ok: false, error: error.error };
    }
    this.log(method, answer, summarise(method, args));
    this.changed();
    return answer;
  }

  private log(method: string, answer: { [key: string]: Json }, summary: string): void {
    this.callSeq += 1;
    const entry: ApiCall = {
      seq: this.callSeq,
      at: new Date(this.now()).toISOString(),
      method,
      ok: answer.ok === true,
      summary,
    };
    if (answer.ok !== true) entry.error = String(answer.error);
    this.calls.push(entry);
    if (this.calls.length > CALL_LOG_LIMIT) this.calls.shift();
  }

  /**
   * A post to a response URL: a new ephemeral (or in-channel) message, or, with
   * `replace_original` / `delete_original`, a change to the message that was clicked.
   */
  respond(token: string, body: { [key: string]: Json }): { status: number; body: string } {
    const target = this.responseUrls.get(token);
    if (!target || target.expires < this.now()) return { status: 404, body: "expired_url" };
    if (target.uses >= RESPONSE_URL_USES) return { status: 404, body: "used_url" };
    const original = target.messageTs
      ? this.messages.find((m) => m.channel === target.channel && m.ts === target.messageTs)
      : undefined;
    const text = str(body.text) ?? "";
    const blocks = Array.isArray(body.blocks) ? body.blocks : undefined;
    if (body.delete_original === true && !original) return { status: 404, body: "message_not_found" };
    if (body.delete_original !== true && !text && !blocks) return { status: 400, body: "no_text" };
    target.uses += 1;
    let summary: string;
    if (body.delete_original === true && original) {
      this.messages = this.messages.filter((m) => m !== original);
      summary = "deleted the original message";
    } else {
      if (body.replace_original === true && original) {
        original.text = text;
        if (blocks) original.blocks = blocks;
        else delete original.blocks;
        original.edited = !original.ephemeralTo;
        summary = `replaced the original message: ${shorten(text)}`;
      } else {
        const ephemeralTo = body.response_type === "in_channel" ? undefined : target.userId;
        const threadTs = str(body.thread_ts) ?? original?.threadTs;
        const message = this.post(target.channel, text, blocks, threadTs, ephemeralTo);
        summary = `${message.ephemeralTo ? "ephemeral" : "in channel"}: ${shorten(text)}`;
      }
    }
    this.log("response_url", { ok: true }, summary);
    this.changed();
    return { status: 200, body: "ok" };
  }

  /** A message a person typed into a channel (anything but a slash command). */
  postAsPerson(userId: string, channelId: string, text: string, threadTs?: string): Message {
    const channel = this.channelFor(channelId);
    const message: Message = { ts: this.nextTs(), channel: channel.id, author: userId, text };
    if (threadTs) message.threadTs = threadTs;
    this.messages.push(message);
    this.changed();
    return message;
  }

  /** Shows a person an ephemeral note from Slack itself, e.g. that a command failed. */
  notify(userId: string, channelId: string, text: string): void {
    const channel = this.channelFor(channelId);
    this.messages.push({ ts: this.nextTs(), channel: channel.id, author: "USLACKBOT", text, ephemeralTo: userId });
    this.changed();
  }

  /** Removes an ephemeral message, as its "Dismiss" link does in Slack. */
  dismiss(userId: string, channelId: string, ts: string): void {
    this.messages = this.messages.filter((m) => !(m.channel === channelId && m.ts === ts && m.ephemeralTo === userId));
    this.changed();
  }

  message(channelId: string, ts: string): Message | undefined {
    return this.messages.find((m) => m.channel === channelId && m.ts === ts);
  }

  modal(viewId: string): View | undefined {
    const found = this.findModal(viewId);
    return found?.stack[found.index];
  }

  home(userId: string): View | undefined {
    return this.homes.get(userId);
  }

  homeById(viewId: string): View | undefined {
    return [...this.homes.values()].find((v) => v.id === viewId);
  }

  /** The app's answer to a submission: close the top view, close all, replace it, push one, or show errors. */
  afterSubmission(viewId: string, answer: { [key: string]: Json } | undefined): void {
    const found = this.findModal(viewId);
    if (!found) return;
    const current = found.stack[found.index];
    if (!current) return;
    const action = str(answer?.response_action);
    const next = answer?.view && typeof answer.view === "object" && !Array.isArray(answer.view) ? answer.view : null;
    const errors =
      answer?.errors && typeof answer.errors === "object" && !Array.isArray(answer.errors) ? answer.errors : null;
    if (action === undefined) {
      found.stack.splice(found.index, 1);
      if (found.stack.length === 0) this.modals.delete(current.userId);
    } else if (action === "errors" && errors) {
      current.errors = Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, String(v)]));
    } else if (action === "update" && next) {
      found.stack[found.index] = this.newView(current.userId, next, current.id);
    } else if (action === "push" && next && found.stack.length < MODAL_STACK_LIMIT) {
      found.stack.push(this.newView(current.userId, next));
    } else if (action === "clear") {
      this.modals.delete(current.userId);
    } else {
      // Slack refuses an answer it cannot apply and leaves the modal as it was.
      return;
    }
    this.changed();
  }

  /** The person closed the top modal with Cancel or ×. */
  closeModal(userId: string, viewId: string): void {
    const stack = this.modals.get(userId);
    if (!stack) return;
    const rest = stack.filter((v) => v.id !== viewId);
    if (rest.length === stack.length) return;
    if (rest.length === 0) this.modals.delete(userId);
    else this.modals.set(userId, rest);
    this.changed();
  }

  snapshot(): WorkspaceSnapshot {
    return {
      version: this.version,
      team: { id: TEAM_ID, name: this.teamName },
      bot: { userId: BOT_USER_ID, name: "keyholder" },
      people: [...this.people.values()],
      channels: [...this.channels.values()],
      messages: this.messages,
      modals: Object.fromEntries(this.modals),
      homes: Object.fromEntries(this.homes),
      calls: this.calls,
    };
  }

  /** What is kept between starts: the messages and home tabs (modals and triggers are momentary). */
  saved(): { messages: Message[]; homes: Record<string, View>; lastTs: number } {
    return { messages: this.messages, homes: Object.fromEntries(this.homes), lastTs: this.lastTs };
  }

  restore(saved: { messages?: Message[]; homes?: Record<string, View>; lastTs?: number }): void {
    const known = (m: Message) => this.channels.has(m.channel);
    this.messages = (saved.messages ?? []).filter(known);
    for (const [userId, view] of Object.entries(saved.homes ?? {})) this.homes.set(userId, view);
    const newest = Math.max(0, ...this.messages.map((m) => Math.round(Number(m.ts) * 1e6)));
    this.lastTs = Math.max(this.lastTs, saved.lastTs ?? 0, newest);
    this.changed();
  }
}

function summarise(method: string, args: Args): string {
  const text = str(args.text);
  const view = args.view && typeof args.view === "object" && !Array.isArray(args.view) ? args.view : undefined;
  const title = view?.title && typeof view.title === "object" && !Array.isArray(view.title) ? str(view.title.text) : "";
  switch (method) {
    case "chat.postMessage":
      return `${str(args.channel)}${args.thread_ts ? " (thread)" : ""}: ${shorten(text ?? "")}`;
    case "chat.update":
      return `${str(args.channel)} ${str(args.ts)}: ${shorten(text ?? "")}`;
    case "chat.postEphemeral":
      return `${str(args.channel)} to ${str(args.user)}: ${shorten(text ?? "")}`;
    case "views.open":
    case "views.push":
    case "views.update":
      return `modal “${title ?? ""}”`;
    case "views.publish":
      return `App Home of ${str(args.user_id)}`;
    case "users.info":
      return str(args.user) ?? "";
    case "conversations.open":
      return str(args.users) ?? "";
    default:
      return "";
  }
}
