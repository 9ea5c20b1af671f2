import dayjs from "dayjs";
import { type CurrentOwnership, type ResolvedOwner, resolveOwner } from "../../domain/ownership.js";
import type { ContractFacts, EngagementStats, ScoringInput } from "../../domain/types.js";
import { Prisma as Sql } from "../../generated/sqlite/client.js";
import type { Policy } from "../../policy/schema.js";
import type { Database } from "../client.js";

/**
 * The facts scoring needs, read with database aggregates: grouped queries over
 * indexed columns for every client at once, and one correlated query for a single
 * client and its ancestors. Nothing here loads engagement rows into memory.
 */

export interface ClientFacts {
  input: ScoringInput;
  parentId: number | null;
  /** The Key Account owner: the client's own, or the nearest ancestor's ("via parent"). */
  owner: ResolvedOwner | null;
}

interface Windows {
  now: Date;
  from12: Date;
  fromWindow: Date;
  plus12: Date;
}

function windows(policy: Policy, now: Date): Windows {
  return {
    now,
    from12: dayjs(now).subtract(12, "month").toDate(),
    fromWindow: dayjs(now).subtract(policy.activityWindowMonths, "month").toDate(),
    plus12: dayjs(now).add(12, "month").toDate(),
  };
}

const toNumber = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));
const toDate = (value: unknown): Date | null =>
  value === null || value === undefined ? null : value instanceof Date ? value : new Date(String(value));
const toBool = (value: unknown): boolean => value === true || value === 1 || value === 1n || value === "1";

/** Service lines come back joined by a separator no service line contains (import trims and limits them). */
const LINE_SEPARATOR = "\u001f";
const splitLines = (value: unknown): string[] =>
  value ? [...new Set(String(value).split(LINE_SEPARATOR))].sort() : [];

/**
 * The service lines of the rows in scope, joined by LINE_SEPARATOR (duplicates are
 * dropped when split). SQLite's group_concat cannot combine DISTINCT with a separator.
 */
function joinedLines(db: Database, column: Sql.Sql): Sql.Sql {
  return db.provider === "sqlite"
    ? Sql.sql`group_concat(${column}, char(31))`
    : Sql.sql`string_agg(DISTINCT ${column}, ${LINE_SEPARATOR})`;
}

type Ratings = ScoringInput["ratings"];
const noRatings = (): Ratings => ({ strategicImportance: null, longTermPotential: null, exclusivity: null });

function setRating(ratings: Ratings, criterion: string, value: number): void {
  if (criterion === "strategicImportance" || criterion === "longTermPotential" || criterion === "exclusivity") {
    ratings[criterion] = value;
  }
}

interface ClientRow {
  id: number;
  name: string;
  parentId: number | null;
}

/** Builds each client's input from per-client facts and the ancestor chain. */
function assemble(
  clients: Map<number, ClientRow>,
  stats: Map<number, EngagementStats>,
  id: number,
  extra: Omit<ScoringInput, "client" | "own" | "ancestors">,
): ScoringInput {
  const client = clients.get(id);
  if (!client) throw new Error(`client ${id} vanished while scoring`);
  const ancestors: ScoringInput["ancestors"] = [];
  const seen = new Set([id]);
  let parentId = client.parentId;
  while (parentId !== null && !seen.has(parentId)) {
    const parent = clients.get(parentId);
    if (!parent) break;
    seen.add(parentId);
    ancestors.push({
      id: parent.id,
      name: parent.name,
      depth: ancestors.length + 1,
      stats: stats.get(parent.id) ?? emptyStats(),
    });
    parentId = parent.parentId;
  }
  return { client: { id, name: client.name }, own: stats.get(id) ?? emptyStats(), ancestors, ...extra };
}

const emptyStats = (): EngagementStats => ({ fees12Cents: 0, count12: 0, lastDate: null, serviceLines: [] });

