import type { KnownBlock } from "@slack/types";
import { ACTIONS, BLOCKS } from "../ids.js";
import type { ClaimView, VoteEvent } from "./models.js";
import { reasonBullets, scoreLine } from "./score-card.js";
import {
  type BlockMessage,
  button,
  context,
  fallback,
  formatDate,
  inline,
  link,
  mention,
  mentions,
  plural,
  quote,
  section,
} from "./text.js";

/** Longest claim or vote reason shown; the modal caps input at 2,000 characters. */
const MAX_REASON = 2000;

/**
 * "2 of 2 approvals · 0 rejections · waiting on <@U1>, <@U2>"; `final` leaves out
 * whom the claim was waiting on (for a decided claim).
 */
export function tallyLine(tally: ClaimView["tally"], opts: { final?: boolean } = {}): string {
  const parts = [`${tally.approvals} of ${plural(tally.needed, "approval")}`, plural(tally.rejections, "rejection")];
  if (!opts.final && tally.waitingOn.length > 0) parts.push(`waiting on ${mentions(tally.waitingOn)}`);
  return parts.join(" · ");
}

/** "<@U1> claims *Acme* as their Key Account" and the like, by kind. */
function headline(claim: ClaimView): string {
  const who = mention(claim.claimant);
  const client = `*${inline(claim.client, 150)}*`;
  switch (claim.kind) {
    case "claim":
      return `${who} claims ${client} as their Key Account`;
    case "release":
      return `${who} releases the Key Account ${client}`;
    case "revoke":
      return `${who} asks to revoke the Key Account ${client}`;
  }
}

/** "✅ Approved on 2025-06-16 · 2 of 2 approvals · 0 rejections" for a decided claim; null while pending. */
export function outcomeLine(claim: ClaimView, timezone: string): string | null {
  const on = (date: Date | null) => formatDate(date ?? claim.expiresAt, timezone);
  const final = tallyLine(claim.tally, { final: true });
  switch (claim.status) {
    case "PENDING":
      return null;
    case "APPROVED":
      return `✅ Approved on ${on(claim.decidedAt)} · ${final}`;
    case "REJECTED":
      return `Rejected on ${on(claim.decidedAt)} · ${final}`;
    case "EXPIRED":
      return `Expired on ${on(claim.decidedAt)} without a decision · ${final}`;
    case "WITHDRAWN":
      return `Withdrawn by ${mention(claim.claimant)} on ${on(claim.decidedAt)} · ${final}`;
  }
}

function votesLine(claim: ClaimView): string | null {
  if (claim.votes.length === 0) return null;
  const shown = claim.votes
    .slice(0, 20)
    .map((v) => `${mention(v.voter)} ${v.decision === "APPROVE" ? "approves" : "rejects"}`);
  const rest = claim.votes.length - shown.length;
  return `Votes: ${shown.join(", ")}${rest > 0 ? ` and ${rest} more` : ""}`;
}

/**
 * The root message of a claim's approval thread. While the claim is pending it
 * carries Approve and Reject buttons; once decided, the outcome and final tally
 * instead, and no buttons. Post it with `approvalRootMessage`, then update the
 * same message when the claim is decided.
 */
