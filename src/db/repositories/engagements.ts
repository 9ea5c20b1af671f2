import { Prisma as Sql } from "../../generated/sqlite/client.js";
import type { Database } from "../client.js";

/**
 * Bulk inserts for imports: multi-row INSERTs in one transaction, each row keyed
 * by its import key so that a re-import inserts nothing (ON CONFLICT DO NOTHING
 * works the same on SQLite and PostgreSQL).
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

/** Rows per statement: 8 parameters a row stays under SQLite's 32,766 and PostgreSQL's 65,535. */
const BATCH = 2000;

async function insertBatches<T>(db: Database, rows: T[], statement: (batch: T[]) => Sql.Sql): Promise<number> {
  if (rows.length === 0) return 0;
  return db.prisma.$transaction(
    async (tx) => {
      let inserted = 0;
      for (let i = 0; i < rows.length; i += BATCH) {
        inserted += await tx.$executeRaw(statement(rows.slice(i, i + BATCH)));
      }
      return inserted;
    },
    { timeout: 30 * 60_000, maxWait: 60_000 },
  );
}

export function insertEngagements(db: Database, rows: NewEngagement[], now: Date): Promise<number> {
  return insertBatches(
    db,
    rows,
    (batch) => Sql.sql`
    INSERT INTO "Engagement" ("importKey", "clientId", "date", "feeCents", "recruiter", "kind", "serviceLine", "createdAt")
    VALUES ${Sql.join(
      batch.map(
        (r) =>
          Sql.sql`(${r.importKey}, ${r.clientId}, ${r.date}, ${r.feeCents}, ${r.recruiter}, ${r.kind}, ${r.serviceLine}, ${now})`,
      ),
    )}
    ON CONFLICT ("importKey") DO NOTHING`,
  );
}

export function insertFeedback(db: Database, rows: NewFeedback[], now: Date): Promise<number> {
  return insertBatches(
    db,
    rows,
    (batch) => Sql.sql`
    INSERT INTO "Feedback" ("importKey", "clientId", "date", "rating", "comment", "createdAt")
    VALUES ${Sql.join(batch.map((r) => Sql.sql`(${r.importKey}, ${r.clientId}, ${r.date}, ${r.rating}, ${r.comment}, ${now})`))}
    ON CONFLICT ("importKey") DO NOTHING`,
  );
}
