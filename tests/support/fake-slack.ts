/**
 * A fake of Slack's Web API and Socket Mode, served over real HTTP and WebSocket on 127.0.0.1.
 *
 * Point `@slack/bolt` at it with `clientOptions: { slackApiUrl: fake.apiUrl }` (the same option reaches the
 * Socket Mode client's `apps.connections.open`), or a child process through whatever setting the app maps onto
 * that option. Everything the app sends is recorded in `calls`, and the fake keeps the state Slack would keep
 * (messages, threads, edits, ephemerals, DMs, views) so a test can assert on what a user would see.
 *
 * The WebSocket server is written here over Node's `upgrade` event (RFC 6455: handshake, masked client frames,
 * fragmentation, ping/pong, close handshake): the `ws` package is not installed (it is only a dev dependency of
 * `@slack/socket-mode`, whose client uses undici's WebSocket).
 *
 * Stop Socket Mode clients (or the Bolt app) before `close()`: a client that loses its connection reconnects
 * through `apps.connections.open`, which fails once the fake is gone.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";

// biome-ignore lint/suspicious/noExplicitAny: Slack payloads are arbitrary JSON; tests read them freely.
type Json = any;

export interface FakeUser {
  name: string;
  email?: string;
  /** IANA zone; Slack's default for a user without one is America/Los_Angeles. */
  tz?: string;
}

export interface FakeSlackOptions {
  /** The bot's user id, answered by `auth.test` and set as `user` on posted messages. Default `U0KEYHOLDER`. */
  botUserId?: string;
  /** Users known to `users.info`, keyed by user id. */
  users?: Record<string, FakeUser>;
  /** How often the fake pings each Socket Mode client, as Slack does. Default 10 000 ms; 0 turns it off. */
  socketPingIntervalMs?: number;
}

export interface RecordedCall {
  method: string;
  /** The parsed body (form or JSON), JSON-encoded fields such as `blocks` and `view` decoded; `token` removed. */
  args: Record<string, Json>;
  /** From `Authorization: Bearer …`, else the body's `token` field. */
  token: string | undefined;
  at: number;
  /** HTTP status answered; 0 while in flight or when the connection was dropped. */
  status: number;
}

export interface FakeMessage {
  ts: string;
  channel: string;
  text: string;
  blocks: Json[];
  thread_ts?: string;
  /** The bot user id. */
  user: string;
  /** Thread replies in order (empty on replies themselves). */
  replies: FakeMessage[];
  /** How many times `chat.update` changed this message. */
  edits: number;
  attachments?: Json[];
  metadata?: Json;
}

export interface FakeEphemeral {
  channel: string;
  user: string;
  text: string;
  blocks: Json[];
  at: number;
  message_ts: string;
  thread_ts?: string;
}

export interface FailureSpec {
  /** HTTP status to answer (500, 503, 429 …). */
  status?: number;
  /** How many consecutive calls fail. Default 1. */
  times?: number;
  /** Seconds for the `Retry-After` header; implies status 429 when `status` is not given. */
  retryAfter?: number;
  /** Answer HTTP 200 `{ ok: false, error }` (ignored when `status` or `retryAfter` is given). */
  error?: string;
  /** Destroy the connection without answering. */
  drop?: boolean;
}

export type EnvelopeType = "slash_commands" | "interactive" | "events_api";

export interface DeliverOptions {
  /** Default 5 000 ms. */
  timeoutMs?: number;
  /** Default 0. */
  retryAttempt?: number;
  /** Default "". */
  retryReason?: string;
  /** Default true. */
  acceptsResponsePayload?: boolean;
}

export interface SocketAck {
  envelope_id: string;
  payload?: Json;
}

export interface FakeViews {
  /** Views returned by `views.open`, in order. */
  opened: Json[];
  /** Views returned by `views.update`, in order. */
  updated: Json[];
  /** Views returned by `views.push`, in order. */
  pushed: Json[];
  /** The latest Home tab per user id (`views.publish`). */
  published: Record<string, Json>;
}

