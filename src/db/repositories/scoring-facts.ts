import { addMonths } from "../../domain/months.js";
import { type CurrentOwnership, type ResolvedOwner, resolveOwner } from "../../domain/ownership.js";
import type { ContractFacts, EngagementStats, ScoringInput } from "../../domain/types.js";
import type { Policy } from "../../policy/schema.js";
import type { Database } from "../client.js";

/**
 * The facts scoring needs, read with database aggregates in plain SQL: one scan of
 * the engagements grouped by client and service line for every client at once, and
 * the same restricted to one client's ancestor chain for a single client. Nothing
 * here loads engagement rows into memory.
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
}

function windows(policy: Policy, now: Date): Windows {
  return {
    now,
    from12: addMonths(now, -12),
    fromWindow: addMonths(now, -policy.activityWindowMonths),
  };
}

const toNumber = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));
const toDate = (value: unknown): Date | null =>
  value === null || value === undefined ? null : value instanceof Date ? value : new Date(String(value));
const nullableNumber = (value: unknown) => (value === null || value === undefined ? null : Number(value));
const toBool = (value: unknown): boolean => value === true || value === 1 || value === "1";

type Ratings = ScoringInput["ratings"];
const noRatings = (): Ratings => ({ strategicImportance: null, longTermPotential: null, exclusivity: null });
const emptyStats = (): EngagementStats => ({ fees12Cents: 0, count12: 0, lastDate: null, serviceLines: [] });

interface LineRow {
  clientId: number;
  serviceLine: string;
  fees12: unknown;
  count12: unknown;
  last: unknown;
}

/**
 * Engagements dated up to now, per (client, service line): trailing-12-month fees
 * and count, and the latest date. A service line counts for cross-selling when its
 * latest engagement falls inside the activity window.
 */
const LINES_SQL = (where: string) => `
  SELECT "clientId", "serviceLine",
         SUM(CASE WHEN "date" > ? THEN "feeCents" ELSE 0 END) AS "fees12",
         SUM(CASE WHEN "date" > ? THEN 1 ELSE 0 END) AS "count12",
         MAX("date") AS "last"
    FROM "Engagement"
   WHERE "date" <= ? ${where}
   GROUP BY "clientId", "serviceLine"`;

function statsByClient(rows: LineRow[], w: Windows): Map<number, EngagementStats> {
  const stats = new Map<number, EngagementStats>();
  const windowStart = w.fromWindow.getTime();
  for (const row of rows) {
    const id = Number(row.clientId);
    let entry = stats.get(id);
    if (!entry) {
      entry = emptyStats();
      stats.set(id, entry);
    }
    entry.fees12Cents += toNumber(row.fees12);
    entry.count12 += toNumber(row.count12);
    const last = toDate(row.last);
    if (last && (!entry.lastDate || last > entry.lastDate)) entry.lastDate = last;
    if (last && last.getTime() > windowStart) entry.serviceLines.push(row.serviceLine);
  }
  for (const entry of stats.values()) entry.serviceLines.sort();
  return stats;
}

interface ClientRow {
  id: number;
  name: string;
  parentId: number | null;
}

/** Builds a client's input from per-client facts and its ancestor chain. */
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

function ratingsByClient(rows: Array<{ clientId: number; criterion: string; value: unknown }>): Map<number, Ratings> {
  const ratings = new Map<number, Ratings>();
  for (const row of rows) {
    const id = Number(row.clientId);
    const entry = ratings.get(id) ?? noRatings();
    if (
      row.criterion === "strategicImportance" ||
      row.criterion === "longTermPotential" ||
      row.criterion === "exclusivity"
    ) {
      entry[row.criterion] = Number(row.value);
    }
    ratings.set(id, entry);
  }
  return ratings;
}