export function approvalRootMessage(claim: ClaimView, timezone: string): BlockMessage {
  const pending = claim.status === "PENDING";
  const summary = [headline(claim), scoreLine(claim.score, claim.verdict), reasonBullets(claim.verdictReasons, 3)];
  if (claim.kind === "claim" && claim.verdict !== "KEY") {
    summary.push(
      `*Override needed: the score's verdict is ${claim.verdict}*, so an approval overrides the score and needs a reason.`,
    );
  }
  if (claim.disputedOwner !== null) {
    summary.push(`Dispute: currently owned by ${mention(claim.disputedOwner)}`);
  }

  const blocks: KnownBlock[] = [
    section(summary.filter((line) => line.length > 0).join("\n")),
    section(`*Reason given by ${mention(claim.claimant)}:*\n${quote(claim.reason, MAX_REASON)}`),
  ];

  const status = outcomeLine(claim, timezone);
  const votes = votesLine(claim);
  if (status === null) {
    const lines = [tallyLine(claim.tally), `Expires ${formatDate(claim.expiresAt, timezone)}`];
    if (votes !== null) lines.push(votes);
    blocks.push(section(lines.join("\n")));
  } else {
    const lines = [status];
    if (claim.decisionNote !== null && claim.decisionNote.trim().length > 0) {
      lines.push(`Note: ${inline(claim.decisionNote, 500)}`);
    }
    if (votes !== null) lines.push(votes);
    blocks.push(section(lines.join("\n")));
  }
  blocks.push(
    context(
      `Claim #${claim.id} · opened ${formatDate(claim.createdAt, timezone)} · policy ${inline(claim.policyVersion, 64)}`,
    ),
  );

  if (pending) {
    const value = String(claim.id);
    blocks.push({
      type: "actions",
      block_id: BLOCKS.approvalActions,
      elements: [
        button({ text: "Approve", actionId: ACTIONS.approve, value, style: "primary" }),
        button({ text: "Reject", actionId: ACTIONS.reject, value, style: "danger" }),
      ],
    });
  }

  const text = pending
    ? `${headline(claim)} · ${tallyLine(claim.tally)}`
    : `${headline(claim)} · ${claim.status.toLowerCase()}`;
  return { text: fallback(text), blocks };
}

/**
 * The thread reply for one vote: "<@M> approved (override): reason",
 * "<@M> changed their vote to reject: reason", with the tally after it.
 */
export function voteReplyMessage(vote: VoteEvent, claim: ClaimView): BlockMessage {
  const verb = vote.decision === "APPROVE" ? "approve" : "reject";
  const override = vote.decision === "APPROVE" && vote.override ? " (override)" : "";
  const changed = vote.changedFrom !== null && vote.changedFrom !== vote.decision;
  const action = changed
    ? `changed their vote to ${verb}${override}`
    : `${verb}${verb === "approve" ? "d" : "ed"}${override}`;
  const reason = vote.reason !== null && vote.reason.trim().length > 0 ? vote.reason.trim() : null;
  const line = `${mention(vote.voter)} ${action}`;
  const body = reason === null ? line : `${line}:\n${quote(reason, MAX_REASON)}`;
  return {
    text: fallback(reason === null ? line : `${line}: ${inline(reason, 300)}`),
    blocks: [section(body), context(tallyLine(claim.tally, { final: claim.status !== "PENDING" }))],
  };
}

function decisionSentence(claim: ClaimView): string {
  const who = mention(claim.claimant);
  const client = `*${inline(claim.client, 150)}*`;
  switch (claim.status) {
    case "PENDING":
      return `The claim on ${client} is still pending.`;
    case "APPROVED":
      if (claim.kind === "claim") return `Approved: ${who} now owns ${client} as a Key Account.`;
      if (claim.kind === "release") return `Approved: ${who} no longer owns ${client}; it is open again.`;
      return `Approved: the Key Account ${client} is revoked${
        claim.disputedOwner === null ? "" : ` from ${mention(claim.disputedOwner)}`
      }; it is open again.`;
    case "REJECTED":
      return `Rejected: the ${claim.kind} by ${who} on ${client} was not approved.`;
    case "EXPIRED":
      return `Expired: the ${claim.kind} by ${who} on ${client} got no decision in time.`;
    case "WITHDRAWN":
      return `Withdrawn: ${who} withdrew their ${claim.kind} on ${client}.`;
  }
}

/** The thread reply that announces the decision, with the final tally. */
export function decisionThreadMessage(claim: ClaimView): BlockMessage {
  const sentence = decisionSentence(claim);
  const lines = [sentence, tallyLine(claim.tally, { final: true })];
  if (claim.decisionNote !== null && claim.decisionNote.trim().length > 0) {
    lines.push(`Note: ${inline(claim.decisionNote, 500)}`);
  }
  return { text: fallback(sentence), blocks: [section(lines.join("\n"))] };
}

