import type { Database } from "../client.js";

/**
 * Bulk inserts for imports, in one transaction, each row keyed by its import key so
 * that a re-import inserts nothing (ON CONFLICT DO NOTHING, on both databases).
 */

export interface NewEngagement {
  importKey: string;
  clientId: number;
  date: Date;
  feeCents: number;
  recruiter: string;
  kind: string;
  serviceLine: string;
}

export interface NewFeedback {
  importKey: string;
  clientId: number;
  date: Date;
  rating: number;
  comment: string | null;
}

/** The columns of a stored engagement, in the order `insertEngagements` writes them. */
export const ENGAGEMENT_COLUMNS = [
  "importKey",
  "clientId",
  "date",
  "feeCents",
  "recruiter",
  "kind",
  "serviceLine",
  "createdAt",
];
const FEEDBACK_COLUMNS = ["importKey", "clientId", "date", "rating", "comment", "createdAt"];

export function insertEngagements(db: Database, rows: Iterable<NewEngagement>, now: Date): Promise<number> {
  function* values() {
    for (const r of rows) yield [r.importKey, r.clientId, r.date, r.feeCents, r.recruiter, r.kind, r.serviceLine, now];
  }
  return db.sql.insertMany("Engagement", ENGAGEMENT_COLUMNS, values(), "importKey");
}

export function insertFeedback(db: Database, rows: readonly NewFeedback[], now: Date): Promise<number> {
  return db.sql.insertMany(
    "Feedback",
    FEEDBACK_COLUMNS,
    rows.map((r) => [r.importKey, r.clientId, r.date, r.rating, r.comment, now]),
    "importKey",
  );
}