export interface FakeSlack {
  /** e.g. "http://127.0.0.1:PORT/api/": give to Bolt as `clientOptions.slackApiUrl`. */
  apiUrl: string;
  /** "http://127.0.0.1:PORT". */
  baseUrl: string;
  botUserId: string;
  teamId: string;
  appId: string;
  /** Every Web API call in order, including failed and unknown ones. */
  calls: RecordedCall[];
  callsTo(method: string): RecordedCall[];
  /** Top-level messages in a channel (or a user id, for that user's DM), in order, as they are now. */
  messages(channel: string): FakeMessage[];
  /** The replies in the thread of the message `ts` (the parent itself excluded). */
  thread(channel: string, ts: string): FakeMessage[];
  ephemerals(channel?: string, user?: string): FakeEphemeral[];
  /** Top-level messages in the DM channel of `user` (opened through `conversations.open` or posted to the user id). */
  dms(user: string): FakeMessage[];
  /** The DM channel id the fake gives `user` (stable until `reset()`). */
  dmChannel(user: string): string;
  views: FakeViews;
  /** A trigger id that `views.open`/`views.push` accept once, within 3 s of this call (as Slack's do). */
  triggerId(): string;
  /** A response URL served by the fake (`/response/<id>`); it accepts 5 POSTs, as Slack's do. */
  responseUrl(id: string): string;
  /** The JSON bodies POSTed to `responseUrl(id)`, in order. */
  responses(id: string): Json[];
  /**
   * The next `times` calls to `method` fail as described. `method` may be "*" (any Web API method) or
   * "response_url" (POSTs to response URLs).
   */
  failNext(method: string, failure: FailureSpec): void;
  /** While down, every Web API method and response URL answers HTTP 503. */
  setDown(down: boolean): void;
  /** Polls every 10 ms until `predicate()` is true; rejects after `timeoutMs` (default 5 000) with the recent calls. */
  waitFor(predicate: () => boolean, timeoutMs?: number, description?: string): Promise<void>;
  /** Clears calls, messages, ephemerals, DMs, views, responses, failures and the down flag; keeps users and sockets. */
  reset(): void;
  /** Closes Socket Mode connections and the HTTP server. */
  close(): Promise<void>;

  /** Waits until a Socket Mode client has connected and been sent `hello` (default timeout 5 000 ms). */
  socketConnected(timeoutMs?: number): Promise<void>;
  /** Number of Socket Mode connections whose TCP connection is still up (closing ones included). */
  socketConnections(): number;
  /** Sends an envelope to the most recently connected client and resolves with its ack (`{ envelope_id, payload? }`). */
  deliver(
    type: EnvelopeType,
    payload: object,
    options?: DeliverOptions,
  ): Promise<{ envelopeId: string; ack: SocketAck }>;
  /**
   * Ends every Socket Mode connection: "refresh_requested" sends Slack's `{type:"disconnect"}` message (the client
   * closes and reconnects); "drop" destroys the TCP connections without a close frame.
   */
  disconnectSockets(how?: "refresh_requested" | "drop"): void;
}

const TEAM_ID = "T0KEYHOLDER";
const TEAM_DOMAIN = "keyholder-test";
const APP_ID = "A0KEYHOLDER";
const BOT_ID = "B0KEYHOLDER";
const WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
const TRIGGER_TTL_MS = 3_000;
const RESPONSE_URL_USES = 5;

/** Form fields never JSON-decoded even when they look like JSON. */
const PLAIN_FIELDS = new Set(["text", "markdown_text", "title", "initial_comment", "thread_ts", "ts", "channel"]);

class Failure extends Error {
  constructor(
    readonly error: string,
    readonly messages: string[] = [],
  ) {
    super(error);
  }
}

function decodeField(key: string, value: string): Json {
  if (PLAIN_FIELDS.has(key)) return value;
  const first = value.trimStart()[0];
  if (first === "{" || first === "[") {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  return value;
}

function parseArgs(contentType: string | undefined, raw: string, query: URLSearchParams): Record<string, Json> {
  const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  const out: Record<string, Json> = {};
  for (const [k, v] of query) out[k] = decodeField(k, v);
  if (raw.length === 0) return out;
  if (type === "application/json") {
    const parsed: unknown = JSON.parse(raw);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) Object.assign(out, parsed);
    return out;
  }
  if (type.startsWith("multipart/")) {
    out.__multipart = true;
    return out;
  }
  for (const [k, v] of new URLSearchParams(raw)) out[k] = decodeField(k, v);
  return out;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function tzOffsetSeconds(tz: string, at = new Date()): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: tz,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 1000);
}

function textLength(element: Json): number {
  return typeof element?.text === "string" ? element.text.length : 0;
}

/** The block limits Slack enforces that the app could plausibly exceed (see docs/RELIABILITY.md). */
function checkBlocks(blocks: Json, max: number, errorCode: string): void {
  if (blocks === undefined) return;
  if (!Array.isArray(blocks)) throw new Failure(errorCode, ["[ERROR] blocks must be an array [json-pointer:/blocks]"]);
  if (blocks.length > max) {
    throw new Failure(errorCode, [`[ERROR] no more than ${max} items allowed [json-pointer:/blocks]`]);
  }
  blocks.forEach((block: Json, i: number) => {
    if (!block || typeof block.type !== "string") {
      throw new Failure(errorCode, [`[ERROR] missing required field: type [json-pointer:/blocks/${i}]`]);
    }
    if (block.type === "section") {
      if (textLength(block.text) > 3000) {
        throw new Failure(errorCode, [
          `[ERROR] must be less than 3001 characters [json-pointer:/blocks/${i}/text/text]`,
        ]);
      }
      if (Array.isArray(block.fields) && block.fields.length > 10) {
        throw new Failure(errorCode, [`[ERROR] no more than 10 items allowed [json-pointer:/blocks/${i}/fields]`]);
      }
    }
    if (block.type === "header" && textLength(block.text) > 150) {
      throw new Failure(errorCode, [`[ERROR] must be less than 151 characters [json-pointer:/blocks/${i}/text/text]`]);
    }
    if (block.type === "actions" && Array.isArray(block.elements) && block.elements.length > 25) {
      throw new Failure(errorCode, [`[ERROR] no more than 25 items allowed [json-pointer:/blocks/${i}/elements]`]);
    }
  });
}

