import dayjs from "dayjs";
import type { Policy } from "../policy/schema.js";
import { DomainError } from "./errors.js";
import type { Verdict } from "./types.js";

export type ClaimStatus = "PENDING" | "APPROVED" | "REJECTED" | "EXPIRED" | "WITHDRAWN";
export type VoteDecision = "APPROVE" | "REJECT";

export interface Tally {
  approvals: number;
  rejections: number;
  /** Approvals required: `min(minApprovals, eligible voters)`. */
  needed: number;
  /** Eligible voters who have not voted yet, in the order of `eligible`. */
  waitingOn: string[];
  outcome: "APPROVED" | "REJECTED" | "PENDING";
}

const hasText = (reason: string | null | undefined): boolean => (reason ?? "").trim().length > 0;

/**
 * Managers who may vote on a claim: everyone in `managers` except the claimant,
 * the current owner and competing claimants, who all have a stake in the outcome.
 */
export const eligibleVoters = (args: {
  managers: readonly string[];
  claimant: string;
  currentOwner: string | null;
  competitors: readonly string[];
}): string[] => {
  const recused = new Set([args.claimant, ...args.competitors]);
  if (args.currentOwner !== null) recused.add(args.currentOwner);
  return [...new Set(args.managers)].filter((manager) => !recused.has(manager));
};

/**
 * Why `claimant` may not claim the client, or null when the claim may be opened.
 * `pendingClaimants` are recruiters with a pending claim on the client already; a
 * new claim joins them as a competitor (a dispute), so they are recused from voting.
 */
export const checkCanClaim = (args: {
  client: { id: number; name: string };
  claimant: string;
  managers: readonly string[];
  currentOwner: { owner: string; via: "self" | "parent" } | null;
  pendingClaimants: readonly string[];
}): DomainError | null => {
  const { client, claimant, managers, currentOwner, pendingClaimants } = args;
  const context = { clientId: client.id, client: client.name, claimant };
  if (currentOwner?.via === "self" && currentOwner.owner === claimant) {
    return new DomainError("ALREADY_OWNER", `you already own ${client.name} as a Key Account`, context);
  }
  if (pendingClaimants.includes(claimant)) {
    return new DomainError("CLAIM_PENDING", `you already have a pending claim on ${client.name}`, context);
  }
  const eligible = eligibleVoters({
    managers,
    claimant,
    currentOwner: currentOwner?.owner ?? null,
    competitors: pendingClaimants,
  });
  if (eligible.length === 0) {
    const why =
      managers.length === 0
        ? "the policy names no managers to approve claims"
        : "every manager in the policy is the claimant, the current owner or a competing claimant, and none of them may vote on it";
    return new DomainError(
      "NO_ELIGIBLE_VOTER",
      `nobody can vote on a claim on ${client.name}: ${why}. Ask an administrator to add approvers to the policy's managers.`,
      { ...context, managers: [...managers] },
    );
  }
  return null;
};

/** Why the vote may not be recorded, or null when it may. */
export const checkVote = (
  args: {
    status: ClaimStatus;
    voter: string;
    eligible: readonly string[];
    decision: VoteDecision;
    reason: string | null | undefined;
    verdict: Verdict;
    expiresAt: Date;
  },
  now: Date,
): DomainError | null => {
  const { status, voter, eligible, decision, reason, verdict, expiresAt } = args;
  const context = { voter, status };
  // Checked first: someone who may not vote learns only that, whatever the claim's state.
  if (!eligible.includes(voter)) {
    return new DomainError("NOT_APPROVER", "you are not an approver for this claim", context);
  }
  if (status !== "PENDING") {
    return new DomainError("CLAIM_DECIDED", `this claim is already ${status.toLowerCase()}`, context);
  }
  if (now.getTime() >= expiresAt.getTime()) {
    return new DomainError("CLAIM_EXPIRED", "this claim has expired", { ...context, expiresAt });
  }
  if (decision === "REJECT" && !hasText(reason)) {
    return new DomainError("REASON_REQUIRED", "a rejection needs a reason", context);
  }
  if (decision === "APPROVE" && isOverride(verdict) && !hasText(reason)) {
    return new DomainError(
      "REASON_REQUIRED",
      `the client's verdict is ${verdict}, so approving overrides the score and needs a reason`,
      { ...context, verdict },
    );
  }
  return null;
};

/**
 * The outcome of the votes cast so far. `votes` holds each voter's current vote
 * (a later entry for the same voter replaces an earlier one); votes of anyone not
 * eligible are ignored.
 */
export const tally = (
  votes: ReadonlyArray<{ voter: string; decision: VoteDecision }>,
  eligible: readonly string[],
  policy: Policy,
): Tally => {
  const eligibleSet = new Set(eligible);
  const current = new Map<string, VoteDecision>();
  for (const vote of votes) {
    if (eligibleSet.has(vote.voter)) current.set(vote.voter, vote.decision);
  }
  const decisions = [...current.values()];
  const approvals = decisions.filter((d) => d === "APPROVE").length;
  const rejections = decisions.length - approvals;
  const waitingOn = [...eligibleSet].filter((voter) => !current.has(voter));
  const { minApprovals } = policy.approval;
  const needed = Math.min(minApprovals, eligibleSet.size);
  const bestCase = approvals + waitingOn.length;

  let outcome: Tally["outcome"] = "PENDING";
  if (approvals >= needed && approvals > rejections) {
    outcome = "APPROVED";
  } else if (rejections >= minApprovals || bestCase < needed || bestCase <= rejections) {
    outcome = "REJECTED";
  }
  return { approvals, rejections, needed, waitingOn, outcome };
};

export const expiryDate = (createdAt: Date, policy: Policy): Date =>
  dayjs(createdAt).add(policy.approval.expiresAfterDays, "day").toDate();

/** A pending claim expires once `now` reaches its expiry date; decided claims never do. */
export const isExpired = (claim: { status: ClaimStatus; expiresAt: Date }, now: Date): boolean =>
  claim.status === "PENDING" && now.getTime() >= claim.expiresAt.getTime();

/** Approving a client whose verdict is not KEY overrides the score. */
export const isOverride = (verdict: Verdict): boolean => verdict !== "KEY";

/** Why `actor` may not withdraw the claim, or null when they may: only the claimant, only while pending. */
export const checkWithdraw = (claim: { status: ClaimStatus; claimant: string }, actor: string): DomainError | null => {
  if (claim.claimant !== actor) {
    return new DomainError("NOT_CLAIMANT", "only the recruiter who made this claim can withdraw it", {
      actor,
      claimant: claim.claimant,
    });
  }
  if (claim.status !== "PENDING") {
    return new DomainError("CLAIM_DECIDED", `this claim is already ${claim.status.toLowerCase()}`, {
      actor,
      status: claim.status,
    });
  }
  return null;
};
