import type { CriterionKey } from "../policy/schema.js";

/**
 * One client's own engagements, summarised as of `now`. Rows dated after `now`
 * are never counted. Produced by the database aggregates (and, for tests and as
 * the reference, by `summariseEngagements` in `scoring.ts`).
 */
export interface EngagementStats {
  /** Sum of fees (integer cents) of engagements dated in (now − 12 months, now]. */
  fees12Cents: number;
  /** Number of engagements dated in (now − 12 months, now]. */
  count12: number;
  /** Date of the latest engagement dated at or before now; null when none. */
  lastDate: Date | null;
  /** Distinct service lines of engagements dated in (now − activityWindowMonths, now]. */
  serviceLines: string[];
}

export const EMPTY_STATS: EngagementStats = { fees12Cents: 0, count12: 0, lastDate: null, serviceLines: [] };

export interface ContractFacts {
  start: Date;
  end: Date | null;
  exclusive: boolean;
}

export interface ScoringInput {
  client: { id: number; name: string };
  own: EngagementStats;
  /** Ancestors nearest first: depth 1 is the parent, 2 the grandparent, … */
  ancestors: Array<{ id: number; name: string; depth: number; stats: EngagementStats }>;
  /** Manual 0–5 ratings; null when never set. */
  ratings: { strategicImportance: number | null; longTermPotential: number | null; exclusivity: number | null };
  /** Feedback ratings (1–5) dated in (now − 12 months, now]. */
  feedback12: { count: number; mean: number | null };
  contracts: ContractFacts[];
}

export type Verdict = "KEY" | "BORDERLINE" | "NOT_KEY";

export interface CriterionResult {
  key: CriterionKey;
  label: string;
  /** weight × sub-score, rounded to one decimal. */
  points: number;
  /** The criterion's weight. */
  max: number;
  /** In [0, 1]. */
  subScore: number;
  /** False when there was no data for the criterion (shown as "unknown", scores 0). */
  known: boolean;
  /** One line with the numbers behind it, e.g. "Revenue: $12,000 of $50,000 in the last 12 months → 6/25". */
  explanation: string;
  /** Share of the sub-score that came from ancestors, in [0, 1]; only for objective criteria. */
  fromAncestors?: number;
}

export interface ScoreCard {
  clientId: number;
  client: string;
  score: number;
  verdict: Verdict;
  /** Why the verdict is what it is, in plain words. */
  reasons: string[];
  criteria: CriterionResult[];
  completeness: { known: number; total: number };
  activityGate: { passed: boolean; monthsSinceLast: number | null; windowMonths: number };
  /** Latest engagement counted for this client (its own or an ancestor's). */
  lastEngagement: { date: Date; clientName: string; ownEngagement: boolean } | null;
}