function checkView(view: Json): void {
  if (!view || typeof view !== "object")
    throw new Failure("invalid_arguments", ["[ERROR] missing required field: view"]);
  if (typeof view.type !== "string") {
    throw new Failure("invalid_arguments", ["[ERROR] missing required field: type [json-pointer:/view/type]"]);
  }
  if (view.type === "modal") {
    if (textLength(view.title) === 0) {
      throw new Failure("invalid_arguments", ["[ERROR] missing required field: title [json-pointer:/view/title]"]);
    }
    if (textLength(view.title) > 24) {
      throw new Failure("invalid_arguments", [
        "[ERROR] must be less than 25 characters [json-pointer:/view/title/text]",
      ]);
    }
    for (const key of ["submit", "close"] as const) {
      if (textLength(view[key]) > 24) {
        throw new Failure("invalid_arguments", [
          `[ERROR] must be less than 25 characters [json-pointer:/view/${key}/text]`,
        ]);
      }
    }
  }
  if (typeof view.private_metadata === "string" && view.private_metadata.length > 3000) {
    throw new Failure("invalid_arguments", [
      "[ERROR] must be less than 3001 characters [json-pointer:/view/private_metadata]",
    ]);
  }
  if (typeof view.callback_id === "string" && view.callback_id.length > 255) {
    throw new Failure("invalid_arguments", [
      "[ERROR] must be less than 256 characters [json-pointer:/view/callback_id]",
    ]);
  }
  try {
    checkBlocks(view.blocks ?? [], 100, "invalid_arguments");
  } catch (e) {
    if (e instanceof Failure) {
      throw new Failure(
        e.error,
        e.messages.map((m) => m.replace("json-pointer:/blocks", "json-pointer:/view/blocks")),
      );
    }
    throw e;
  }
}

/** One server-side WebSocket connection (RFC 6455), enough for Slack's Socket Mode. */
class WsConnection {
  private buffer: Buffer = Buffer.alloc(0);
  private fragments: Buffer[] = [];
  private fragmentOpcode = 0;
  private closeSent = false;
  private ended = false;
  private markEnded: () => void = () => {};
  /** Resolves when the TCP connection is gone. */
  readonly gone = new Promise<void>((resolve) => {
    this.markEnded = resolve;
  });
  hello = false;
  lastPongAt = 0;

  constructor(
    private readonly socket: Duplex,
    head: Buffer,
    private readonly onText: (text: string) => void,
    private readonly onEnd: () => void,
  ) {
    socket.on("data", (chunk: Buffer) => this.receive(chunk));
    socket.on("close", () => this.finish());
    socket.on("error", () => this.finish());
    if (head.length > 0) this.receive(head);
  }

  /** Usable: connected and no close frame sent or received. */
  get open(): boolean {
    return !this.ended && !this.closeSent && !this.socket.destroyed;
  }

  get alive(): boolean {
    return !this.ended;
  }

  sendText(text: string): void {
    this.sendFrame(0x1, Buffer.from(text, "utf8"));
  }

  ping(data = "ping"): void {
    this.sendFrame(0x9, Buffer.from(data, "utf8"));
  }

  /** Starts the close handshake; the socket is destroyed when the peer answers, or after 1 s. */
  close(code = 1000): void {
    if (this.closeSent || this.ended) return;
    const payload = Buffer.alloc(2);
    payload.writeUInt16BE(code);
    this.sendFrame(0x8, payload);
    this.closeSent = true;
    setTimeout(() => this.socket.destroy(), 1000).unref();
  }

