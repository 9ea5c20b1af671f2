import type {
  Button,
  ContextBlock,
  DividerBlock,
  HeaderBlock,
  KnownBlock,
  MrkdwnElement,
  PlainTextElement,
  SectionBlock,
  SectionBlockAccessory,
} from "@slack/types";

/** Slack's platform limits (https://docs.slack.dev/reference/block-kit). */
export const MAX_BLOCKS_MESSAGE = 50;
export const MAX_BLOCKS_VIEW = 100;
export const MAX_SECTION_TEXT = 3000;
export const MAX_HEADER_TEXT = 150;
export const MAX_MODAL_TITLE = 24;
export const MAX_MODAL_BUTTON = 24;
export const MAX_PRIVATE_METADATA = 3000;
export const MAX_BUTTON_TEXT = 75;
export const MAX_BUTTON_VALUE = 2000;
export const MAX_OPTION_TEXT = 75;
/** Our own cap for a message's fallback `text`: it is shown in notifications, where a short line reads best. */
export const MAX_FALLBACK_TEXT = 500;

/** A message body: blocks and the plain fallback `text` Slack shows in notifications. */
export interface BlockMessage {
  text: string;
  blocks: KnownBlock[];
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };

/**
 * `&`, `<` and `>` escaped as Slack asks, so text a user typed (`<!channel>`,
 * `<@U1>`, `<http://x|y>`) shows as typed instead of pinging or linking. With
 * `max`, the escaped text is cut to at most `max` characters ("…" included)
 * without splitting an entity.
 */
export function escapeMrkdwn(s: string, max?: number): string {
  const escaped = s.replace(/[&<>]/g, (c) => ESCAPES[c] ?? c);
  if (max === undefined || escaped.length <= max) return escaped;
  let out = "";
  for (const ch of s) {
    const piece = ESCAPES[ch] ?? ch;
    if (out.length + piece.length > max - 1) break;
    out += piece;
  }
  return `${out}…`;
}

/** A user-supplied name for one line of mrkdwn: whitespace collapsed, escaped, at most `max` characters. */
export function inline(s: string, max = 200): string {
  return escapeMrkdwn(s.replace(/\s+/g, " ").trim(), max);
}

/** User-supplied text as a mrkdwn block quote, escaped and cut to `max` characters. */
export function quote(s: string, max = 2000): string {
  const body = escapeMrkdwn(s.trim(), max);
  return body
    .split("\n")
    .map((line) => `>${line.length > 0 ? ` ${line}` : ""}`)
    .join("\n");
}

const SLACK_USER_ID = /^[UW][A-Z0-9]+$/;
const SLACK_CHANNEL_ID = /^[CG][A-Z0-9]+$/;

/** `<@U…>` for a Slack user ID; anything else (an email, "system", a typo) as escaped text. */
export function mention(userId: string): string {
  return SLACK_USER_ID.test(userId) ? `<@${userId}>` : escapeMrkdwn(userId, 100);
}

/** Mentions joined with commas, at most `max` of them, then "and N more". */
export function mentions(userIds: readonly string[], max = 15): string {
  const shown = userIds.slice(0, max).map(mention);
  const rest = userIds.length - shown.length;
  return rest > 0 ? `${shown.join(", ")} and ${rest} more` : shown.join(", ");
}

/** `<#C…>` for a channel ID, else escaped text. */
export function channel(channelId: string): string {
  return SLACK_CHANNEL_ID.test(channelId) ? `<#${channelId}>` : escapeMrkdwn(channelId, 100);
}

const SAFE_URL = /^https?:\/\/[^\s<>|]+$/;

/** A mrkdwn link when `url` is a plain http(s) URL; otherwise just the (escaped) label. */
export function link(url: string | null | undefined, label: string): string {
  const text = escapeMrkdwn(label, 200);
  if (!url || !SAFE_URL.test(url)) return text;
  return `<${url.replace(/&/g, "&amp;")}|${text}>`;
}

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;

/** `s` cut to at most `max` characters, ending in "…" when cut; never splits a surrogate pair. */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  if (max <= 0) return "";
  let end = max - 1;
  if (end > 0 && isHighSurrogate(s.charCodeAt(end - 1))) end -= 1;
  return `${s.slice(0, end)}…`;
}

/** "1 client", "3 clients"; `many` for irregular plurals. Counts get thousands separators. */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${count(n)} ${n === 1 ? word : many}`;
}

/** 5000 → "5,000". */
export function count(n: number): string {
  return n.toLocaleString("en-US");
}

const dateFormatters = new Map<string, Intl.DateTimeFormat>();

/** `YYYY-MM-DD` of `date` in `timezone` (an IANA zone, validated by the policy schema). */
export function formatDate(date: Date, timezone: string): string {
  if (Number.isNaN(date.getTime())) return "unknown date";
  let formatter = dateFormatters.get(timezone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat("en-CA", {
      timeZone: timezone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    });
    dateFormatters.set(timezone, formatter);
  }
  const parts = formatter.formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")}`;
}

/**
 * Mrkdwn cut to `max` characters as a last guard; prefers a line break and never
 * leaves half of a `<…>` mention or link or of an `&…;` entity. Builders bound each
 * user-supplied field first, so this rarely fires.
 */
