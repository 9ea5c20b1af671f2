/**
 * Slack mrkdwn and plain text as HTML strings, for the playground. Pure string
 * functions (no DOM), so they run in unit tests and in the browser alike. Every
 * character of the input is escaped; the only tags in the output are our own.
 */

/** Names for the IDs that mentions carry. */
export interface Directory {
  userName(id: string): string | undefined;
  channelName(id: string): string | undefined;
}

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** `s` safe to put in HTML text or a quoted attribute. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

const EMOJI = new Map<string, string>([
  ["white_check_mark", "✅"],
  ["heavy_check_mark", "✔️"],
  ["ballot_box_with_check", "☑️"],
  ["x", "❌"],
  ["warning", "⚠️"],
  ["hourglass_flowing_sand", "⏳"],
  ["hourglass", "⌛"],
  ["stopwatch", "⏱️"],
  ["alarm_clock", "⏰"],
  ["tada", "🎉"],
  ["lock", "🔒"],
  ["unlock", "🔓"],
  ["key", "🔑"],
  ["old_key", "🗝️"],
  ["star", "⭐"],
  ["bell", "🔔"],
  ["calendar", "📆"],
  ["date", "📅"],
  ["busts_in_silhouette", "👥"],
  ["bust_in_silhouette", "👤"],
  ["memo", "📝"],
  ["pencil2", "✏️"],
  ["clipboard", "📋"],
  ["pushpin", "📌"],
  ["link", "🔗"],
  ["crown", "👑"],
  ["trophy", "🏆"],
  ["no_entry", "⛔"],
  ["no_entry_sign", "🚫"],
  ["large_green_circle", "🟢"],
  ["large_yellow_circle", "🟡"],
  ["red_circle", "🔴"],
  ["large_blue_circle", "🔵"],
  ["white_circle", "⚪"],
  ["black_circle", "⚫"],
  ["information_source", "ℹ️"],
  ["question", "❓"],
  ["exclamation", "❗"],
  ["mag", "🔍"],
  ["eyes", "👀"],
  ["thumbsup", "👍"],
  ["+1", "👍"],
  ["thumbsdown", "👎"],
  ["-1", "👎"],
  ["wave", "👋"],
  ["clap", "👏"],
  ["raised_hands", "🙌"],
  ["pray", "🙏"],
  ["handshake", "🤝"],
  ["rocket", "🚀"],
  ["fire", "🔥"],
  ["sparkles", "✨"],
  ["bulb", "💡"],
  ["point_right", "👉"],
  ["arrow_right", "➡️"],
  ["chart_with_upwards_trend", "📈"],
  ["chart_with_downwards_trend", "📉"],
  ["bar_chart", "📊"],
  ["moneybag", "💰"],
  ["briefcase", "💼"],
  ["office", "🏢"],
  ["scales", "⚖️"],
  ["gear", "⚙️"],
  ["speech_balloon", "💬"],
  ["email", "📧"],
  ["inbox_tray", "📥"],
  ["zzz", "💤"],
  ["100", "💯"],
  ["heart", "❤️"],
  ["smile", "😄"],
  ["slightly_smiling_face", "🙂"],
  ["thinking_face", "🤔"],
]);