  terminate(): void {
    this.socket.destroy();
    this.finish();
  }

  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    this.markEnded();
    this.onEnd();
  }

  private sendFrame(opcode: number, payload: Buffer): void {
    if (this.ended || this.socket.destroyed || this.socket.writableEnded) return;
    let header: Buffer;
    if (payload.length < 126) {
      header = Buffer.from([0x80 | opcode, payload.length]);
    } else if (payload.length < 65536) {
      header = Buffer.alloc(4);
      header[0] = 0x80 | opcode;
      header[1] = 126;
      header.writeUInt16BE(payload.length, 2);
    } else {
      header = Buffer.alloc(10);
      header[0] = 0x80 | opcode;
      header[1] = 127;
      header.writeBigUInt64BE(BigInt(payload.length), 2);
    }
    this.socket.write(Buffer.concat([header, payload]));
  }

  private receive(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const b = this.buffer;
      if (b.length < 2) return;
      const b0 = b[0] as number;
      const b1 = b[1] as number;
      const fin = (b0 & 0x80) !== 0;
      const opcode = b0 & 0x0f;
      const masked = (b1 & 0x80) !== 0;
      let length = b1 & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (b.length < 4) return;
        length = b.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (b.length < 10) return;
        length = Number(b.readBigUInt64BE(2));
        offset = 10;
      }
      if (!masked) {
        // Client frames must be masked (RFC 6455 §5.1).
        this.close(1002);
        return;
      }
      if (b.length < offset + 4 + length) return;
      const mask = b.subarray(offset, offset + 4);
      const payload = Buffer.from(b.subarray(offset + 4, offset + 4 + length));
      for (let i = 0; i < payload.length; i++) payload[i] = (payload[i] as number) ^ (mask[i % 4] as number);
      this.buffer = b.subarray(offset + 4 + length);
      this.frame(fin, opcode, payload);
    }
  }

  private frame(fin: boolean, opcode: number, payload: Buffer): void {
    switch (opcode) {
      case 0x0: {
        this.fragments.push(payload);
        if (fin) {
          const whole = Buffer.concat(this.fragments);
          this.fragments = [];
          if (this.fragmentOpcode === 0x1) this.onText(whole.toString("utf8"));
        }
        return;
      }
      case 0x1:
      case 0x2: {
        if (!fin) {
          this.fragmentOpcode = opcode;
          this.fragments = [payload];
          return;
        }
        if (opcode === 0x1) this.onText(payload.toString("utf8"));
        return;
      }
      case 0x8: {
        if (!this.closeSent) {
          this.sendFrame(0x8, payload.subarray(0, 2));
          this.closeSent = true;
        }
        this.socket.end();
        setTimeout(() => this.socket.destroy(), 200).unref();
        return;
      }
      case 0x9:
        this.sendFrame(0xa, payload);
        return;
      case 0xa:
        this.lastPongAt = Date.now();
        return;
      default:
        this.close(1002);
    }
  }
}

interface PendingAck {
  connection: WsConnection;
  resolve: (ack: SocketAck) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const botUserId = options.botUserId ?? "U0KEYHOLDER";
  const users: Record<string, FakeUser> = { ...(options.users ?? {}) };
  const pingIntervalMs = options.socketPingIntervalMs ?? 10_000;

  const calls: RecordedCall[] = [];
  const channels = new Map<string, FakeMessage[]>();
  const byKey = new Map<string, { message: FakeMessage; parent?: FakeMessage }>();
  const ephemeralList: FakeEphemeral[] = [];
  const dmByUser = new Map<string, string>();
  const userByDm = new Map<string, string>();
  const views: FakeViews = { opened: [], updated: [], pushed: [], published: {} };
  const viewStore = new Map<string, Json>();
  const triggers = new Map<string, number>();
  const usedTriggers = new Set<string>();
  const responseBodies = new Map<string, Json[]>();
  const failures = new Map<string, Array<Required<Pick<FailureSpec, "times">> & FailureSpec>>();
  let down = false;
  let lastMicros = 0n;
  let counter = 0;

  const connections = new Set<WsConnection>();
  const pending = new Map<string, PendingAck>();

  const nextId = (prefix: string) => `${prefix}0${(++counter).toString(36).toUpperCase().padStart(8, "0")}`;

  const nextTs = (): string => {
    const now = BigInt(Date.now()) * 1000n;
    lastMicros = now > lastMicros ? now : lastMicros + 100n;
    return `${lastMicros / 1_000_000n}.${(lastMicros % 1_000_000n).toString().padStart(6, "0")}`;
  };

  const openDm = (user: string): string => {
    let id = dmByUser.get(user);
    if (!id) {
      id = nextId("D");
      dmByUser.set(user, id);
      userByDm.set(id, user);
    }
    return id;
  };

  const isUserId = (channel: string) => /^[UW][A-Z0-9]+$/.test(channel);
  const resolveChannel = (channel: string): string => (isUserId(channel) ? openDm(channel) : channel);
  /** As resolveChannel, without opening a DM (for the read-only accessors). */
  const peekChannel = (channel: string): string => (isUserId(channel) ? (dmByUser.get(channel) ?? channel) : channel);

  const key = (channel: string, ts: string) => `${channel}/${ts}`;

  const messageJson = (m: FakeMessage, parent?: FakeMessage) => ({
    type: "message",
    user: m.user,
    bot_id: BOT_ID,
    app_id: APP_ID,
    team: TEAM_ID,
    text: m.text,
    blocks: m.blocks,
    ts: m.ts,
    ...(m.thread_ts ? { thread_ts: m.thread_ts, parent_user_id: parent?.user ?? m.user } : {}),
    ...(m.attachments ? { attachments: m.attachments } : {}),
    ...(m.metadata ? { metadata: m.metadata } : {}),
    ...(m.edits > 0 ? { edited: { user: m.user, ts: m.ts } } : {}),
  });

  const requireString = (args: Record<string, Json>, field: string, error: string): string => {
    const value = args[field];
    if (typeof value !== "string" || value.length === 0) throw new Failure(error);
    return value;
  };

  const checkMessageContent = (args: Record<string, Json>) => {
    if (
      (typeof args.text !== "string" || args.text.length === 0) &&
      args.blocks === undefined &&
      args.attachments === undefined
    ) {
      throw new Failure("no_text");
    }
    if (typeof args.text === "string" && args.text.length > 40_000) throw new Failure("msg_too_long");
    checkBlocks(args.blocks, 50, "invalid_blocks");
  };

