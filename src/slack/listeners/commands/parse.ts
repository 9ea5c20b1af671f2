/**
 * Reads the text after `/keyaccount`. The first word picks the sub-command; any
 * other text is a client name, which shows that client's score card.
 */

export type ParsedCommand =
  | { sub: "help" }
  | { sub: "score"; client: string }
  | { sub: "claim" | "release" | "revoke" | "rate" | "history"; client: string }
  | { sub: "mine" | "pending" | "policy" }
  | { sub: "list"; filter: "all" | "key" | "candidates" | "lapsing" }
  | { sub: "log"; client: string; fee: string; date: string | null; kind: string | null }
  | { sub: "add"; client: string; parent: string | null }
  | { sub: "invalid"; problem: string; rightForm: string };

/** Longer text than this is not a client name anyone typed on purpose. */
export const MAX_COMMAND_TEXT = 500;

const CLIENT_SUBCOMMANDS = new Set(["claim", "release", "revoke", "rate", "history"]);

export function parseCommand(raw: string): ParsedCommand {
  const text = raw.replace(/\s+/g, " ").trim();
  if (text.length > MAX_COMMAND_TEXT) {
    return {
      sub: "invalid",
      problem: `That is ${text.length} characters; a command is at most ${MAX_COMMAND_TEXT}.`,
      rightForm: "/keyaccount <client name>",
    };
  }
  if (text === "" || /^(help|\?)$/i.test(text)) return { sub: "help" };
  const [first = "", ...restWords] = text.split(" ");
  const word = first.toLowerCase();
  const rest = restWords.join(" ");

  if (CLIENT_SUBCOMMANDS.has(word)) {
    if (!rest)
      return { sub: "invalid", problem: `\`${word}\` needs a client name.`, rightForm: `/keyaccount ${word} <client>` };
    return { sub: word as "claim", client: rest };
  }
  if (word === "mine" || word === "pending" || word === "policy") {
    return { sub: word };
  }
  if (word === "list") {
    const filter = (rest.toLowerCase() || "all") as "all";
    if (!["all", "key", "candidates", "lapsing"].includes(filter)) {
      return {
        sub: "invalid",
        problem: `\`list\` does not know "${rest}".`,
        rightForm: "/keyaccount list [key|candidates|lapsing]",
      };
    }
    return { sub: "list", filter };
  }
  if (word === "log") return parseLog(restWords);
  if (word === "add") {
    if (!rest)
      return {
        sub: "invalid",
        problem: "`add` needs the new client's name.",
        rightForm: "/keyaccount add <client> [parent <name>]",
      };
    const match = rest.match(/^(.+?) parent (.+)$/i);
    return match
      ? { sub: "add", client: (match[1] ?? "").trim(), parent: (match[2] ?? "").trim() }
      : { sub: "add", client: rest, parent: null };
  }
  return { sub: "score", client: text };
}

const LOG_FORM = "/keyaccount log <client> <fee> [YYYY-MM-DD] [placement|contract|temp]";
const KINDS = new Set(["placement", "contract", "temp"]);

/** `log <client…> <fee> [date] [kind]`: the client name is everything before the fee. */
function parseLog(words: string[]): ParsedCommand {
  const tokens = [...words];
  let kind: string | null = null;
  let date: string | null = null;
  const last = tokens.at(-1)?.toLowerCase();
  if (last && KINDS.has(last)) {
    kind = last;
    tokens.pop();
  }
  if (tokens.at(-1) && /^\d{4}-\d{2}-\d{2}$/.test(tokens.at(-1) ?? "")) date = tokens.pop() ?? null;
  const fee = tokens.pop();
  const client = tokens.join(" ");
  if (!fee || !client) {
    return { sub: "invalid", problem: "`log` needs a client and a fee.", rightForm: LOG_FORM };
  }
  return { sub: "log", client, fee, date, kind };
}

export { LOG_FORM };