export function clampMrkdwn(text: string, max = MAX_SECTION_TEXT): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  const newline = text.lastIndexOf("\n", cut);
  if (newline > max / 2) cut = newline;
  const open = text.lastIndexOf("<", cut - 1);
  if (open !== -1 && text.lastIndexOf(">", cut - 1) < open) cut = open;
  const amp = text.lastIndexOf("&", cut - 1);
  if (amp !== -1 && amp > cut - 6 && text.indexOf(";", amp) >= cut) cut = amp;
  if (cut > 0 && isHighSurrogate(text.charCodeAt(cut - 1))) cut -= 1;
  return `${text.slice(0, cut)}…`;
}

/** Fallback text: never empty, one short paragraph. */
export function fallback(text: string): string {
  const trimmed = text.trim();
  return trimmed.length > 0 ? clampMrkdwn(trimmed, MAX_FALLBACK_TEXT) : "keyholder";
}

export function plain(text: string, max = MAX_SECTION_TEXT): PlainTextElement {
  const shown = truncate(text.replace(/\s+/g, " ").trim(), max);
  return { type: "plain_text", text: shown.length > 0 ? shown : "—", emoji: true };
}

/**
 * Mrkdwn with `verbatim`, so Slack does not turn bare URLs, channel names or
 * "@here" typed by users into links or mentions; our own `<@U…>` markup still works.
 */
export function mrkdwn(text: string, max = MAX_SECTION_TEXT): MrkdwnElement {
  const clamped = clampMrkdwn(text, max);
  return { type: "mrkdwn", text: clamped.trim().length > 0 ? clamped : "—", verbatim: true };
}

export function section(text: string, accessory?: SectionBlockAccessory): SectionBlock {
  return accessory === undefined
    ? { type: "section", text: mrkdwn(text) }
    : { type: "section", text: mrkdwn(text), accessory };
}

export function context(text: string): ContextBlock {
  return { type: "context", elements: [mrkdwn(text)] };
}

export function header(text: string): HeaderBlock {
  return { type: "header", text: plain(text, MAX_HEADER_TEXT) };
}

export function divider(): DividerBlock {
  return { type: "divider" };
}

export function button(args: {
  text: string;
  actionId: string;
  value: string;
  style?: "primary" | "danger";
  accessibilityLabel?: string;
  /** A dialog Slack shows before sending the click: for choices that are hard to undo. */
  confirm?: { title: string; text: string; confirm: string; deny: string };
}): Button {
  const result: Button = {
    type: "button",
    text: plain(args.text, MAX_BUTTON_TEXT),
    action_id: args.actionId,
    value: truncate(args.value, MAX_BUTTON_VALUE),
  };
  if (args.style !== undefined) result.style = args.style;
  if (args.accessibilityLabel !== undefined) result.accessibility_label = truncate(args.accessibilityLabel, 75);
  if (args.confirm !== undefined) {
    result.confirm = {
      title: plain(args.confirm.title, 100),
      text: { type: "mrkdwn", text: truncate(args.confirm.text, 300) },
      confirm: plain(args.confirm.confirm, 30),
      deny: plain(args.confirm.deny, 30),
      ...(args.style === "danger" ? { style: "danger" as const } : {}),
    };
  }
  return result;
}

const defaultMore = (n: number): string => `…and ${count(n)} more`;

/**
 * `blocks` cut to at most `max`: when they do not fit, the first `max − 1` and a
 * final context block with `moreText(n)`, `n` being the number of blocks left out.
 * `moreText` is mrkdwn and is not escaped.
 */
export function fitBlocks(
  blocks: KnownBlock[],
  max: number,
  moreText: (n: number) => string = defaultMore,
): KnownBlock[] {
  if (blocks.length <= max) return blocks;
  if (max <= 0) return [];
  const kept = blocks.slice(0, max - 1);
  return [...kept, context(moreText(blocks.length - kept.length))];
}

/**
 * Rows of mrkdwn (each already escaped) packed into sections of at most
 * `rowsPerSection` rows and 3,000 characters, using at most `maxBlocks` blocks;
 * rows that do not fit are counted in a final "…and N more".
 */
export function rowBlocks(
  rows: readonly string[],
  maxBlocks: number,
  opts: { rowsPerSection?: number; moreText?: (n: number) => string } = {},
): KnownBlock[] {
  const rowsPerSection = opts.rowsPerSection ?? 10;
  const moreText = opts.moreText ?? defaultMore;
  const chunks: string[][] = [];
  let current: string[] = [];
  let length = 0;
  for (const raw of rows) {
    const row = clampMrkdwn(raw, MAX_SECTION_TEXT);
    const added = row.length + (current.length > 0 ? 1 : 0);
    if (current.length > 0 && (current.length >= rowsPerSection || length + added > MAX_SECTION_TEXT)) {
      chunks.push(current);
      current = [];
      length = 0;
    }
    length += row.length + (current.length > 0 ? 1 : 0);
    current.push(row);
  }
  if (current.length > 0) chunks.push(current);
  const sections = chunks.map((chunk) => section(chunk.join("\n")));
  const rowsFrom = (firstOmitted: number) => chunks.slice(firstOmitted).reduce((sum, chunk) => sum + chunk.length, 0);
  return fitBlocks(sections, maxBlocks, (n) => moreText(rowsFrom(chunks.length - n)));
}