  const makeView = (view: Json, id: string, extra: Record<string, Json> = {}) => ({
    id,
    team_id: TEAM_ID,
    type: view.type,
    title: view.title,
    submit: view.submit ?? null,
    close: view.close ?? null,
    blocks: view.blocks ?? [],
    private_metadata: view.private_metadata ?? "",
    callback_id: view.callback_id ?? "",
    external_id: view.external_id ?? "",
    state: { values: {} },
    hash: `${Math.floor(Date.now() / 1000)}.${randomBytes(4).toString("hex")}`,
    clear_on_close: view.clear_on_close ?? false,
    notify_on_close: view.notify_on_close ?? false,
    root_view_id: id,
    previous_view_id: null,
    app_id: APP_ID,
    app_installed_team_id: TEAM_ID,
    bot_id: BOT_ID,
    ...extra,
  });

  const consumeTrigger = (args: Record<string, Json>) => {
    const trigger = args.trigger_id;
    if (typeof trigger !== "string" || trigger.length === 0) {
      throw new Failure("invalid_arguments", ["[ERROR] missing required field: trigger_id"]);
    }
    if (usedTriggers.has(trigger)) throw new Failure("exchanged_trigger_id");
    const minted = triggers.get(trigger);
    if (minted !== undefined && Date.now() - minted > TRIGGER_TTL_MS) throw new Failure("expired_trigger_id");
    usedTriggers.add(trigger);
  };

