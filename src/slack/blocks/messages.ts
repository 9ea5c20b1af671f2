import type { KnownBlock } from "@slack/types";
import { z } from "zod";
import { formatMoney } from "../../domain/scoring.js";
import { CRITERIA, type CriterionKey, type Policy } from "../../policy/schema.js";
import type { ClientScore } from "../../services/score.js";
import { ACTIONS, BLOCKS } from "../ids.js";
import { tallyLine } from "./approval.js";
import type { ClaimView, HistoryEntry, OwnedAccount, VerdictView } from "./models.js";
import { scoreLine } from "./score-card.js";
import {
  type BlockMessage,
  button,
  channel,
  context,
  count,
  escapeMrkdwn,
  fallback,
  formatDate,
  header,
  inline,
  link,
  MAX_BLOCKS_MESSAGE,
  MAX_BUTTON_VALUE,
  mention,
  mentions,
  plural,
  rowBlocks,
  section,
} from "./text.js";

const COMMAND = "/keyaccount";

/** `/keyaccount <client>` in a code span, escaped. */
const usage = (args: string): string => `\`${escapeMrkdwn(`${COMMAND} ${args}`.trim())}\``;

const capitalise = (s: string): string => (s.length > 0 ? `${s.charAt(0).toUpperCase()}${s.slice(1)}` : s);

/** Every sub-command of PRODUCT.md's table, with what it answers. */
const HELP: ReadonlyArray<[args: string, what: string]> = [
  ["<client>", "the score card: owner, Key Account status, score with breakdown, verdict, pending claim"],
  ["claim <client>", "ask to become the client's Key Account owner; managers vote on it in a thread"],
  ["release <client>", "give up one of your Key Accounts (asks to confirm first)"],
  ["revoke <client>", "managers: ask the other managers to revoke a Key Account, with a reason"],
  ["mine", "your Key Accounts with review dates and lapse warnings"],
  ["list [key|candidates|lapsing]", "clients by score, Key Accounts, candidates or Key Accounts about to lapse"],
  ["pending", "claims awaiting your vote (managers) and your own open claims"],
  [
    "log <client> <fee> [YYYY-MM-DD] [kind]",
    "record an engagement credited to you; fee in whole currency units, date defaults to today, kind is placement, contract or temp",
  ],
  ["rate <client>", "managers: set strategic importance, long-term potential and exclusivity (0–5)"],
  ["add <client> [parent <name>]", "create a client, optionally as a subsidiary of another"],
  ["history <client>", "the audit trail: claims, votes, decisions and ownership changes"],
  ["policy", "the policy in force and its version"],
  ["help", "this message"],
];

/** Usage of every sub-command. */
export function helpMessage(): BlockMessage {
  const lines = HELP.map(([args, what]) => `${usage(args)} — ${what}`);
  return {
    text: escapeMrkdwn(
      `keyholder: ${COMMAND} <client>, claim, release, revoke, mine, list, pending, log, rate, add, history, policy, help`,
    ),
    blocks: [
      section(
        `*keyholder* settles who owns which client and which clients are Key Accounts, by written policy and recorded vote.`,
      ),
      section(lines.join("\n")),
      context(`Client names may be typed loosely: case, punctuation and small typos do not matter.`),
    ],
  };
}

/** What was wrong and, when given, the right form of the command. */
export function errorMessage(problem: string, rightForm?: string): BlockMessage {
  const said = capitalise(inline(problem, 1500));
  const blocks: KnownBlock[] = [section(said)];
  if (rightForm !== undefined && rightForm.trim().length > 0) {
    blocks.push(section(`Try: \`${inline(rightForm, 500)}\``));
  }
  return { text: fallback(said), blocks };
}

/** How many candidates a pick list shows: beyond a few, a fuller name is quicker than scrolling. */
const MAX_PICKS = 10;

/**
 * The value of a pick-list button: `{"c":clientId,"s":subcommand}`, at most 2,000
 * characters (the sub-command is shortened if it would not fit).
 */
export function pickValue(clientId: number, subcommand: string): string {
  let s = subcommand;
  let value = JSON.stringify({ c: clientId, s });
  while (value.length > MAX_BUTTON_VALUE && s.length > 0) {
    s = s.slice(0, Math.max(0, s.length - (value.length - MAX_BUTTON_VALUE) - 1));
    value = JSON.stringify({ c: clientId, s });
  }
  return value;
}

