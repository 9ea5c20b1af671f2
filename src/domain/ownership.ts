import dayjs from "dayjs";
import type { Policy } from "../policy/schema.js";
import { DomainError } from "./errors.js";

/** Parent of each client by id; null for a top-level client. */
export type ParentMap = ReadonlyMap<number, number | null>;

export interface CurrentOwnership {
  owner: string;
  since: Date;
  reviewDueAt: Date;
}

export interface ResolvedOwner extends CurrentOwnership {
  /** The client whose Key Account this is: the client itself or an ancestor. */
  ownerClientId: number;
  via: "self" | "parent";
}

export interface LapseStatus {
  lapsesAt: Date;
  reason: "inactivity" | "review";
  lapsed: boolean;
  warn: boolean;
  /** Whole days until the lapse, rounded up; 0 once lapsed. */
  daysLeft: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The client's ancestors, nearest first. Throws `PARENT_CYCLE` when the chain loops. */
export const findAncestors = (clientId: number, parentOf: ParentMap): number[] => {
  const ancestors: number[] = [];
  const seen = new Set([clientId]);
  let current = parentOf.get(clientId) ?? null;
  while (current !== null) {
    if (seen.has(current)) {
      throw new DomainError("PARENT_CYCLE", `the parent chain of client ${clientId} loops back to client ${current}`, {
        clientId,
        chain: [clientId, ...ancestors, current],
      });
    }
    seen.add(current);
    ancestors.push(current);
    current = parentOf.get(current) ?? null;
  }
  return ancestors;
};

/**
 * True when making `newParentId` the parent of `clientId` would put a loop in the
 * client's parent chain: the new parent is the client itself or one of its
 * descendants, or the new parent's own chain already loops.
 */
export const wouldCreateCycle = (clientId: number, newParentId: number | null, parentOf: ParentMap): boolean => {
  if (newParentId === null) return false;
  if (newParentId === clientId) return true;
  try {
    return findAncestors(newParentId, parentOf).includes(clientId);
  } catch {
    return true;
  }
};

/**
 * Who holds the client as a Key Account: its own owner, else the owner of the
 * nearest ancestor that is a Key Account (a subsidiary is covered by its parent).
 */
export const resolveOwner = (
  clientId: number,
  parentOf: ParentMap,
  currentOwners: ReadonlyMap<number, CurrentOwnership>,
): ResolvedOwner | null => {
  const own = currentOwners.get(clientId);
  if (own) return { ...own, ownerClientId: clientId, via: "self" };
  for (const ancestorId of findAncestors(clientId, parentOf)) {
    const ownership = currentOwners.get(ancestorId);
    if (ownership) return { ...ownership, ownerClientId: ancestorId, via: "parent" };
  }
  return null;
};

/**
 * When and why an ownership lapses: after `ownershipLapseMonths` without a credited
 * engagement (counted from `since` when the owner has none yet), or at the review
 * date if the review is not renewed, whichever comes first.
 */
export const lapseStatus = (
  ownership: { since: Date; lastCreditedEngagement: Date | null; reviewDueAt: Date },
  policy: Policy,
  now: Date,
): LapseStatus => {
  const { since, lastCreditedEngagement, reviewDueAt } = ownership;
  const activeFrom =
    lastCreditedEngagement !== null && lastCreditedEngagement.getTime() > since.getTime()
      ? lastCreditedEngagement
      : since;
  const inactivityAt = dayjs(activeFrom).add(policy.ownershipLapseMonths, "month").toDate();
  const byInactivity = inactivityAt.getTime() <= reviewDueAt.getTime();
  const lapsesAt = byInactivity ? inactivityAt : new Date(reviewDueAt.getTime());
  const msLeft = lapsesAt.getTime() - now.getTime();
  const lapsed = msLeft <= 0;
  return {
    lapsesAt,
    reason: byInactivity ? "inactivity" : "review",
    lapsed,
    warn: !lapsed && msLeft <= policy.lapseWarningDays * DAY_MS,
    daysLeft: lapsed ? 0 : Math.ceil(msLeft / DAY_MS),
  };
};

/** The review date that follows an approval or a renewal on `from`. */
export const nextReviewDate = (from: Date, policy: Policy): Date =>
  dayjs(from).add(policy.reviewPeriodMonths, "month").toDate();

/**
 * The first review date after `now` on the ownership's yearly (or policy) rhythm:
 * an ownership recorded long after it began is reviewed on its next anniversary,
 * not found overdue the moment it is imported.
 */
export const nextReviewAfter = (since: Date, now: Date, policy: Policy): Date => {
  let due = nextReviewDate(since, policy);
  for (let periods = 2; due.getTime() <= now.getTime(); periods += 1) {
    due = dayjs(since)
      .add(policy.reviewPeriodMonths * periods, "month")
      .toDate();
  }
  return due;
};