  const methods: Record<string, (args: Record<string, Json>) => Record<string, Json>> = {
    "auth.test": () => ({
      url: `https://${TEAM_DOMAIN}.slack.com/`,
      team: "Keyholder Test",
      user: "keyholder",
      team_id: TEAM_ID,
      user_id: botUserId,
      bot_id: BOT_ID,
      is_enterprise_install: false,
    }),

    "chat.postMessage": (args) => {
      const channel = resolveChannel(requireString(args, "channel", "channel_not_found"));
      checkMessageContent(args);
      const message: FakeMessage = {
        ts: nextTs(),
        channel,
        text: typeof args.text === "string" ? args.text : "",
        blocks: Array.isArray(args.blocks) ? args.blocks : [],
        user: botUserId,
        replies: [],
        edits: 0,
        ...(args.attachments !== undefined ? { attachments: args.attachments } : {}),
        ...(args.metadata !== undefined ? { metadata: args.metadata } : {}),
      };
      let parent: FakeMessage | undefined;
      if (args.thread_ts !== undefined && args.thread_ts !== "") {
        const found = byKey.get(key(channel, String(args.thread_ts)));
        if (!found) throw new Failure("thread_not_found");
        parent = found.parent ?? found.message;
        message.thread_ts = parent.ts;
        parent.replies.push(message);
      } else {
        const list = channels.get(channel) ?? [];
        list.push(message);
        channels.set(channel, list);
      }
      byKey.set(key(channel, message.ts), { message, ...(parent ? { parent } : {}) });
      return { channel, ts: message.ts, message: messageJson(message, parent) };
    },

    "chat.update": (args) => {
      const channel = resolveChannel(requireString(args, "channel", "channel_not_found"));
      const ts = requireString(args, "ts", "message_not_found");
      const found = byKey.get(key(channel, ts));
      if (!found) throw new Failure("message_not_found");
      if (args.text === undefined && args.blocks === undefined && args.attachments === undefined) {
        throw new Failure("no_text");
      }
      checkBlocks(args.blocks, 50, "invalid_blocks");
      const m = found.message;
      if (typeof args.text === "string") m.text = args.text;
      if (args.blocks !== undefined) m.blocks = Array.isArray(args.blocks) ? args.blocks : [];
      if (args.attachments !== undefined) m.attachments = args.attachments;
      if (args.metadata !== undefined) m.metadata = args.metadata;
      m.edits += 1;
      return { channel, ts, text: m.text, message: messageJson(m, found.parent) };
    },

    "chat.delete": (args) => {
      const channel = resolveChannel(requireString(args, "channel", "channel_not_found"));
      const ts = requireString(args, "ts", "message_not_found");
      const found = byKey.get(key(channel, ts));
      if (!found) throw new Failure("message_not_found");
      const list = found.parent ? found.parent.replies : (channels.get(channel) ?? []);
      const index = list.indexOf(found.message);
      if (index >= 0) list.splice(index, 1);
      byKey.delete(key(channel, ts));
      return { channel, ts };
    },

    "chat.postEphemeral": (args) => {
      const channel = resolveChannel(requireString(args, "channel", "channel_not_found"));
      const user = requireString(args, "user", "user_not_in_channel");
      checkMessageContent(args);
      const messageTs = nextTs();
      ephemeralList.push({
        channel,
        user,
        text: typeof args.text === "string" ? args.text : "",
        blocks: Array.isArray(args.blocks) ? args.blocks : [],
        at: Date.now(),
        message_ts: messageTs,
        ...(args.thread_ts ? { thread_ts: String(args.thread_ts) } : {}),
      });
      return { message_ts: messageTs };
    },

    "chat.getPermalink": (args) => {
      const channel = resolveChannel(requireString(args, "channel", "channel_not_found"));
      const ts = requireString(args, "message_ts", "message_not_found");
      const found = byKey.get(key(channel, ts));
      if (!found) throw new Failure("message_not_found");
      const base = `https://${TEAM_DOMAIN}.slack.com/archives/${channel}/p${ts.replace(".", "")}`;
      const permalink = found.parent ? `${base}?thread_ts=${found.parent.ts}&cid=${channel}` : base;
      return { channel, permalink };
    },

    "views.open": (args) => {
      consumeTrigger(args);
      checkView(args.view);
      const view = makeView(args.view, nextId("V"));
      viewStore.set(view.id, view);
      views.opened.push(view);
      return { view };
    },

    "views.push": (args) => {
      consumeTrigger(args);
      checkView(args.view);
      const view = makeView(args.view, nextId("V"));
      viewStore.set(view.id, view);
      views.pushed.push(view);
      return { view };
    },

    "views.update": (args) => {
      checkView(args.view);
      let current: Json;
      if (typeof args.view_id === "string" && args.view_id) current = viewStore.get(args.view_id);
      else if (typeof args.external_id === "string" && args.external_id) {
        current = [...viewStore.values()].find((v) => v.external_id === args.external_id);
      } else throw new Failure("invalid_arguments", ["[ERROR] view_id or external_id is required"]);
      if (!current) throw new Failure("not_found");
      if (typeof args.hash === "string" && args.hash && args.hash !== current.hash) throw new Failure("hash_conflict");
      const view = makeView(args.view, current.id, {
        root_view_id: current.root_view_id,
        previous_view_id: current.previous_view_id,
      });
      viewStore.set(view.id, view);
      views.updated.push(view);
      return { view };
    },

    "views.publish": (args) => {
      const userId = requireString(args, "user_id", "invalid_arguments");
      checkView(args.view);
      if (args.view.type !== "home") throw new Failure("invalid_arguments", ["[ERROR] view type must be home"]);
      const existing = views.published[userId];
      if (existing && typeof args.hash === "string" && args.hash && args.hash !== existing.hash) {
        throw new Failure("hash_conflict");
      }
      const view = makeView(args.view, existing?.id ?? nextId("V"));
      viewStore.set(view.id, view);
      views.published[userId] = view;
      return { view };
    },

    "conversations.open": (args) => {
      const raw = args.users;
      const list = (Array.isArray(raw) ? raw.map(String) : String(raw ?? "").split(","))
        .map((u) => u.trim())
        .filter(Boolean);
      if (list.length === 0) {
        if (typeof args.channel === "string" && args.channel) return { channel: { id: args.channel } };
        throw new Failure("users_list_not_supplied");
      }
      if (list.length === 1) return { channel: { id: openDm(list[0] as string) } };
      const mpimKey = [...list].sort().join(",");
      return { channel: { id: openDm(`mpim:${mpimKey}`).replace(/^D/, "G") } };
    },

    "users.info": (args) => {
      const id = requireString(args, "user", "user_not_found");
      if (id === botUserId && !users[id]) {
        return {
          user: { id, team_id: TEAM_ID, name: "keyholder", real_name: "Keyholder", is_bot: true, deleted: false },
        };
      }
      const user = users[id];
      if (!user) throw new Failure("user_not_found");
      const tz = user.tz ?? "America/Los_Angeles";
      return {
        user: {
          id,
          team_id: TEAM_ID,
          name: user.name,
          deleted: false,
          real_name: user.name,
          tz,
          tz_label: tz,
          tz_offset: tzOffsetSeconds(tz),
          is_admin: false,
          is_owner: false,
          is_bot: false,
          is_app_user: false,
          profile: {
            real_name: user.name,
            display_name: user.name,
            ...(user.email ? { email: user.email } : {}),
            team: TEAM_ID,
          },
        },
      };
    },

    "conversations.info": (args) => {
      const id = resolveChannel(requireString(args, "channel", "channel_not_found"));
      const imUser = userByDm.get(id);
      return {
        channel: {
          id,
          name: imUser ? undefined : `channel-${id.toLowerCase()}`,
          is_channel: id.startsWith("C"),
          is_group: id.startsWith("G"),
          is_im: Boolean(imUser),
          is_private: !id.startsWith("C"),
          is_member: true,
          is_archived: false,
          created: 1_700_000_000,
          ...(imUser ? { user: imUser } : {}),
        },
      };
    },

    "apps.connections.open": () => ({ url: `${baseUrl.replace(/^http/, "ws")}/socket` }),
  };

  const takeFailure = (method: string): FailureSpec | undefined => {
    for (const k of [method, "*"]) {
      if (k === "*" && method === "response_url") continue;
      const queue = failures.get(k);
      const head = queue?.[0];
      if (!queue || !head) continue;
      head.times -= 1;
      if (head.times <= 0) queue.shift();
      return head;
    }
    return undefined;
  };