const pickValueSchema = z.object({ c: z.number().int().positive(), s: z.string().max(MAX_BUTTON_VALUE) });

/** A pick-list button's value read back, or null when it is not one (values are untrusted). */
export function parsePickValue(value: string): { clientId: number; subcommand: string } | null {
  try {
    const parsed = pickValueSchema.safeParse(JSON.parse(value));
    return parsed.success ? { clientId: parsed.data.c, subcommand: parsed.data.s } : null;
  } catch {
    return null;
  }
}

/** Several clients match: one button per candidate that re-runs `subcommand` on it. */
export function pickListMessage(
  query: string,
  candidates: ReadonlyArray<{ id: number; name: string }>,
  subcommand: string,
): BlockMessage {
  const q = inline(query, 150);
  const shown = candidates.slice(0, MAX_PICKS);
  const blocks: KnownBlock[] = [section(`Several clients match *${q}*. Which one did you mean?`)];
  // One section per candidate: an actions block may not repeat an action_id.
  for (const candidate of shown) {
    blocks.push(
      section(
        `*${inline(candidate.name, 200)}*`,
        button({
          text: "Choose",
          actionId: ACTIONS.pickClient,
          value: pickValue(candidate.id, subcommand),
          accessibilityLabel: `Choose ${candidate.name}`,
        }),
      ),
    );
  }
  const rest = candidates.length - shown.length;
  if (rest > 0) blocks.push(context(`…and ${count(rest)} more; type more of the name to narrow it down.`));
  const names = shown.map((c) => inline(c.name, 60)).join(", ");
  return { text: fallback(`Several clients match ${q}: ${names}`), blocks };
}

/** "No client named *…*; did you mean *a*, *b* or *c*?" */
export function unknownClientMessage(query: string, suggestions: readonly string[]): BlockMessage {
  const q = inline(query, 150);
  const named = suggestions.slice(0, 5).map((s) => `*${inline(s, 150)}*`);
  const text =
    named.length === 0
      ? `No client named *${q}*. Check the spelling, or add it with ${usage(`add ${query.replace(/\s+/g, " ").trim().slice(0, 150)}`)}.`
      : `No client named *${q}*; did you mean ${
          named.length === 1 ? named[0] : `${named.slice(0, -1).join(", ")} or ${named[named.length - 1]}`
        }?`;
  return { text: fallback(text), blocks: [section(text)] };
}

const VERDICT_SHORT: Record<VerdictView, string> = { KEY: "Key", BORDERLINE: "borderline", NOT_KEY: "not key" };

/** One compact row of a ranking. */
export function scoreRow(score: ClientScore, position: number, timezone: string): string {
  const { card, owner } = score;
  let ownerText = "open";
  if (owner !== null) {
    ownerText =
      owner.via === "self"
        ? `${mention(owner.owner)}, review due ${formatDate(owner.reviewDueAt, timezone)}`
        : `${mention(owner.owner)} via *${inline(score.ownerClient ?? "parent", 60)}*`;
  }
  return `${position}. *${inline(card.client, 80)}* · ${card.score} · ${VERDICT_SHORT[card.verdict]} · ${ownerText}`;
}

/** A ranking: one row per client, as many as fit, then "…and N more". */
export function listMessage(title: string, scores: readonly ClientScore[], timezone: string): BlockMessage {
  const blocks: KnownBlock[] = [header(title)];
  if (scores.length === 0) {
    blocks.push(section("No clients to show."));
  } else {
    const rows = scores.map((score, i) => scoreRow(score, i + 1, timezone));
    // Five sections of up to twenty rows: a hundred rows is as much as a message reads well with.
    blocks.push(
      ...rowBlocks(rows, 6, {
        rowsPerSection: 20,
        moreText: (n) =>
          `…and ${count(n)} more. Narrow it with ${usage("list key")}, ${usage("list candidates")} or ${usage("list lapsing")}.`,
      }),
    );
    const first = scores[0];
    if (first !== undefined) {
      blocks.push(
        context(
          `${plural(scores.length, "client")} · scored ${formatDate(first.scoredAt, timezone)} · policy ${inline(first.policyVersion, 64)}`,
        ),
      );
    }
  }
  return { text: fallback(`${inline(title, 150)}: ${plural(scores.length, "client")}`), blocks };
}

