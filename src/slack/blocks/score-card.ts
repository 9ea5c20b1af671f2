import type { ActionsBlock, KnownBlock } from "@slack/types";
import { textBar } from "../../cli/format.js";
import type { CriterionResult } from "../../domain/types.js";
import type { ClientScore } from "../../services/score.js";
import { ACTIONS, BLOCKS } from "../ids.js";
import type { PendingClaimRef, VerdictView } from "./models.js";
import {
  type BlockMessage,
  button,
  context,
  fallback,
  formatDate,
  header,
  inline,
  link,
  MAX_SECTION_TEXT,
  mention,
  section,
} from "./text.js";

/** The verdict in plain words. */
export const VERDICT_WORDS: Record<VerdictView, string> = {
  KEY: "qualifies as a Key Account",
  BORDERLINE: "borderline, just below the Key Account threshold",
  NOT_KEY: "does not qualify as a Key Account",
};

/** The score (in bold) out of 100 and the verdict, coded and in plain words: "Score 42/100 · Verdict: `NOT_KEY`, does not qualify as a Key Account". */
export function scoreLine(score: number, verdict: VerdictView): string {
  return `Score *${score}*/100 · Verdict: \`${verdict}\`, ${VERDICT_WORDS[verdict]}`;
}

/** Verdict reasons as bullets, escaped (they carry client names), at most `max` of them. */
export function reasonBullets(reasons: readonly string[], max = 5): string {
  return reasons
    .slice(0, max)
    .map((reason) => `• ${inline(reason, 300)}`)
    .join("\n");
}

/** One line per criterion: a text bar and the criterion's explanation, sized to fit one section. */
export function breakdownText(criteria: readonly CriterionResult[]): string {
  // Room for every line in one section, with the bar and line breaks counted.
  const perLine = Math.min(300, Math.floor((MAX_SECTION_TEXT - 100) / Math.max(1, criteria.length)) - 16);
  return criteria.map((c) => `\`${textBar(c.subScore, c.known)}\` ${inline(c.explanation, perLine)}`).join("\n");
}

function ownerLines(score: ClientScore, timezone: string): { owner: string; status: string } {
  const { owner } = score;
  if (owner === null) return { owner: "Open — no Key Account owner", status: "Status: not a Key Account" };
  const since = formatDate(owner.since, timezone);
  const reviewDue = formatDate(owner.reviewDueAt, timezone);
  if (owner.via === "self") {
    return {
      owner: `Owner: ${mention(owner.owner)} since ${since}`,
      status: `Status: Key Account · review due ${reviewDue}`,
    };
  }
  const via = inline(score.ownerClient ?? "a parent client", 150);
  return {
    owner: `Owner: ${mention(owner.owner)} via parent *${via}*`,
    status: `Status: covered by the Key Account *${via}* (owned since ${since})`,
  };
}

function lastEngagementLine(score: ClientScore, timezone: string): string {
  const last = score.card.lastEngagement;
  if (last === null) return "Last engagement: none on record";
  const date = formatDate(last.date, timezone);
  if (last.ownEngagement) return `Last engagement: ${date}`;
  const relation = last.clientName === score.parent ? "parent" : "ancestor";
  return `Last engagement: ${date} at ${relation} *${inline(last.clientName, 150)}*`;
}

/**
 * The score card `/keyaccount <client>` answers with: owner, status, score and
 * verdict with reasons, the per-criterion breakdown, last engagement, parent,
 * any pending claim, and buttons to claim or see the history.
 */
export function scoreCardMessage(
  score: ClientScore,
  opts: { timezone: string; pendingClaim: PendingClaimRef | null; viewer: string },
): BlockMessage {
  const { card, owner } = score;
  const { timezone, pendingClaim, viewer } = opts;
  const name = inline(card.client, 150);
  const lines = ownerLines(score, timezone);

  const details = [
    lastEngagementLine(score, timezone),
    score.parent === null ? "Parent: none" : `Parent: *${inline(score.parent, 150)}*`,
    `Data on ${card.completeness.known} of ${card.completeness.total} criteria`,
  ];
  if (pendingClaim !== null) {
    details.push(
      `Pending claim by ${mention(pendingClaim.claimant)}: ${
        pendingClaim.permalink === null
          ? "the approval thread is not posted yet"
          : link(pendingClaim.permalink, "open the approval thread")
      }`,
    );
  }

  const blocks: KnownBlock[] = [
    header(card.client),
    section(`${lines.owner}\n${lines.status}`),
    section(`${scoreLine(card.score, card.verdict)}\n${reasonBullets(card.reasons)}`),
    section(breakdownText(card.criteria)),
    section(details.join("\n")),
    context(`Policy ${inline(score.policyVersion, 64)} · scored ${formatDate(score.scoredAt, timezone)}`),
  ];

  const ownsDirectly = owner !== null && owner.via === "self" && owner.owner === viewer;
  const clientId = String(card.clientId);
  const actions: ActionsBlock = { type: "actions", block_id: BLOCKS.scoreCardActions, elements: [] };
  if (!ownsDirectly && pendingClaim === null) {
    actions.elements.push(
      button({ text: "Claim as Key Account", actionId: ACTIONS.claimButton, value: clientId, style: "primary" }),
    );
  }
  actions.elements.push(button({ text: "History", actionId: ACTIONS.historyButton, value: clientId }));
  blocks.push(actions);

  const ownerText = owner === null ? "open" : `owner ${mention(owner.owner)}`;
  return {
    text: fallback(`${name}: score ${card.score}/100, ${VERDICT_WORDS[card.verdict]}; ${ownerText}`),
    blocks,
  };
}