  const send = (res: ServerResponse, call: RecordedCall | undefined, status: number, body: unknown, headers = {}) => {
    if (call) call.status = status;
    const isText = typeof body === "string";
    res.writeHead(status, {
      "content-type": isText ? "text/plain; charset=utf-8" : "application/json; charset=utf-8",
      ...headers,
    });
    res.end(isText ? body : JSON.stringify(body));
  };

  /** Answers an injected failure; returns true when it did. */
  const answerFailure = (res: ServerResponse, call: RecordedCall | undefined, failure: FailureSpec): boolean => {
    if (failure.drop) {
      if (call) call.status = 0;
      res.socket?.destroy();
      return true;
    }
    const status = failure.status ?? (failure.retryAfter !== undefined ? 429 : undefined);
    if (status === 429) {
      send(res, call, 429, { ok: false, error: "ratelimited" }, { "retry-after": String(failure.retryAfter ?? 1) });
      return true;
    }
    if (status !== undefined) {
      send(res, call, status, `fake slack: injected HTTP ${status}`);
      return true;
    }
    send(res, call, 200, { ok: false, error: failure.error ?? "internal_error" });
    return true;
  };

  const handleApi = async (req: IncomingMessage, res: ServerResponse, method: string, url: URL) => {
    const raw = await readBody(req);
    let args: Record<string, Json>;
    let parseError = false;
    try {
      args = parseArgs(req.headers["content-type"], raw, url.searchParams);
    } catch {
      args = {};
      parseError = true;
    }
    const authorization = req.headers.authorization;
    const bearer = authorization?.startsWith("Bearer ") ? authorization.slice(7).trim() : undefined;
    const bodyToken = typeof args.token === "string" ? args.token : undefined;
    delete args.token;
    const call: RecordedCall = { method, args, token: bearer || bodyToken, at: Date.now(), status: 0 };
    calls.push(call);

    if (down) return send(res, call, 503, "fake slack: service unavailable");
    const failure = takeFailure(method);
    if (failure) return answerFailure(res, call, failure);
    if (parseError) return send(res, call, 200, { ok: false, error: "invalid_json" });

    const handler = methods[method];
    if (!handler) return send(res, call, 200, { ok: false, error: "unknown_method" });
    const prefix = method === "apps.connections.open" ? "xapp-" : "xoxb-";
    if (!call.token?.startsWith(prefix)) return send(res, call, 200, { ok: false, error: "invalid_auth" });
    try {
      send(res, call, 200, { ok: true, ...handler(args) });
    } catch (e) {
      if (!(e instanceof Failure)) throw e;
      send(res, call, 200, {
        ok: false,
        error: e.error,
        ...(e.messages.length ? { response_metadata: { messages: e.messages } } : {}),
      });
    }
  };