/** One Key Account of the viewer: since, review date, and the lapse warning when it is near. */
export function ownedAccountLine(account: OwnedAccount, timezone: string): string {
  const base = `*${inline(account.client, 100)}* · since ${formatDate(account.since, timezone)} · review due ${formatDate(account.reviewDueAt, timezone)}`;
  if (!account.lapse.warn) return base;
  const unless =
    account.lapse.reason === "inactivity" ? "unless an engagement is credited to you" : "unless the review is renewed";
  const days = account.lapse.daysLeft;
  return `${base} · *lapses in ${plural(days, "day")}* (on ${formatDate(account.lapse.lapsesAt, timezone)}) ${unless}`;
}

/** Lapse warnings first, otherwise in the order given. */
export function ownedAccountRows(accounts: readonly OwnedAccount[], timezone: string): string[] {
  const ordered = [...accounts.filter((a) => a.lapse.warn), ...accounts.filter((a) => !a.lapse.warn)];
  return ordered.map((account) => ownedAccountLine(account, timezone));
}

export function mineMessage(accounts: readonly OwnedAccount[], timezone: string): BlockMessage {
  const warned = accounts.filter((a) => a.lapse.warn).length;
  const blocks: KnownBlock[] = [header("Your Key Accounts")];
  if (accounts.length === 0) {
    blocks.push(section(`You hold no Key Accounts. Claim one with ${usage("claim <client>")}.`));
  } else {
    if (warned > 0) {
      blocks.push(
        section(`*${plural(warned, "Key Account")} ${warned === 1 ? "lapses" : "lapse"} soon*; see the dates below.`),
      );
    }
    blocks.push(...rowBlocks(ownedAccountRows(accounts, timezone), MAX_BLOCKS_MESSAGE - blocks.length));
  }
  const summary =
    accounts.length === 0
      ? "You hold no Key Accounts."
      : `You hold ${plural(accounts.length, "Key Account")}${warned > 0 ? `; ${count(warned)} ${warned === 1 ? "lapses" : "lapse"} soon` : ""}.`;
  return { text: summary, blocks };
}

/**
 * One pending claim in a list. For a voter: who claims it and whether approving
 * overrides the score; for the claimant: whom it waits on.
 */
export function claimLine(
  claim: ClaimView,
  permalinks: ReadonlyMap<number, string>,
  timezone: string,
  audience: "voter" | "claimant",
): string {
  const parts = [`*${inline(claim.client, 100)}*`];
  parts.push(audience === "voter" ? `${claim.kind} by ${mention(claim.claimant)}` : claim.kind);
  if (claim.kind === "claim" && claim.verdict !== "KEY") parts.push(`${claim.verdict}: approving is an override`);
  if (claim.disputedOwner !== null) parts.push(`dispute with ${mention(claim.disputedOwner)}`);
  // A voter is one of those waited on; the claimant wants to know whom to nudge.
  parts.push(tallyLine(claim.tally, { final: audience === "voter" }));
  parts.push(`expires ${formatDate(claim.expiresAt, timezone)}`);
  const permalink = permalinks.get(claim.id);
  parts.push(permalink === undefined ? "thread not posted yet" : link(permalink, "open thread"));
  return parts.join(" · ");
}

/** Claims awaiting the viewer's vote and the viewer's own open claims. */
export function pendingMessage(
  claims: { awaitingMyVote: readonly ClaimView[]; myClaims: readonly ClaimView[] },
  permalinks: ReadonlyMap<number, string>,
  timezone = "UTC",
): BlockMessage {
  const { awaitingMyVote, myClaims } = claims;
  // Header and two titles, then the rest shared between the two lists.
  const budget = Math.floor((MAX_BLOCKS_MESSAGE - 3) / 2);
  const blocks: KnownBlock[] = [header("Pending claims")];
  blocks.push(section(`*Awaiting your vote* (${count(awaitingMyVote.length)})`));
  blocks.push(
    ...(awaitingMyVote.length === 0
      ? [context("Nothing awaits your vote.")]
      : rowBlocks(
          awaitingMyVote.map((c) => claimLine(c, permalinks, timezone, "voter")),
          budget,
        )),
  );
  blocks.push(section(`*Your open claims* (${count(myClaims.length)})`));
  blocks.push(
    ...(myClaims.length === 0
      ? [context(`You have no open claims. Make one with ${usage("claim <client>")}.`)]
      : rowBlocks(
          myClaims.map((c) => claimLine(c, permalinks, timezone, "claimant")),
          budget,
        )),
  );
  return {
    text: `${plural(awaitingMyVote.length, "claim")} awaiting your vote; ${plural(myClaims.length, "open claim")} of yours.`,
    blocks,
  };
}

