/**
 * The database every benchmark starts from: migrated by the app's own migrator,
 * then holding the clients (with their parent trees and aliases), the people,
 * ratings, contracts, feedback and current owners, but no engagements yet. Rows
 * are written the way the app stores them (dates as @prisma/adapter-better-sqlite3
 * writes them), with raw SQL because this is set-up, not what is measured.
 */
import Sqlite from "better-sqlite3";
import { migrate } from "../src/db/migrate.js";
import { stripLegalSuffix } from "../src/domain/names.js";
import { nextReviewDate } from "../src/domain/ownership.js";
import type { LoadedPolicy } from "../src/policy/load.js";
import { type Dataset, sqliteDate } from "./data.js";

export async function buildBaseDatabase(path: string, data: Dataset, policy: LoadedPolicy): Promise<void> {
  await migrate(`file:${path}`);
  const db = new Sqlite(path);
  try {
    const created = sqliteDate(data.today - 4 * 365 * 86_400_000);
    db.transaction(() => {
      db.prepare('INSERT INTO "PolicyVersion" ("version", "content", "createdAt") VALUES (?, ?, ?)').run(
        policy.version,
        policy.content,
        created,
      );
      const person = db.prepare('INSERT INTO "Person" ("slackId", "email", "name", "createdAt") VALUES (?, ?, ?, ?)');
      for (const r of data.recruiters) if (r.known) person.run(r.slackId, r.email, r.email.split("@")[0], created);

      const client = db.prepare(
        'INSERT INTO "Client" ("id", "name", "normalizedName", "parentId", "createdAt") VALUES (?, ?, ?, ?, ?)',
      );
      const alias = db.prepare('INSERT INTO "ClientAlias" ("clientId", "alias", "normalized") VALUES (?, ?, ?)');
      for (const c of data.clients) {
        client.run(c.id, c.name, c.normalizedName, c.parentId, created);
        if (c.alias) alias.run(c.id, c.alias, stripLegalSuffix(c.alias));
      }

      const rating = db.prepare(
        'INSERT INTO "Rating" ("clientId", "criterion", "value", "setBy", "setAt") VALUES (?, ?, ?, ?, ?)',
      );
      for (const r of data.ratings) rating.run(r.clientId, r.criterion, r.value, "U0MANAGER1", sqliteDate(r.setAt));

      const contract = db.prepare(
        'INSERT INTO "Contract" ("clientId", "start", "end", "exclusive", "createdAt") VALUES (?, ?, ?, ?, ?)',
      );
      for (const k of data.contracts) {
        contract.run(
          k.clientId,
          sqliteDate(k.start),
          k.end === null ? null : sqliteDate(k.end),
          k.exclusive ? 1 : 0,
          created,
        );
      }

      const feedback = db.prepare(
        'INSERT INTO "Feedback" ("importKey", "clientId", "date", "rating", "comment", "createdAt") VALUES (?, ?, ?, ?, ?, ?)',
      );
      for (const f of data.feedback)
        feedback.run(f.importKey, f.clientId, sqliteDate(f.day), f.rating, f.comment, created);

      const owner = db.prepare(
        `INSERT INTO "Ownership" ("clientId", "currentFor", "owner", "since", "reviewDueAt", "source", "policyVersion", "createdAt")
         VALUES (?, ?, ?, ?, ?, 'import', ?, ?)`,
      );
      for (const o of data.owners) {
        const since = new Date(o.since);
        owner.run(
          o.clientId,
          o.clientId,
          o.owner,
          sqliteDate(since),
          sqliteDate(nextReviewDate(since, policy.policy)),
          policy.version,
          created,
        );
      }
    })();
    db.pragma("wal_checkpoint(TRUNCATE)");
  } finally {
    db.close();
  }
}
