import { isUniqueViolation } from "../db/errors.js";
import { appendAudit } from "../db/repositories/audit.js";
import {
  type ClaimRecord,
  claimWithVotes,
  currentOwnership,
  endOwnership,
  findClaim,
  findPendingClaimFor,
  transitionClaim,
} from "../db/repositories/claims.js";
import { enqueue, type OutboxIntent } from "../db/repositories/outbox.js";
import {
  type ClaimStatus,
  checkCanClaim,
  checkVote,
  eligibleVoters,
  expiryDate,
  isOverride,
  type Tally,
  tally,
  type VoteDecision,
} from "../domain/claims.js";
import { DomainError } from "../domain/errors.js";
import { nextReviewDate } from "../domain/ownership.js";
import type { Verdict } from "../domain/types.js";
import type { Services } from "./context.js";
import { scoreOne } from "./score.js";

/**
 * Claims and votes: a recruiter claims a client, managers vote, the policy decides
 * exactly once. Every change is stored with the Slack messages it calls for (as
 * outbox intents) in one transaction; nothing here talks to Slack.
 */

export interface ClaimSummary {
  id: number;
  kind: "claim" | "release" | "revoke";
  clientId: number;
  client: string;
  claimant: string;
  reason: string;
  status: ClaimStatus;
  score: number;
  verdict: Verdict;
  verdictReasons: string[];
  disputedOwner: string | null;
  tally: { approvals: number; rejections: number; needed: number; waitingOn: string[] };
  votes: Array<{ voter: string; decision: VoteDecision; reason: string | null }>;
  createdAt: Date;
  expiresAt: Date;
  decidedAt: Date | null;
  decisionNote: string | null;
  policyVersion: string;
}

/** Outbox keys: one root message per claim; everything else refers to it. */
export const rootKey = (claimId: number) => `claim:${claimId}:root`;

/** What every decided claim sends: its root message updated to the outcome, and the claimant told. */
export function decidedIntents(claim: { id: number; channel: string | null; claimant: string }): OutboxIntent[] {
  return [
    {
      key: `claim:${claim.id}:decided-root`,
      kind: "update",
      channel: claim.channel,
      threadOf: rootKey(claim.id),
      payload: { render: "claimRoot", claimId: claim.id },
    },
    {
      key: `claim:${claim.id}:dm:claimant`,
      kind: "dm",
      channel: claim.claimant,
      payload: { render: "decisionDm", claimId: claim.id, audience: "claimant" },
    },
  ];
}

/** The verdict a vote is judged against: a revocation never overrides the score. */
const verdictFor = (claim: { kind: string; verdictAtClaim: string }): Verdict =>
  claim.kind === "revoke" ? "KEY" : (claim.verdictAtClaim as Verdict);

function eligibleFor(services: Services, claim: { claimant: string; disputedOwner: string | null }): string[] {
  return eligibleVoters({
    managers: services.policy.policy.managers,
    claimant: claim.claimant,
    currentOwner: claim.disputedOwner,
    competitors: [],
  });
}

function tallyOf(services: Services, claim: ClaimRecord): Tally {
  return tally(
    claim.votes.map((v) => ({ voter: v.voter, decision: v.decision as VoteDecision })),
    eligibleFor(services, claim),
    services.policy.policy,
  );
}

export function summarise(services: Services, claim: ClaimRecord, verdictReasons: string[] = []): ClaimSummary {
  const t = tallyOf(services, claim);
  return {
    id: claim.id,
    kind: claim.kind as ClaimSummary["kind"],
    clientId: claim.client.id,
    client: claim.client.name,
    claimant: claim.claimant,
    reason: claim.reason,
    status: claim.status as ClaimStatus,
    score: claim.scoreAtClaim,
    verdict: claim.verdictAtClaim as Verdict,
    verdictReasons,
    disputedOwner: claim.disputedOwner,
    tally: { approvals: t.approvals, rejections: t.rejections, needed: t.needed, waitingOn: t.waitingOn },
    votes: claim.votes.map((v) => ({ voter: v.voter, decision: v.decision as VoteDecision, reason: v.reason })),
    createdAt: claim.createdAt,
    expiresAt: claim.expiresAt,
    decidedAt: claim.decidedAt,
    decisionNote: claim.decisionNote,
    policyVersion: claim.policyVersion,
  };
}