const EMOJI_SHORTCODE = /:([a-z0-9_+'-]+):/g;

/** Known `:shortcode:`s in already-escaped text replaced by their emoji; unknown ones stay as typed. */
function replaceEmoji(escaped: string): string {
  let out = "";
  let last = 0;
  const re = new RegExp(EMOJI_SHORTCODE.source, "g");
  for (let m = re.exec(escaped); m !== null; m = re.exec(escaped)) {
    const emoji = EMOJI.get(m[1] ?? "");
    if (emoji === undefined) {
      re.lastIndex = m.index + m[0].length - 1;
      continue;
    }
    out += escaped.slice(last, m.index) + emoji;
    last = m.index + m[0].length;
  }
  return out + escaped.slice(last);
}

/** plain_text as HTML: escaped, known emoji shortcodes replaced, line breaks kept. */
export function plainText(text: string, _dir?: Directory): string {
  return replaceEmoji(escapeHtml(text)).replace(/\n/g, "<br>");
}

const SLACK_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">" };

/** Slack's own escaping (`&amp;`, `&lt;`, `&gt;`) undone. */
function decodeSlack(s: string): string {
  return s.replace(/&(amp|lt|gt);/g, (m, name: string) => SLACK_ENTITIES[name] ?? m);
}

const SAFE_HREF = /^(?:https?:\/\/|mailto:)[^\s<>"]+$/i;

/** What a `<…>` token stands for. */
type Token =
  | { kind: "user"; id: string; name: string }
  | { kind: "channel"; id: string; name: string }
  | { kind: "special"; text: string }
  | { kind: "link"; href: string; text: string }
  | { kind: "text"; text: string };

function splitLabel(body: string): { target: string; label: string | undefined } {
  const bar = body.indexOf("|");
  if (bar === -1) return { target: body, label: undefined };
  return { target: body.slice(0, bar), label: decodeSlack(body.slice(bar + 1)) };
}

function specialToken(target: string, label: string | undefined, body: string): Token {
  const [command = "", ...args] = target.split("^");
  if (command === "here" || command === "channel" || command === "everyone") {
    return { kind: "special", text: `@${command}` };
  }
  if (command === "subteam") return { kind: "special", text: label ?? "@group" };
  if (command === "date") {
    const seconds = Number(args[0]);
    const fallback = Number.isFinite(seconds) ? new Date(seconds * 1000).toISOString().slice(0, 10) : "";
    return { kind: "text", text: label ?? fallback };
  }
  return { kind: "text", text: label ?? `<${decodeSlack(body)}>` };
}

/** A `<…>` token's body (between the brackets) read as Slack reads it. */
function parseToken(body: string, dir: Directory): Token {
  const { target, label } = splitLabel(body);
  if (target.startsWith("@")) {
    const id = target.slice(1);
    return { kind: "user", id, name: dir.userName(id) ?? label ?? id };
  }
  if (target.startsWith("#")) {
    const id = target.slice(1);
    return { kind: "channel", id, name: dir.channelName(id) ?? label ?? id };
  }
  if (target.startsWith("!")) return specialToken(target.slice(1), label, body);
  const href = decodeSlack(target);
  if (SAFE_HREF.test(href)) return { kind: "link", href, text: label ?? href };
  return { kind: "text", text: `<${decodeSlack(body)}>` };
}

function tokenHtml(token: Token): string {
  switch (token.kind) {
    case "user":
      return `<span class="bk-mention" data-user-id="${escapeHtml(token.id)}">@${escapeHtml(token.name)}</span>`;
    case "channel":
      return `<span class="bk-mention bk-channel" data-channel-id="${escapeHtml(token.id)}">#${escapeHtml(token.name)}</span>`;
    case "special":
      return `<span class="bk-mention">${escapeHtml(token.text)}</span>`;
    case "link":
      return `<a class="bk-link" href="${escapeHtml(token.href)}" target="_blank" rel="noopener noreferrer">${replaceEmoji(escapeHtml(token.text))}</a>`;
    case "text":
      return escapeHtml(token.text);
  }
}

function tokenText(token: Token): string {
  switch (token.kind) {
    case "user":
      return `@${token.name}`;
    case "channel":
      return `#${token.name}`;
    default:
      return token.text;
  }
}

const ANGLE_TOKEN = /<([^<>\n]*)>/g;

/** Code text: tokens shown as their text, nothing formatted, everything escaped. */
function codeHtml(code: string, dir: Directory): string {
  let out = "";
  let last = 0;
  for (const m of code.matchAll(ANGLE_TOKEN)) {
    out += escapeHtml(decodeSlack(code.slice(last, m.index)));
    out += escapeHtml(tokenText(parseToken(m[1] ?? "", dir)));
    last = m.index + m[0].length;
  }
  return out + escapeHtml(decodeSlack(code.slice(last)));
}

/** One piece of a line: a character that may format, or finished HTML that may not. */
type Unit = { char: string } | { html: string };

const INLINE_ATOM = /`([^`\n]+)`|<([^<>\n]*)>|:([a-z0-9_+'-]+):/g;

/** A line cut into units: code spans, tokens and emoji become finished HTML; the rest, decoded characters. */
function units(line: string, dir: Directory): Unit[] {
  const out: Unit[] = [];
  const pushText = (raw: string) => {
    for (const char of decodeSlack(raw)) out.push({ char });
  };
  const re = new RegExp(INLINE_ATOM.source, "g");
  let last = 0;
  for (let m = re.exec(line); m !== null; m = re.exec(line)) {
    let html: string;
    if (m[1] !== undefined) html = `<code class="bk-code">${codeHtml(m[1], dir)}</code>`;
    else if (m[2] !== undefined) html = tokenHtml(parseToken(m[2], dir));
    else {
      const emoji = EMOJI.get(m[3] ?? "");
      if (emoji === undefined) {
        re.lastIndex = m.index + m[0].length - 1;
        continue;
      }
      html = emoji;
    }
    pushText(line.slice(last, m.index));
    out.push({ html });
    last = m.index + m[0].length;
  }
  pushText(line.slice(last));
  return out;
}

const EMPHASIS: Record<string, string> = { "*": "strong", _: "em", "~": "del" };

const charOf = (unit: Unit | undefined): string | undefined =>
  unit !== undefined && "char" in unit ? unit.char : undefined;
const isSpace = (unit: Unit | undefined): boolean => /^\s$/u.test(charOf(unit) ?? "");
const isWordChar = (unit: Unit | undefined): boolean => /^[\p{L}\p{N}]$/u.test(charOf(unit) ?? "");

/** A marker opens when it starts a word: nothing word-like before it, something other than a space after. */
function opens(line: Unit[], i: number): boolean {
  const next = line[i + 1];
  return !isWordChar(line[i - 1]) && next !== undefined && !isSpace(next);
}

/** A marker closes when it ends a word: no space before it, nothing word-like after. */
function closes(line: Unit[], i: number): boolean {
  return !isSpace(line[i - 1]) && !isWordChar(line[i + 1]);
}

function findCloser(line: Unit[], open: number, end: number): number {
  const marker = charOf(line[open]);
  for (let j = open + 2; j < end; j++) {
    if (charOf(line[j]) === marker && closes(line, j)) return j;
  }
  return -1;
}

/** Units `from`…`end` as HTML, bold/italic/strike applied where the markers pair up. */
function emphasise(line: Unit[], from: number, end: number): string {
  let out = "";
  for (let i = from; i < end; i++) {
    const unit = line[i];
    if (unit === undefined) continue;
    if ("html" in unit) {
      out += unit.html;
      continue;
    }
    const tag = EMPHASIS[unit.char];
    const close = tag !== undefined && opens(line, i) ? findCloser(line, i, end) : -1;
    if (tag !== undefined && close !== -1) {
      out += `<${tag}>${emphasise(line, i + 1, close)}</${tag}>`;
      i = close;
    } else {
      out += escapeHtml(unit.char);
    }
  }
  return out;
}

function inline(line: string, dir: Directory): string {
  const parsed = units(line, dir);
  return emphasise(parsed, 0, parsed.length);
}

type LineKind = "text" | "quote" | "bullet" | "ordered";

const QUOTE_LINE = /^(?:>|&gt;) ?(.*)$/;
const BULLET_LINE = /^\s*(?:•|-|\*)\s+(.*)$/;
const ORDERED_LINE = /^\s*(\d{1,9})[.)]\s+(.*)$/;

function classify(line: string, quotes: boolean): { kind: LineKind; body: string; number?: number } {
  const quoted = quotes ? QUOTE_LINE.exec(line) : null;
  if (quoted) return { kind: "quote", body: quoted[1] ?? "" };
  const bullet = BULLET_LINE.exec(line);
  if (bullet) return { kind: "bullet", body: bullet[1] ?? "" };
  const ordered = ORDERED_LINE.exec(line);
  if (ordered) return { kind: "ordered", body: ordered[2] ?? "", number: Number(ordered[1]) };
  return { kind: "text", body: line };
}

interface LineGroup {
  kind: LineKind;
  bodies: string[];
  start: number;
}

function renderGroup(group: LineGroup, dir: Directory): string {
  const items = () => group.bodies.map((body) => `<li>${inline(body, dir)}</li>`).join("");
  switch (group.kind) {
    case "text":
      return group.bodies.map((body) => inline(body, dir)).join("<br>");
    case "quote":
      return `<blockquote class="bk-quote">${renderLines(group.bodies.join("\n"), dir, false)}</blockquote>`;
    case "bullet":
      return `<ul class="bk-list">${items()}</ul>`;
    case "ordered":
      return `<ol class="bk-list"${group.start === 1 ? "" : ` start="${group.start}"`}>${items()}</ol>`;
  }
}

/** Lines grouped into runs of text, quotes and list items; `quotes` is off inside a quote. */
function renderLines(text: string, dir: Directory, quotes: boolean): string {
  if (text.length === 0) return "";
  const groups: LineGroup[] = [];
  for (const line of text.split("\n")) {
    const { kind, body, number } = classify(line, quotes);
    const current = groups[groups.length - 1];
    if (current !== undefined && current.kind === kind) current.bodies.push(body);
    else groups.push({ kind, bodies: [body], start: number ?? 1 });
  }
  return groups.map((group) => renderGroup(group, dir)).join("");
}

const PRE_BLOCK = /```([\s\S]*?)```/g;

/** Slack mrkdwn → safe HTML (everything escaped; only our own tags emitted). */
export function mrkdwn(text: string, dir: Directory): string {
  const source = text.replace(/\r\n?/g, "\n");
  let out = "";
  let last = 0;
  for (const m of source.matchAll(PRE_BLOCK)) {
    out += renderLines(source.slice(last, m.index).replace(/\n$/, ""), dir, true);
    const code = (m[1] ?? "").replace(/^\n/, "").replace(/\n$/, "");
    out += `<pre class="bk-pre">${codeHtml(code, dir)}</pre>`;
    last = m.index + m[0].length;
  }
  const rest = source.slice(last);
  return out + renderLines(last > 0 ? rest.replace(/^\n/, "") : rest, dir, true);
}