function rejectionReasons(claim: ClaimView): string | null {
  const reasons = claim.votes.filter((v) => v.decision === "REJECT" && v.reason !== null && v.reason.trim() !== "");
  if (reasons.length === 0) return null;
  return reasons
    .slice(0, 10)
    .map((v) => `${mention(v.voter)}: ${inline(v.reason ?? "", 250)}`)
    .join("\n");
}

/**
 * The direct message that tells the claimant, or in a dispute the previous owner,
 * how a claim ended. `permalink` links the approval thread when known.
 */
export function decisionDm(
  claim: ClaimView,
  audience: "claimant" | "previousOwner",
  opts: { permalink?: string | null } = {},
): BlockMessage {
  const client = `*${inline(claim.client, 150)}*`;
  const who = mention(claim.claimant);
  const tally = tallyLine(claim.tally, { final: true });
  let sentence: string;
  if (audience === "claimant") {
    switch (claim.status) {
      case "APPROVED":
        sentence =
          claim.kind === "claim"
            ? `Your claim on ${client} was approved: it is now your Key Account.`
            : `Your ${claim.kind} request on ${client} was approved.`;
        break;
      case "REJECTED":
        sentence = `Your ${claim.kind} request on ${client} was rejected.`;
        break;
      case "EXPIRED":
        sentence = `Your ${claim.kind} request on ${client} expired without a decision. You can make it again.`;
        break;
      case "WITHDRAWN":
        sentence = `You withdrew your ${claim.kind} request on ${client}.`;
        break;
      case "PENDING":
        sentence = `Your ${claim.kind} request on ${client} is still pending.`;
        break;
    }
  } else {
    switch (claim.status) {
      case "APPROVED":
        sentence =
          claim.kind === "claim"
            ? `${who}'s claim on ${client} was approved: ${client} is now their Key Account and no longer yours.`
            : `The request by ${who} on ${client} was approved: it is no longer your Key Account.`;
        break;
      case "REJECTED":
        sentence = `${who}'s claim on ${client} was rejected; it stays your Key Account.`;
        break;
      case "EXPIRED":
        sentence = `${who}'s claim on ${client} expired without a decision; it stays your Key Account.`;
        break;
      case "WITHDRAWN":
        sentence = `${who} withdrew their claim on ${client}; it stays your Key Account.`;
        break;
      case "PENDING":
        sentence = `${who}'s claim on ${client} is still pending.`;
        break;
    }
  }
  const lines = [sentence, tally];
  const rejections = claim.status === "REJECTED" ? rejectionReasons(claim) : null;
  if (rejections !== null) lines.push(`Reasons given:\n${rejections}`);
  if (claim.decisionNote !== null && claim.decisionNote.trim().length > 0) {
    lines.push(`Note: ${inline(claim.decisionNote, 500)}`);
  }
  if (opts.permalink) lines.push(link(opts.permalink, "Open the approval thread"));
  return { text: fallback(sentence), blocks: [section(lines.join("\n"))] };
}

/**
 * The direct message to the current owner when someone claims their client: what
 * was claimed, why, and that they can answer in the approval thread.
 */
export function disputeNoticeDm(
  claim: ClaimView,
  opts: { permalink?: string | null; timezone?: string } = {},
): BlockMessage {
  const client = `*${inline(claim.client, 150)}*`;
  const sentence = `${mention(claim.claimant)} has claimed ${client}, which is covered by your Key Account.`;
  const thread = opts.permalink ? link(opts.permalink, "the approval thread") : "the approval thread";
  const lines = [
    sentence,
    `*Their reason:*\n${quote(claim.reason, MAX_REASON)}`,
    `Managers will vote on it; as the owner you are recused. You can give your side in ${thread} before the claim expires on ${formatDate(claim.expiresAt, opts.timezone ?? "UTC")}.`,
  ];
  return { text: fallback(sentence), blocks: [section(lines.join("\n"))] };
}