/** Facts for every client, in a handful of grouped queries. */
export async function loadAllClientFacts(db: Database, policy: Policy, now: Date): Promise<ClientFacts[]> {
  const w = windows(policy, now);
  const { prisma } = db;
  const [clientRows, engagementRows, lineRows, feedbackRows, ratingRows, contractRows, ownerRows] = await Promise.all([
    prisma.$queryRaw<ClientRow[]>`SELECT "id", "name", "parentId" FROM "Client"`,
    prisma.$queryRaw<Array<{ clientId: number; fees12: unknown; count12: unknown; last: unknown }>>`
      SELECT "clientId",
             SUM(CASE WHEN "date" > ${w.from12} THEN "feeCents" ELSE 0 END) AS "fees12",
             SUM(CASE WHEN "date" > ${w.from12} THEN 1 ELSE 0 END) AS "count12",
             MAX("date") AS "last"
        FROM "Engagement" WHERE "date" <= ${w.now} GROUP BY "clientId"`,
    prisma.$queryRaw<Array<{ clientId: number; lines: unknown }>>`
      SELECT "clientId", ${joinedLines(db, Sql.sql`"serviceLine"`)} AS "lines"
        FROM (SELECT DISTINCT "clientId", "serviceLine" FROM "Engagement"
               WHERE "date" > ${w.fromWindow} AND "date" <= ${w.now}) AS "recent"
       GROUP BY "clientId"`,
    prisma.$queryRaw<Array<{ clientId: number; n: unknown; mean: unknown }>>`
      SELECT "clientId", COUNT(*) AS "n", AVG("rating") AS "mean"
        FROM "Feedback" WHERE "date" > ${w.from12} AND "date" <= ${w.now} GROUP BY "clientId"`,
    prisma.$queryRaw<Array<{ clientId: number; criterion: string; value: number }>>`
      SELECT "clientId", "criterion", "value" FROM "Rating"`,
    prisma.$queryRaw<Array<{ clientId: number; start: unknown; end: unknown; exclusive: unknown }>>`
      SELECT "clientId", "start", "end", "exclusive" FROM "Contract"
       WHERE "start" <= ${w.now} AND ("end" IS NULL OR "end" >= ${w.now})`,
    prisma.$queryRaw<Array<{ clientId: number; owner: string; since: unknown; reviewDueAt: unknown }>>`
      SELECT "clientId", "owner", "since", "reviewDueAt" FROM "Ownership" WHERE "currentFor" IS NOT NULL`,
  ]);

  const clients = new Map(
    clientRows.map((c) => [
      Number(c.id),
      { ...c, id: Number(c.id), parentId: c.parentId === null ? null : Number(c.parentId) },
    ]),
  );
  const stats = new Map<number, EngagementStats>();
  for (const row of engagementRows) {
    stats.set(Number(row.clientId), {
      fees12Cents: toNumber(row.fees12),
      count12: toNumber(row.count12),
      lastDate: toDate(row.last),
      serviceLines: [],
    });
  }
  for (const row of lineRows) {
    const entry = stats.get(Number(row.clientId));
    if (entry) entry.serviceLines = splitLines(row.lines);
  }
  const feedback = new Map(
    feedbackRows.map((r) => [
      Number(r.clientId),
      { count: toNumber(r.n), mean: r.mean === null ? null : Number(r.mean) },
    ]),
  );
  const ratings = new Map<number, Ratings>();
  for (const row of ratingRows) {
    const id = Number(row.clientId);
    const entry = ratings.get(id) ?? noRatings();
    setRating(entry, row.criterion, Number(row.value));
    ratings.set(id, entry);
  }
  const contracts = new Map<number, ContractFacts[]>();
  for (const row of contractRows) {
    const id = Number(row.clientId);
    const list = contracts.get(id) ?? [];
    list.push({ start: toDate(row.start) as Date, end: toDate(row.end), exclusive: toBool(row.exclusive) });
    contracts.set(id, list);
  }
  const owners = new Map<number, CurrentOwnership>(
    ownerRows.map((r) => [
      Number(r.clientId),
      { owner: r.owner, since: toDate(r.since) as Date, reviewDueAt: toDate(r.reviewDueAt) as Date },
    ]),
  );
  const parentOf = new Map([...clients.values()].map((c) => [c.id, c.parentId]));

  return [...clients.values()].map((client) => ({
    parentId: client.parentId,
    owner: resolveOwner(client.id, parentOf, owners),
    input: assemble(clients, stats, client.id, {
      ratings: ratings.get(client.id) ?? noRatings(),
      feedback12: feedback.get(client.id) ?? { count: 0, mean: null },
      contracts: contracts.get(client.id) ?? [],
    }),
  }));
}

/**
 * Facts for one client and the chain of its ancestors, in one query (plus one more
 * only when the client has an active contract). The chain is capped in depth so a
 * corrupt parent loop cannot run forever; writes refuse loops in the first place.
 */