export async function getClaimSummary(services: Services, claimId: number): Promise<ClaimSummary | null> {
  const claim = await findClaim(services.db, claimId);
  if (!claim) return null;
  const snapshot = await services.db.prisma.scoreSnapshot.findFirst({
    where: { clientId: claim.clientId, purpose: "claim", takenAt: { lte: claim.createdAt } },
    orderBy: { takenAt: "desc" },
    select: { breakdown: true },
  });
  const reasons = snapshot ? ((JSON.parse(snapshot.breakdown) as { reasons?: string[] }).reasons ?? []) : [];
  return summarise(services, claim, reasons);
}

export interface NewClaim {
  clientId: number;
  claimant: string;
  reason: string;
  /** "revoke": a manager asks the others to end the client's current ownership. */
  kind?: "claim" | "revoke";
}

/**
 * Opens a claim and the intent to post its approval thread, together. Refused when
 * the client already has a pending claim (with a pointer to it), when the claimant
 * already owns it, or when nobody may vote.
 */
export async function createClaim(services: Services, input: NewClaim): Promise<ClaimSummary> {
  const reason = input.reason.trim();
  if (!reason) throw new DomainError("REASON_REQUIRED", "a claim needs a reason", { clientId: input.clientId });
  const { approvalsChannel } = services.policy.policy;
  if (!approvalsChannel) {
    throw new DomainError(
      "INVALID_INPUT",
      "the policy names no approvalsChannel, so there is nowhere to open the approval thread",
    );
  }
  const score = await scoreOne(services, input.clientId);
  if (!score) throw new DomainError("UNKNOWN_CLIENT", "that client no longer exists", { clientId: input.clientId });

  const pending = await findPendingClaimFor(services.db, input.clientId);
  if (pending) {
    throw new DomainError(
      "CLAIM_PENDING",
      `${score.card.client} already has a pending claim by <@${pending.claimant}>`,
      {
        clientId: input.clientId,
        claimId: pending.id,
      },
    );
  }
  const kind = input.kind ?? "claim";
  if (kind === "revoke") {
    if (!services.policy.policy.managers.includes(input.claimant)) {
      throw new DomainError("NOT_MANAGER", "only the managers named in the policy may ask to revoke a Key Account");
    }
    if (score.owner?.via !== "self") {
      throw new DomainError(
        "NOT_OWNER",
        `${score.card.client} has no Key Account owner of its own, so there is nothing to revoke`,
      );
    }
  }
  const refusal = checkCanClaim({
    client: { id: input.clientId, name: score.card.client },
    claimant: input.claimant,
    managers: services.policy.policy.managers,
    currentOwner: score.owner ? { owner: score.owner.owner, via: score.owner.via } : null,
    pendingClaimants: [],
  });
  if (refusal) throw refusal;

  const now = services.clock();
  const disputedOwner = score.owner && score.owner.owner !== input.claimant ? score.owner.owner : null;
  const policyVersion = services.policy.version;
  let claimId: number;
  try {
    claimId = await services.db.prisma.$transaction(async (tx) => {
      const claim = await tx.claim.create({
        data: {
          clientId: input.clientId,
          pendingFor: input.clientId,
          kind,
          claimant: input.claimant,
          reason,
          disputedOwner,
          scoreAtClaim: score.card.score,
          verdictAtClaim: score.card.verdict,
          policyVersion,
          channel: approvalsChannel,
          createdAt: now,
          expiresAt: expiryDate(now, services.policy.policy),
        },
      });
      await tx.scoreSnapshot.create({
        data: {
          clientId: input.clientId,
          takenAt: now,
          purpose: "claim",
          score: score.card.score,
          verdict: score.card.verdict,
          policyVersion,
          breakdown: JSON.stringify({ reasons: score.card.reasons, criteria: score.card.criteria }),
        },
      });
      await appendAudit(tx, {
        actor: input.claimant,
        action: kind === "revoke" ? "revocation.opened" : "claim.opened",
        at: now,
        clientId: input.clientId,
        claimId: claim.id,
        reason,
        policyVersion,
        data: {
          score: score.card.score,
          verdict: score.card.verdict,
          override: isOverride(score.card.verdict),
          disputedOwner,
        },
      });
      const intents: OutboxIntent[] = [
        {
          key: rootKey(claim.id),
          kind: "post",
          channel: approvalsChannel,
          payload: { render: "claimRoot", claimId: claim.id },
        },
      ];
      if (disputedOwner) {
        intents.push({
          key: `claim:${claim.id}:dispute-notice`,
          kind: "dm",
          channel: disputedOwner,
          payload: { render: "disputeNotice", claimId: claim.id },
        });
      }
      await enqueue(tx, intents, now);
      return claim.id;
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new DomainError("CLAIM_PENDING", `${score.card.client} already has a pending claim`, {
        clientId: input.clientId,
      });
    }
    throw error;
  }
  const created = await getClaimSummary(services, claimId);
  if (!created) throw new Error(`claim ${claimId} vanished after it was created`);
  return created;
}

export interface VoteInput {
  claimId: number;
  voter: string;
  decision: VoteDecision;
  reason: string | null;
}

export type VoteOutcome =
  | { kind: "unchanged"; claim: ClaimSummary }
  | { kind: "recorded"; claim: ClaimSummary; decided: boolean; changedFrom: VoteDecision | null };

/**
 * Records a manager's vote, then decides the claim if the policy says it is decided.
 * A repeated identical vote is a no-op; a changed vote is kept in the history. The
 * decision is a conditional transition, so concurrent deciding votes decide once.
 */
export async function castVote(services: Services, input: VoteInput): Promise<VoteOutcome> {
  const now = services.clock();
  const claim = await findClaim(services.db, input.claimId);
  if (!claim) throw new DomainError("INVALID_INPUT", "that claim does not exist", { claimId: input.claimId });
  const reason = input.reason?.trim() || null;
  const refusal = checkVote(
    {
      status: claim.status as ClaimStatus,
      voter: input.voter,
      eligible: eligibleFor(services, claim),
      decision: input.decision,
      reason,
      verdict: verdictFor(claim),
      expiresAt: claim.expiresAt,
    },
    now,
  );
  if (refusal) throw refusal;

  const recorded = await recordVote(services, claim, input.voter, input.decision, reason, now);
  if (!recorded) return { kind: "unchanged", claim: summarise(services, claim) };
  const decided = await decideIfDone(services, input.claimId, now);
  const fresh = await findClaim(services.db, input.claimId);
  if (!fresh) throw new Error(`claim ${input.claimId} vanished`);
  return { kind: "recorded", claim: summarise(services, fresh), decided, changedFrom: recorded.changedFrom };
}

async function recordVote(
  services: Services,
  claim: ClaimRecord,
  voter: string,
  decision: VoteDecision,
  reason: string | null,
  now: Date,
): Promise<{ changedFrom: VoteDecision | null } | null> {
  const attempt = () =>
    services.db.prisma.$transaction(async (tx) => {
      const existing = await tx.vote.findUnique({ where: { claimId_voter: { claimId: claim.id, voter } } });
      if (existing && existing.decision === decision && (reason === null || reason === existing.reason)) return null;
      if (existing) {
        await tx.vote.update({
          where: { id: existing.id },
          data: { decision, reason: reason ?? existing.reason, updatedAt: now },
        });
      } else {
        // The unique (claim, voter) constraint turns a concurrent duplicate into P2002.
        await tx.vote.create({ data: { claimId: claim.id, voter, decision, reason, createdAt: now, updatedAt: now } });
      }
      const change = await tx.voteChange.create({ data: { claimId: claim.id, voter, decision, reason, at: now } });
      const changedFrom = existing && existing.decision !== decision ? (existing.decision as VoteDecision) : null;
      await appendAudit(tx, {
        actor: voter,
        action: existing ? "vote.changed" : "vote.cast",
        at: now,
        clientId: claim.clientId,
        claimId: claim.id,
        reason,
        policyVersion: services.policy.version,
        data: {
          decision,
          changedFrom,
          override: decision === "APPROVE" && isOverride(claim.verdictAtClaim as Verdict),
        },
      });
      await enqueue(
        tx,
        [
          {
            key: `vote:${change.id}`,
            kind: "post",
            channel: claim.channel,
            threadOf: rootKey(claim.id),
            payload: { render: "voteReply", claimId: claim.id, voter, decision, reason, changedFrom },
          },
          {
            key: `claim:${claim.id}:refresh:${change.id}`,
            kind: "update",
            channel: claim.channel,
            threadOf: rootKey(claim.id),
            payload: { render: "claimRoot", claimId: claim.id },
          },
        ],
        now,
      );
      return { changedFrom };
    });
  try {
    return await attempt();
  } catch (error) {
    // Someone (a double click, a retry) inserted the same voter's vote first: read it and go again.
    if (isUniqueViolation(error)) return attempt();
    throw error;
  }
}

/**
 * Decides the claim when its votes settle it. Runs after the vote's own transaction
 * has committed, so the last of several concurrent votes always sees them all; the
 * conditional transition lets exactly one of them decide.
 */
async function decideIfDone(services: Services, claimId: number, now: Date): Promise<boolean> {
  return services.db.prisma.$transaction(async (tx) => {
    const claim = await tx.claim.findUnique({ where: { id: claimId }, include: claimWithVotes });
    if (claim?.status !== "PENDING") return false;
    const result = tallyOf(services, claim);
    if (result.outcome === "PENDING") return false;
    const note = `${result.approvals} approval${result.approvals === 1 ? "" : "s"}, ${result.rejections} rejection${result.rejections === 1 ? "" : "s"}`;
    const won = await transitionClaim(tx, claim, { status: result.outcome, decidedAt: now, decisionNote: note });
    if (!won) return false;

    const policyVersion = services.policy.version;
    let previousOwner: string | null = null;
    if (result.outcome === "APPROVED" && claim.kind === "revoke") {
      const current = await currentOwnership(tx, claim.clientId);
      if (current) {
        previousOwner = current.owner;
        await endOwnership(tx, current.id, now, "revoked");
        await appendAudit(tx, {
          actor: "keyholder",
          action: "ownership.revoked",
          at: now,
          clientId: claim.clientId,
          claimId: claim.id,
          reason: claim.reason,
          policyVersion,
          data: { owner: current.owner, requestedBy: claim.claimant },
        });
      }
    } else if (result.outcome === "APPROVED") {
      const current = await currentOwnership(tx, claim.clientId);
      if (current) {
        previousOwner = current.owner;
        await endOwnership(tx, current.id, now, "replaced");
      }
      await tx.ownership.create({
        data: {
          clientId: claim.clientId,
          currentFor: claim.clientId,
          owner: claim.claimant,
          since: now,
          reviewDueAt: nextReviewDate(now, services.policy.policy),
          source: "claim",
          claimId: claim.id,
          policyVersion,
          createdAt: now,
        },
      });
      await appendAudit(tx, {
        actor: "keyholder",
        action: "ownership.granted",
        at: now,
        clientId: claim.clientId,
        claimId: claim.id,
        policyVersion,
        data: { owner: claim.claimant, previousOwner, reviewDueAt: nextReviewDate(now, services.policy.policy) },
      });
    }
    await appendAudit(tx, {
      actor: "keyholder",
      action: `${claim.kind === "revoke" ? "revocation" : "claim"}.${result.outcome === "APPROVED" ? "approved" : "rejected"}`,
      at: now,
      clientId: claim.clientId,
      claimId: claim.id,
      reason: note,
      policyVersion,
      data: { approvals: result.approvals, rejections: result.rejections, needed: result.needed },
    });
    const intents: OutboxIntent[] = [
      {
        key: `claim:${claim.id}:decision`,
        kind: "post",
        channel: claim.channel,
        threadOf: rootKey(claim.id),
        payload: { render: "decisionReply", claimId: claim.id },
      },
      ...decidedIntents(claim),
    ];
    const toldOwner = previousOwner ?? claim.disputedOwner;
    if (toldOwner && toldOwner !== claim.claimant) {
      intents.push({
        key: `claim:${claim.id}:dm:previous-owner`,
        kind: "dm",
        channel: toldOwner,
        payload: { render: "decisionDm", claimId: claim.id, audience: "previousOwner" },
      });
    }
    await enqueue(tx, intents, now);
    return true;
  });
}

/**
 * Whether `voter` may vote on the claim now, and whether the vote needs a reason
 * (a rejection, or an approval that overrides the verdict). Refusals throw.
 */
export async function checkVoter(
  services: Services,
  input: { claimId: number; voter: string; decision: VoteDecision },
): Promise<{ client: string; needsReason: boolean; override: boolean }> {
  const claim = await findClaim(services.db, input.claimId);
  if (!claim) throw new DomainError("INVALID_INPUT", "that claim does not exist", { claimId: input.claimId });
  const override = input.decision === "APPROVE" && isOverride(verdictFor(claim));
  const refusal = checkVote(
    {
      status: claim.status as ClaimStatus,
      voter: input.voter,
      eligible: eligibleFor(services, claim),
      decision: input.decision,
      // The reason is asked for next; here only who and when are checked.
      reason: "pending",
      verdict: verdictFor(claim),
      expiresAt: claim.expiresAt,
    },
    services.clock(),
  );
  if (refusal) throw refusal;
  return { client: claim.client.name, needsReason: input.decision === "REJECT" || override, override };
}

/**
 * Decides every pending claim whose votes already settle it. A process that dies
 * between storing a deciding vote and deciding leaves such a claim; every instance
 * runs this at start (the conditional transition keeps it to one decision).
 */
export async function settlePendingClaims(services: Services): Promise<number> {
  const pending = await services.db.prisma.claim.findMany({ where: { status: "PENDING" }, select: { id: true } });
  let decided = 0;
  for (const { id } of pending) if (await decideIfDone(services, id, services.clock())) decided += 1;
  return decided;
}
