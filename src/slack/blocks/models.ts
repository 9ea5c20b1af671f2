/**
 * What the builders are given: plain view models the services fill in, so no
 * builder knows about the database. Dates are instants; builders show them in the
 * policy's time zone.
 */

export type ClaimKind = "claim" | "release" | "revoke";
export type ClaimViewStatus = "PENDING" | "APPROVED" | "REJECTED" | "EXPIRED" | "WITHDRAWN";
export type VoteChoice = "APPROVE" | "REJECT";
export type VerdictView = "KEY" | "BORDERLINE" | "NOT_KEY";

/** A pending claim on the client a score card shows. */
export interface PendingClaimRef {
  claimId: number;
  claimant: string;
  permalink: string | null;
}

export interface ClaimView {
  id: number;
  kind: ClaimKind;
  clientId: number;
  client: string;
  claimant: string;
  reason: string;
  status: ClaimViewStatus;
  score: number;
  verdict: VerdictView;
  verdictReasons: string[];
  /** Current owner of the client (or of the covering ancestor) when claimed: a dispute. */
  disputedOwner: string | null;
  tally: { approvals: number; rejections: number; needed: number; waitingOn: string[] };
  votes: Array<{ voter: string; decision: VoteChoice; reason: string | null }>;
  createdAt: Date;
  expiresAt: Date;
  decidedAt: Date | null;
  decisionNote: string | null;
  policyVersion: string;
}

/** One vote as it was cast, for the thread reply. */
export interface VoteEvent {
  claimId: number;
  voter: string;
  decision: VoteChoice;
  reason: string | null;
  /** The voter's previous vote when this one changes it. */
  changedFrom: VoteChoice | null;
  /** An approval of a claim whose verdict is not KEY. */
  override: boolean;
}

/** A Key Account the viewer owns, with when and why it would lapse. */
export interface OwnedAccount {
  client: string;
  since: Date;
  reviewDueAt: Date;
  lapse: { lapsesAt: Date; reason: "inactivity" | "review"; warn: boolean; daysLeft: number };
}

/** One line of a client's audit trail. */
export interface HistoryEntry {
  at: Date;
  /** A Slack user ID, or a name such as "system" or "import". */
  actor: string;
  action: string;
  reason: string | null;
  details: string;
}