function contractsByClient(rows: Array<{ clientId: number; start: unknown; end: unknown; exclusive: unknown }>) {
  const contracts = new Map<number, ContractFacts[]>();
  for (const row of rows) {
    const id = Number(row.clientId);
    const list = contracts.get(id) ?? [];
    list.push({ start: toDate(row.start) as Date, end: toDate(row.end), exclusive: toBool(row.exclusive) });
    contracts.set(id, list);
  }
  return contracts;
}

function ownersByClient(rows: Array<{ clientId: number; owner: string; since: unknown; reviewDueAt: unknown }>) {
  return new Map<number, CurrentOwnership>(
    rows.map((r) => [
      Number(r.clientId),
      { owner: r.owner, since: toDate(r.since) as Date, reviewDueAt: toDate(r.reviewDueAt) as Date },
    ]),
  );
}

const ACTIVE_CONTRACT = `"start" <= ? AND ("end" IS NULL OR "end" >= ?)`;

/** Facts for every client: one scan of the engagements and a few small queries. */
export async function loadAllClientFacts(db: Database, policy: Policy, now: Date): Promise<ClientFacts[]> {
  const w = windows(policy, now);
  const { sql } = db;
  const [clientRows, lineRows, feedbackRows, ratingRows, contractRows, ownerRows] = await Promise.all([
    sql.query<ClientRow>(`SELECT "id", "name", "parentId" FROM "Client"`),
    sql.query<LineRow>(LINES_SQL(""), [w.from12, w.from12, w.now]),
    sql.query<{ clientId: number; n: unknown; mean: unknown }>(
      `SELECT "clientId", COUNT(*) AS "n", AVG("rating") AS "mean" FROM "Feedback"
        WHERE "date" > ? AND "date" <= ? GROUP BY "clientId"`,
      [w.from12, w.now],
    ),
    sql.query<{ clientId: number; criterion: string; value: unknown }>(
      `SELECT "clientId", "criterion", "value" FROM "Rating"`,
    ),
    sql.query<{ clientId: number; start: unknown; end: unknown; exclusive: unknown }>(
      `SELECT "clientId", "start", "end", "exclusive" FROM "Contract" WHERE ${ACTIVE_CONTRACT}`,
      [w.now, w.now],
    ),
    sql.query<{ clientId: number; owner: string; since: unknown; reviewDueAt: unknown }>(
      `SELECT "clientId", "owner", "since", "reviewDueAt" FROM "Ownership" WHERE "currentFor" IS NOT NULL`,
    ),
  ]);

  const clients = new Map<number, ClientRow>();
  for (const c of clientRows) {
    const id = Number(c.id);
    clients.set(id, { id, name: c.name, parentId: c.parentId === null ? null : Number(c.parentId) });
  }
  const stats = statsByClient(lineRows, w);
  const feedback = new Map(
    feedbackRows.map((r) => [
      Number(r.clientId),
      { count: toNumber(r.n), mean: r.mean === null ? null : Number(r.mean) },
    ]),
  );
  const ratings = ratingsByClient(ratingRows);
  const contracts = contractsByClient(contractRows);
  const owners = ownersByClient(ownerRows);
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

interface ChainRow {
  id: number;
  name: string;
  parentId: number | null;
  depth: unknown;
  feedbackCount: unknown;
  feedbackMean: unknown;
  strategic: unknown;
  longTerm: unknown;
  exclusivity: unknown;
  owner: string | null;
  ownerSince: unknown;
  ownerReviewDueAt: unknown;
}

/**
 * The client and its ancestors, nearest first, each with what scoring needs beside
 * engagements. The chain is capped in depth so a corrupt parent loop cannot run
 * forever; writes refuse loops in the first place.
 */
const CHAIN_SQL = `
  WITH RECURSIVE "chain"("id", "depth") AS (
    SELECT "id", 0 FROM "Client" WHERE "id" = ?
    UNION ALL
    SELECT c."parentId", "chain"."depth" + 1 FROM "Client" c JOIN "chain" ON c."id" = "chain"."id"
     WHERE c."parentId" IS NOT NULL AND "chain"."depth" < 64
  )
  SELECT c."id", c."name", c."parentId", ch."depth",
    (SELECT COUNT(*) FROM "Feedback" f WHERE f."clientId" = c."id" AND f."date" > ? AND f."date" <= ?) AS "feedbackCount",
    (SELECT AVG(f."rating") FROM "Feedback" f WHERE f."clientId" = c."id" AND f."date" > ? AND f."date" <= ?) AS "feedbackMean",
    (SELECT r."value" FROM "Rating" r WHERE r."clientId" = c."id" AND r."criterion" = 'strategicImportance') AS "strategic",
    (SELECT r."value" FROM "Rating" r WHERE r."clientId" = c."id" AND r."criterion" = 'longTermPotential') AS "longTerm",
    (SELECT r."value" FROM "Rating" r WHERE r."clientId" = c."id" AND r."criterion" = 'exclusivity') AS "exclusivity",
    o."owner", o."since" AS "ownerSince", o."reviewDueAt" AS "ownerReviewDueAt"
  FROM "chain" ch
  JOIN "Client" c ON c."id" = ch."id"
  LEFT JOIN "Ownership" o ON o."currentFor" = c."id"
  ORDER BY ch."depth"`;

/** Facts for one client and the chain of its ancestors, in three small indexed queries. */
export async function loadClientFacts(
  db: Database,
  clientId: number,
  policy: Policy,
  now: Date,
): Promise<ClientFacts | null> {
  const w = windows(policy, now);
  const rows = await db.sql.query<ChainRow>(CHAIN_SQL, [clientId, w.from12, w.now, w.from12, w.now]);
  const self = rows[0];
  if (!self || Number(self.id) !== clientId) return null;

  const ids = rows.map((r) => Number(r.id));
  const placeholders = ids.map(() => "?").join(", ");
  const [lineRows, contractRows] = await Promise.all([
    db.sql.query<LineRow>(LINES_SQL(`AND "clientId" IN (${placeholders})`), [w.from12, w.from12, w.now, ...ids]),
    db.sql.query<{ clientId: number; start: unknown; end: unknown; exclusive: unknown }>(
      `SELECT "clientId", "start", "end", "exclusive" FROM "Contract" WHERE "clientId" = ? AND ${ACTIVE_CONTRACT}`,
      [clientId, w.now, w.now],
    ),
  ]);
  const stats = statsByClient(lineRows, w);

  const input: ScoringInput = {
    client: { id: clientId, name: self.name },
    own: stats.get(clientId) ?? emptyStats(),
    ancestors: rows.slice(1).map((row) => ({
      id: Number(row.id),
      name: row.name,
      depth: Number(row.depth),
      stats: stats.get(Number(row.id)) ?? emptyStats(),
    })),
    ratings: {
      strategicImportance: nullableNumber(self.strategic),
      longTermPotential: nullableNumber(self.longTerm),
      exclusivity: nullableNumber(self.exclusivity),
    },
    feedback12: {
      count: toNumber(self.feedbackCount),
      mean: self.feedbackMean === null ? null : Number(self.feedbackMean),
    },
    contracts: contractsByClient(contractRows).get(clientId) ?? [],
  };

  const parentOf = new Map(rows.map((row) => [Number(row.id), row.parentId === null ? null : Number(row.parentId)]));
  // The chain query stops at the depth cap, so the top row's parent may be outside `rows`.
  const top = rows.at(-1);
  if (top) parentOf.set(Number(top.id), null);
  const owners = ownersByClient(
    rows
      .filter((row) => row.owner)
      .map((row) => ({
        clientId: row.id,
        owner: row.owner as string,
        since: row.ownerSince,
        reviewDueAt: row.ownerReviewDueAt,
      })),
  );
  return {
    input,
    parentId: self.parentId === null ? null : Number(self.parentId),
    owner: resolveOwner(clientId, parentOf, owners),
  };
}