/** One line of the audit trail. */
export function historyLine(entry: HistoryEntry, timezone: string): string {
  let line = `${formatDate(entry.at, timezone)} · ${mention(entry.actor)} · *${inline(entry.action, 80)}*`;
  if (entry.details.trim().length > 0) line += ` · ${inline(entry.details, 300)}`;
  if (entry.reason !== null && entry.reason.trim().length > 0) line += ` · reason: _${inline(entry.reason, 300)}_`;
  return line;
}

/** A client's audit trail, in the order given, as many lines as fit. */
export function historyMessage(client: string, entries: readonly HistoryEntry[], timezone: string): BlockMessage {
  const blocks: KnownBlock[] = [header(`History: ${client}`)];
  if (entries.length === 0) {
    blocks.push(section("No claims, votes or ownership changes recorded yet."));
  } else {
    blocks.push(
      ...rowBlocks(
        entries.map((entry) => historyLine(entry, timezone)),
        MAX_BLOCKS_MESSAGE - blocks.length,
        {
          rowsPerSection: 15,
          moreText: (n) => `…and ${count(n)} more; \`keyholder export audit\` prints the whole trail.`,
        },
      ),
    );
  }
  return { text: fallback(`History of ${inline(client, 150)}: ${plural(entries.length, "entry", "entries")}`), blocks };
}

const CRITERION_WORDS: Record<CriterionKey, string> = {
  revenue: "Revenue: fees in the last 12 months against the revenue threshold",
  frequency: "Frequency: engagements in the last 12 months against the target",
  recency: "Recency: halves with every half-life since the last engagement",
  strategicImportance: "Strategic importance: a manager's rating, 0–5",
  longTermPotential: "Long-term potential: a manager's rating, 0–5",
  crossSelling: "Cross-selling: distinct service lines in the activity window, full at 3",
  exclusivity: "Exclusivity / competitive advantage: full with an active exclusive contract, else a manager's rating",
  feedback: "Feedback & satisfaction: mean client feedback in the last 12 months",
  contract: "Contractual agreements: full with an active contract running 12 months or more, half with any active one",
};

const percent = (fraction: number): string => `${Math.round(fraction * 1000) / 10}%`;