  const handleResponseUrl = async (req: IncomingMessage, res: ServerResponse, id: string) => {
    const raw = await readBody(req);
    if (down) return send(res, undefined, 503, "fake slack: service unavailable");
    const failure = takeFailure("response_url");
    if (failure) return answerFailure(res, undefined, failure);
    let body: Json;
    try {
      body = JSON.parse(raw);
    } catch {
      return send(res, undefined, 400, "invalid_payload");
    }
    const list = responseBodies.get(id) ?? [];
    if (list.length >= RESPONSE_URL_USES) return send(res, undefined, 404, "used_url");
    list.push(body);
    responseBodies.set(id, list);
    send(res, undefined, 200, { ok: true });
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const api = /^\/api\/([A-Za-z0-9_.]+)$/.exec(url.pathname);
    const response = /^\/response\/([^/]+)$/.exec(url.pathname);
    let work: Promise<unknown>;
    if (api?.[1]) work = handleApi(req, res, api[1], url);
    else if (response?.[1] && req.method === "POST")
      work = handleResponseUrl(req, res, decodeURIComponent(response[1]));
    else work = Promise.resolve(send(res, undefined, 404, "fake slack: no such route"));
    work.catch((error: unknown) => {
      if (!res.headersSent) send(res, undefined, 500, `fake slack: ${String(error)}`);
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 1_000;

  const onAck = (connection: WsConnection, text: string) => {
    let message: Json;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    const id = message?.envelope_id;
    const entry = typeof id === "string" ? pending.get(id) : undefined;
    if (!entry || entry.connection !== connection) return;
    pending.delete(id);
    clearTimeout(entry.timer);
    entry.resolve(message as SocketAck);
  };

  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
    const wsKey = req.headers["sec-websocket-key"];
    if (path !== "/socket" || typeof wsKey !== "string" || (req.headers.upgrade ?? "").toLowerCase() !== "websocket") {
      socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
      return;
    }
    const accept = createHash("sha1").update(`${wsKey}${WS_GUID}`).digest("base64");
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    let pinger: NodeJS.Timeout | undefined;
    const connection: WsConnection = new WsConnection(
      socket,
      head,
      (text) => onAck(connection, text),
      () => {
        connections.delete(connection);
        clearInterval(pinger);
        for (const [id, entry] of pending) {
          if (entry.connection !== connection) continue;
          pending.delete(id);
          clearTimeout(entry.timer);
          entry.reject(new Error(`Socket Mode client disconnected before acknowledging envelope ${id}`));
        }
      },
    );
    if (pingIntervalMs > 0) {
      pinger = setInterval(() => connection.ping(`ping ${Date.now()}`), pingIntervalMs);
      pinger.unref();
    }
    connections.add(connection);
    connection.sendText(
      JSON.stringify({
        type: "hello",
        num_connections: connections.size,
        debug_info: { host: "fake-slack", approximate_connection_time: 18060 },
        connection_info: { app_id: APP_ID },
      }),
    );
    connection.hello = true;
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;

  const openConnections = () => [...connections].filter((c) => c.open && c.hello);

  const topLevel = (channel: string) => channels.get(peekChannel(channel)) ?? [];

  const fake: FakeSlack = {
    apiUrl: `${baseUrl}/api/`,
    baseUrl,
    botUserId,
    teamId: TEAM_ID,
    appId: APP_ID,
    calls,
    callsTo: (method) => calls.filter((c) => c.method === method),
    messages: (channel) => [...topLevel(channel)],
    thread: (channel, ts) => {
      const found = byKey.get(key(peekChannel(channel), ts));
      return found ? [...(found.parent ?? found.message).replies] : [];
    },
    ephemerals: (channel, user) =>
      ephemeralList.filter(
        (e) => (channel === undefined || e.channel === peekChannel(channel)) && (user === undefined || e.user === user),
      ),
    dms: (user) => {
      const id = dmByUser.get(user);
      return id ? [...(channels.get(id) ?? [])] : [];
    },
    dmChannel: (user) => openDm(user),
    views,
    triggerId: () => {
      const id = `${Date.now()}.${Math.floor(Math.random() * 1e10)}.${randomBytes(16).toString("hex")}`;
      triggers.set(id, Date.now());
      return id;
    },
    responseUrl: (id) => `${baseUrl}/response/${encodeURIComponent(id)}`,
    responses: (id) => [...(responseBodies.get(id) ?? [])],
    failNext: (method, failure) => {
      const queue = failures.get(method) ?? [];
      queue.push({ ...failure, times: failure.times ?? 1 });
      failures.set(method, queue);
    },
    setDown: (value) => {
      down = value;
    },
    waitFor: async (predicate, timeoutMs = 5_000, description) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (predicate()) return;
        if (Date.now() >= deadline) {
          const recent = calls
            .slice(-15)
            .map((c) => `  ${c.method} → ${c.status}`)
            .join("\n");
          throw new Error(
            `fake slack: waitFor${description ? ` (${description})` : ""} timed out after ${timeoutMs} ms; ` +
              `${calls.length} call(s) recorded, the last ones:\n${recent || "  (none)"}`,
          );
        }
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    reset: () => {
      calls.length = 0;
      channels.clear();
      byKey.clear();
      ephemeralList.length = 0;
      dmByUser.clear();
      userByDm.clear();
      views.opened.length = 0;
      views.updated.length = 0;
      views.pushed.length = 0;
      for (const k of Object.keys(views.published)) delete views.published[k];
      viewStore.clear();
      triggers.clear();
      usedTriggers.clear();
      responseBodies.clear();
      failures.clear();
      down = false;
    },
    close: async () => {
      for (const [id, entry] of pending) {
        clearTimeout(entry.timer);
        entry.reject(new Error(`fake slack closed before envelope ${id} was acknowledged`));
      }
      pending.clear();
      // Close handshake first (a client that is itself closing gets its answer), then force.
      await Promise.all(
        [...connections].map(async (c) => {
          c.close(1001);
          await Promise.race([c.gone, new Promise((r) => setTimeout(r, 1_000).unref())]);
          c.terminate();
        }),
      );
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },

    socketConnected: (timeoutMs = 5_000) =>
      fake.waitFor(() => openConnections().length > 0, timeoutMs, "a Socket Mode client connected"),
    socketConnections: () => [...connections].filter((c) => c.alive).length,
    deliver: (type, payload, opts = {}) => {
      const connection = openConnections().at(-1);
      if (!connection) return Promise.reject(new Error(`deliver(${type}): no Socket Mode client is connected`));
      const envelopeId = randomUUID();
      const timeoutMs = opts.timeoutMs ?? 5_000;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(envelopeId);
          reject(new Error(`deliver(${type}): no ack for envelope ${envelopeId} within ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(envelopeId, {
          connection,
          timer,
          reject,
          resolve: (ack) => resolve({ envelopeId, ack }),
        });
        connection.sendText(
          JSON.stringify({
            envelope_id: envelopeId,
            type,
            payload,
            accepts_response_payload: opts.acceptsResponsePayload ?? true,
            retry_attempt: opts.retryAttempt ?? 0,
            retry_reason: opts.retryReason ?? "",
          }),
        );
      });
    },
    disconnectSockets: (how = "refresh_requested") => {
      for (const c of connections) {
        if (how === "drop") c.terminate();
        else {
          c.sendText(
            JSON.stringify({ type: "disconnect", reason: "refresh_requested", debug_info: { host: "fake-slack" } }),
          );
        }
      }
    },
  };
  return fake;
}
