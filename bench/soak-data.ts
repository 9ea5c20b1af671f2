/**
 * The soak benchmark's firm on PostgreSQL: a subset of bench/data.ts's generated
 * firm (the first 3,000 root clients and all 1,000 subsidiaries, whose groups sit
 * under the first 500 roots, so every subsidiary keeps its whole parent chain),
 * with their engagements, aliases, ratings, contracts, feedback and current owners.
 * Rows are written the way the app stores them, in bulk through the app's own
 * `db.sql.insertMany`; this is set-up, not what is measured.
 */
import { openDatabase } from "../src/db/client.js";
import { migrate } from "../src/db/migrate.js";
import { recordPolicyVersion } from "../src/db/repositories/policies.js";
import { stripLegalSuffix } from "../src/domain/names.js";
import { nextReviewDate } from "../src/domain/ownership.js";
import type { LoadedPolicy } from "../src/policy/load.js";
import { type Dataset, engagementRowsForSql, generateDataset } from "./data.js";

/** Root clients kept (ids 1..ROOTS); subsidiaries (ids above 9,000) are all kept. */
export const ROOTS = 3_000;

export interface SoakFirm {
  data: Dataset;
  counts: {
    clients: number;
    subsidiaries: number;
    aliases: number;
    engagements: number;
    people: number;
    ratings: number;
    contracts: number;
    feedback: number;
    owners: number;
  };
  firstDay: number;
  insertMs: number;
}

/** The generated firm cut down to the kept clients. */
export function soakDataset(today: number): Dataset {
  const full = generateDataset(today);
  const keep = new Set(full.clients.filter((c) => c.id <= ROOTS || c.parentId !== null).map((c) => c.id));
  for (const c of full.clients) {
    if (c.parentId !== null && !keep.has(c.parentId)) throw new Error(`client ${c.id} would lose its parent`);
  }
  const kept = <T extends { clientId: number }>(rows: T[]) => rows.filter((r) => keep.has(r.clientId));
  return {
    today,
    clients: full.clients.filter((c) => keep.has(c.id)),
    recruiters: full.recruiters,
    engagements: kept(full.engagements),
    ratings: kept(full.ratings),
    contracts: kept(full.contracts),
    feedback: kept(full.feedback),
    owners: kept(full.owners),
  };
}

/** Migrates `url` with the app's migrator and fills it with the soak firm. */
export async function buildSoakDatabase(
  url: string,
  today: number,
  policy: LoadedPolicy,
  managers: readonly string[],
): Promise<SoakFirm> {
  await migrate(url);
  const data = soakDataset(today);
  const t0 = performance.now();
  const db = openDatabase(url);
  try {
    const created = new Date(today - 4 * 365 * 86_400_000);
    await recordPolicyVersion(db, policy, created);
    const people: unknown[][] = data.recruiters
      .filter((r) => r.known)
      .map((r) => [r.slackId, r.email, r.email.split("@")[0], created]);
    managers.forEach((m, i) => {
      people.push([m, `manager${i + 1}@firm.example`, `Manager ${i + 1}`, created]);
    });
    await db.sql.insertMany("Person", ["slackId", "email", "name", "createdAt"], people, "slackId");
    await db.sql.insertMany(
      "Client",
      ["id", "name", "normalizedName", "parentId", "createdAt"],
      data.clients.map((c) => [c.id, c.name, c.normalizedName, c.parentId, created]),
      "id",
    );
    // Explicit ids leave the sequence behind: move it past them, as an import would have.
    await db.sql.query(`SELECT setval(pg_get_serial_sequence('"Client"', 'id'), (SELECT MAX("id") FROM "Client"))`);
    const aliases = data.clients.filter((c) => c.alias);
    await db.sql.insertMany(
      "ClientAlias",
      ["clientId", "alias", "normalized"],
      aliases.map((c) => [c.id, c.alias, stripLegalSuffix(c.alias as string)]),
      "id",
    );
    await db.sql.insertMany(
      "Rating",
      ["clientId", "criterion", "value", "setBy", "setAt"],
      data.ratings.map((r) => [r.clientId, r.criterion, r.value, managers[0], new Date(r.setAt)]),
      "id",
    );
    await db.sql.insertMany(
      "Contract",
      ["clientId", "start", "end", "exclusive", "createdAt"],
      data.contracts.map((k) => [
        k.clientId,
        new Date(k.start),
        k.end === null ? null : new Date(k.end),
        k.exclusive,
        created,
      ]),
      "id",
    );
    await db.sql.insertMany(
      "Feedback",
      ["importKey", "clientId", "date", "rating", "comment", "createdAt"],
      data.feedback.map((f) => [f.importKey, f.clientId, new Date(f.day), f.rating, f.comment, created]),
      "importKey",
    );
    await db.sql.insertMany(
      "Ownership",
      ["clientId", "currentFor", "owner", "since", "reviewDueAt", "source", "policyVersion", "createdAt"],
      data.owners.map((o) => {
        const since = new Date(o.since);
        return [
          o.clientId,
          o.clientId,
          o.owner,
          since,
          nextReviewDate(since, policy.policy),
          "import",
          policy.version,
          created,
        ];
      }),
      "currentFor",
    );
    await db.sql.insertMany(
      "Engagement",
      ["importKey", "clientId", "date", "feeCents", "recruiter", "kind", "serviceLine", "createdAt"],
      engagementRowsForSql(data, new Date(today).toISOString(), "zulu"),
      "importKey",
    );
    await db.sql.query("ANALYZE");
  } finally {
    await db.close();
  }
  const insertMs = performance.now() - t0;
  return {
    data,
    counts: {
      clients: data.clients.length,
      subsidiaries: data.clients.filter((c) => c.parentId !== null).length,
      aliases: data.clients.filter((c) => c.alias).length,
      engagements: data.engagements.length,
      people: data.recruiters.filter((r) => r.known).length + managers.length,
      ratings: data.ratings.length,
      contracts: data.contracts.length,
      feedback: data.feedback.length,
      owners: data.owners.length,
    },
    firstDay: data.engagements.reduce((min, e) => Math.min(min, e.day), Number.POSITIVE_INFINITY),
    insertMs,
  };
}