/** The policy in force, in plain words. */
export function policyMessage(policy: Policy, version: string): BlockMessage {
  const managers =
    policy.managers.length === 0 ? "none yet, so no claim can be decided" : mentions(policy.managers, 30);
  const borderlineFrom = Math.max(0, policy.keyThreshold - policy.borderlineBand);
  const { minApprovals, expiresAfterDays } = policy.approval;

  const decides = [
    "*Who decides*",
    `Managers (approvers): ${managers}`,
    `Approval threads open in ${policy.approvalsChannel === undefined ? "no channel yet" : channel(policy.approvalsChannel)}; the weekly reminder goes to ${policy.reviewChannel === undefined ? "no channel yet" : channel(policy.reviewChannel)}.`,
    `A claim needs ${plural(minApprovals, "approval")} (fewer when fewer managers may vote) and more approvals than rejections. The claimant, the current owner and competing claimants do not vote.`,
    `A claim expires after ${plural(expiresAfterDays, "day")} without a decision. Approving a client that does not qualify overrides the score and needs a reason.`,
  ];
  const qualifies = [
    "*What makes a Key Account*",
    `A score of ${policy.keyThreshold} or more out of 100 qualifies; ${borderlineFrom}–${Math.max(borderlineFrom, policy.keyThreshold - 1)} is borderline.`,
    `A client with no engagement in the last ${plural(policy.activityWindowMonths, "month")} cannot qualify, whatever its score.`,
    `Full revenue points at ${formatMoney(Math.round(policy.revenueThreshold * 100))} of fees in the last 12 months; full frequency points at ${plural(policy.frequencyTarget, "engagement")} in the last 12 months.`,
    `Recency points halve every ${plural(policy.recencyHalfLifeMonths, "month")} since the last engagement.`,
    `A parent's engagements count ${percent(policy.parentWeight)} toward a subsidiary's revenue, frequency, recency and cross-selling (a grandparent's ${percent(policy.parentWeight ** 2)}).`,
  ];
  const weights = [
    "*Points per criterion* (out of 100)",
    ...CRITERIA.map((key) => `${policy.weights[key]} · ${escapeMrkdwn(CRITERION_WORDS[key])}`),
  ];
  const ownership = [
    "*Ownership*",
    `A Key Account lapses after ${plural(policy.ownershipLapseMonths, "month")} without an engagement credited to its owner; the owner is warned ${plural(policy.lapseWarningDays, "day")} ahead.`,
    `Every Key Account is reviewed every ${plural(policy.reviewPeriodMonths, "month")} and lapses if the review is not renewed.`,
    `Dates are shown in ${inline(policy.timezone, 64)}; the weekly reminder runs on the schedule \`${inline(policy.weeklyReminder, 64)}\` (cron).`,
  ];
  return {
    text: fallback(
      `Policy ${inline(version, 64)}: Key Account at ${policy.keyThreshold}/100, ${plural(minApprovals, "approval")} needed.`,
    ),
    blocks: [
      header("Policy in force"),
      section(decides.join("\n")),
      section(qualifies.join("\n")),
      section(weights.join("\n")),
      section(ownership.join("\n")),
      context(`Version \`${inline(version, 64)}\`: every score and decision records the version it was made under.`),
    ],
  };
}

/** Confirmation that an engagement was recorded, with the client's new score when known. */
export function loggedMessage(args: {
  client: string;
  kind: string;
  feeCents: number;
  date: Date;
  timezone: string;
  score?: { score: number; verdict: VerdictView } | null;
}): BlockMessage {
  const sentence = `Logged a ${inline(args.kind, 40)} at *${inline(args.client, 150)}* on ${formatDate(args.date, args.timezone)} for ${formatMoney(args.feeCents)}, credited to you.`;
  const lines = [sentence];
  if (args.score) lines.push(scoreLine(args.score.score, args.score.verdict));
  return { text: fallback(sentence), blocks: [section(lines.join("\n"))] };
}

/** Confirmation that a client was created. */
export function clientAddedMessage(args: { client: string; parent: string | null }): BlockMessage {
  const name = args.client.replace(/\s+/g, " ").trim().slice(0, 150);
  const sentence = `Added *${inline(args.client, 150)}*${args.parent === null ? "" : ` as a subsidiary of *${inline(args.parent, 150)}*`}.`;
  return {
    text: fallback(sentence),
    blocks: [
      section(`${sentence}\nSee its score card with ${usage(name)}, or claim it with ${usage(`claim ${name}`)}.`),
    ],
  };
}

/** The claim is stored but Slack did not take the thread yet; the outbox will post it. */
export function deliveryDelayedMessage(): BlockMessage {
  const text = "Slack is slow to answer; your claim is saved and the thread will be posted as soon as Slack is back";
  return { text, blocks: [section(`${text}.`)] };
}

/** Asks an owner to confirm giving up a Key Account. */
export function releaseConfirmMessage(args: { clientId: number; client: string }): BlockMessage {
  const name = inline(args.client, 150);
  const sentence = `Release *${name}*? It stops being your Key Account and is open for anyone to claim.`;
  return {
    text: fallback(`Release ${name}?`),
    blocks: [
      section(sentence),
      {
        type: "actions",
        block_id: BLOCKS.releaseConfirmActions,
        elements: [
          button({
            text: "Release it",
            actionId: ACTIONS.releaseConfirm,
            value: String(args.clientId),
            style: "danger",
          }),
        ],
      },
    ],
  };
}

/** Confirmation that a Key Account was released. */
export function releasedMessage(client: string): BlockMessage {
  const sentence = `You released *${inline(client, 150)}*; it is open for anyone to claim.`;
  return { text: fallback(sentence), blocks: [section(sentence)] };
}