export async function loadClientFacts(
  db: Database,
  clientId: number,
  policy: Policy,
  now: Date,
): Promise<ClientFacts | null> {
  const w = windows(policy, now);
  const rows = await db.prisma.$queryRaw<
    Array<{
      id: number;
      name: string;
      parentId: number | null;
      depth: unknown;
      fees12: unknown;
      count12: unknown;
      last: unknown;
      lines: unknown;
      feedbackCount: unknown;
      feedbackMean: unknown;
      strategic: unknown;
      longTerm: unknown;
      exclusivity: unknown;
      activeContracts: unknown;
      owner: string | null;
      ownerSince: unknown;
      ownerReviewDueAt: unknown;
    }>
  >`
    WITH RECURSIVE "chain"("id", "depth") AS (
      SELECT "id", 0 FROM "Client" WHERE "id" = ${clientId}
      UNION ALL
      SELECT c."parentId", "chain"."depth" + 1 FROM "Client" c JOIN "chain" ON c."id" = "chain"."id"
       WHERE c."parentId" IS NOT NULL AND "chain"."depth" < 64
    )
    SELECT c."id", c."name", c."parentId", ch."depth",
      (SELECT SUM("feeCents") FROM "Engagement" e WHERE e."clientId" = c."id" AND e."date" > ${w.from12} AND e."date" <= ${w.now}) AS "fees12",
      (SELECT COUNT(*) FROM "Engagement" e WHERE e."clientId" = c."id" AND e."date" > ${w.from12} AND e."date" <= ${w.now}) AS "count12",
      (SELECT MAX("date") FROM "Engagement" e WHERE e."clientId" = c."id" AND e."date" <= ${w.now}) AS "last",
      (SELECT ${joinedLines(db, Sql.sql`e."serviceLine"`)} FROM "Engagement" e WHERE e."clientId" = c."id" AND e."date" > ${w.fromWindow} AND e."date" <= ${w.now}) AS "lines",
      (SELECT COUNT(*) FROM "Feedback" f WHERE f."clientId" = c."id" AND f."date" > ${w.from12} AND f."date" <= ${w.now}) AS "feedbackCount",
      (SELECT AVG(f."rating") FROM "Feedback" f WHERE f."clientId" = c."id" AND f."date" > ${w.from12} AND f."date" <= ${w.now}) AS "feedbackMean",
      (SELECT r."value" FROM "Rating" r WHERE r."clientId" = c."id" AND r."criterion" = 'strategicImportance') AS "strategic",
      (SELECT r."value" FROM "Rating" r WHERE r."clientId" = c."id" AND r."criterion" = 'longTermPotential') AS "longTerm",
      (SELECT r."value" FROM "Rating" r WHERE r."clientId" = c."id" AND r."criterion" = 'exclusivity') AS "exclusivity",
      (SELECT COUNT(*) FROM "Contract" k WHERE k."clientId" = c."id" AND k."start" <= ${w.now} AND (k."end" IS NULL OR k."end" >= ${w.now})) AS "activeContracts",
      o."owner", o."since" AS "ownerSince", o."reviewDueAt" AS "ownerReviewDueAt"
    FROM "chain" ch
    JOIN "Client" c ON c."id" = ch."id"
    LEFT JOIN "Ownership" o ON o."currentFor" = c."id"
    ORDER BY ch."depth"`;

  const self = rows[0];
  if (!self || Number(self.id) !== clientId) return null;
  const statsOf = (row: (typeof rows)[number]): EngagementStats => ({
    fees12Cents: toNumber(row.fees12),
    count12: toNumber(row.count12),
    lastDate: toDate(row.last),
    serviceLines: splitLines(row.lines),
  });
  const nullable = (value: unknown) => (value === null || value === undefined ? null : Number(value));

  let contracts: ContractFacts[] = [];
  if (toNumber(self.activeContracts) > 0) {
    const active = await db.prisma.contract.findMany({
      where: { clientId, start: { lte: now }, OR: [{ end: null }, { end: { gte: now } }] },
      select: { start: true, end: true, exclusive: true },
    });
    contracts = active;
  }

  const input: ScoringInput = {
    client: { id: clientId, name: self.name },
    own: statsOf(self),
    ancestors: rows.slice(1).map((row) => ({
      id: Number(row.id),
      name: row.name,
      depth: Number(row.depth),
      stats: statsOf(row),
    })),
    ratings: {
      strategicImportance: nullable(self.strategic),
      longTermPotential: nullable(self.longTerm),
      exclusivity: nullable(self.exclusivity),
    },
    feedback12: {
      count: toNumber(self.feedbackCount),
      mean: self.feedbackMean === null ? null : Number(self.feedbackMean),
    },
    contracts,
  };
  const parentOf = new Map(rows.map((row) => [Number(row.id), row.parentId === null ? null : Number(row.parentId)]));
  const owners = new Map<number, CurrentOwnership>();
  for (const row of rows) {
    if (row.owner) {
      owners.set(Number(row.id), {
        owner: row.owner,
        since: toDate(row.ownerSince) as Date,
        reviewDueAt: toDate(row.ownerReviewDueAt) as Date,
      });
    }
  }
  // The chain query stops at the depth cap, so the top row's parent may be outside `rows`.
  const top = rows.at(-1);
  if (top) parentOf.set(Number(top.id), null);
  return {
    input,
    parentId: self.parentId === null ? null : Number(self.parentId),
    owner: resolveOwner(clientId, parentOf, owners),
  };
}
