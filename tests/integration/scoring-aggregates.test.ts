import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../../src/db/client.js";
import { migrate } from "../../src/db/migrate.js";
import { recordPolicyVersion } from "../../src/db/repositories/policies.js";
import { scoreClient, summariseEngagements } from "../../src/domain/scoring.js";
import type { ScoringInput } from "../../src/domain/types.js";
import { parsePolicy } from "../../src/policy/load.js";
import { fixedClock } from "../../src/services/clock.js";
import type { Services } from "../../src/services/context.js";
import { scoreAll, scoreOne } from "../../src/services/score.js";
import { freshDatabase, PROVIDERS } from "../support/databases.js";

/**
 * The database aggregates must give exactly what the in-memory reference gives from
 * the raw rows, for every client, on both databases — including rows dated in the
 * future, subsidiaries several levels deep, and clients with no data at all.
 */

const NOW = new Date("2026-06-15T12:00:00Z");
const DAY = 86_400_000;
const LINES = ["IT", "Finance", "Engineering", "Healthcare", "Admin", "Logistics"];

function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Generated {
  clients: Array<{ id: number; name: string; parentId: number | null }>;
  engagements: Array<{ clientId: number; date: Date; feeCents: number; serviceLine: string }>;
  feedback: Array<{ clientId: number; date: Date; rating: number }>;
  ratings: Array<{ clientId: number; criterion: string; value: number }>;
  contracts: Array<{ clientId: number; start: Date; end: Date | null; exclusive: boolean }>;
}

function generate(): Generated {
  const random = prng(42);
  const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)] as T;
  const clients: Generated["clients"] = [];
  for (let id = 1; id <= 120; id++) {
    // Every fifth client is a subsidiary of an earlier one: chains up to several levels.
    const parentId = id > 5 && id % 5 === 0 ? Math.max(1, id - 5) : null;
    clients.push({ id, name: `Client ${String(id).padStart(3, "0")}`, parentId });
  }
  const engagements: Generated["engagements"] = [];
  for (const client of clients) {
    const n = client.id % 11 === 0 ? 0 : Math.floor(random() * 12);
    for (let i = 0; i < n; i++) {
      // Dates from four years back to sixty days ahead: some rows lie in the future.
      const date = new Date(NOW.getTime() - Math.floor(random() * 1520) * DAY + 60 * DAY);
      date.setUTCHours(0, 0, 0, 0);
      engagements.push({
        clientId: client.id,
        date,
        feeCents: Math.floor(random() * 3_000_000),
        serviceLine: pick(LINES),
      });
    }
  }
  // One engagement exactly on the 12-month boundary, which must not count as "in the last 12 months".
  engagements.push({ clientId: 1, date: new Date("2025-06-15T12:00:00Z"), feeCents: 12_345, serviceLine: "IT" });
  const feedback: Generated["feedback"] = [];
  const ratings: Generated["ratings"] = [];
  const contracts: Generated["contracts"] = [];
  for (const client of clients) {
    if (random() < 0.4) {
      feedback.push({
        clientId: client.id,
        date: new Date(NOW.getTime() - Math.floor(random() * 500) * DAY),
        rating: 1 + Math.floor(random() * 5),
      });
    }
    for (const criterion of ["strategicImportance", "longTermPotential", "exclusivity"]) {
      if (random() < 0.3) ratings.push({ clientId: client.id, criterion, value: Math.floor(random() * 6) });
    }
    if (random() < 0.2) {
      const start = new Date(NOW.getTime() - Math.floor(random() * 700) * DAY);
      const end = random() < 0.3 ? null : new Date(start.getTime() + Math.floor(random() * 1100) * DAY);
      contracts.push({ clientId: client.id, start, end, exclusive: random() < 0.3 });
    }
  }
  return { clients, engagements, feedback, ratings, contracts };
}

/** The reference: the domain's own summary of the raw rows, with no database in between. */
function referenceInput(
  data: Generated,
  clientId: number,
  policy: ReturnType<typeof parsePolicy>["policy"],
): ScoringInput {
  const byId = new Map(data.clients.map((c) => [c.id, c]));
  const stats = (id: number) =>
    summariseEngagements(
      data.engagements.filter((e) => e.clientId === id),
      policy,
      NOW,
    );
  const ancestors: ScoringInput["ancestors"] = [];
  let parentId = byId.get(clientId)?.parentId ?? null;
  while (parentId !== null) {
    const parent = byId.get(parentId);
    if (!parent) break;
    ancestors.push({ id: parent.id, name: parent.name, depth: ancestors.length + 1, stats: stats(parent.id) });
    parentId = parent.parentId;
  }
  const yearAgo = new Date(NOW);
  yearAgo.setUTCFullYear(yearAgo.getUTCFullYear() - 1);
  const recent = data.feedback.filter((f) => f.clientId === clientId && f.date > yearAgo && f.date <= NOW);
  const rating = (criterion: string) =>
    data.ratings.find((r) => r.clientId === clientId && r.criterion === criterion)?.value ?? null;
  return {
    client: { id: clientId, name: byId.get(clientId)?.name ?? "" },
    own: stats(clientId),
    ancestors,
    ratings: {
      strategicImportance: rating("strategicImportance"),
      longTermPotential: rating("longTermPotential"),
      exclusivity: rating("exclusivity"),
    },
    feedback12: {
      count: recent.length,
      mean: recent.length === 0 ? null : recent.reduce((s, f) => s + f.rating, 0) / recent.length,
    },
    contracts: data.contracts.filter(
      (c) => c.clientId === clientId && c.start <= NOW && (c.end === null || c.end >= NOW),
    ),
  };
}

describe.each(PROVIDERS)("scores from database aggregates on %s", (provider) => {
  const data = generate();
  const policy = parsePolicy({}, "test");
  let db: Database;
  let services: Services;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    const fresh = await freshDatabase(provider, "aggregates");
    dispose = fresh.dispose;
    await migrate(fresh.url);
    db = openDatabase(fresh.url);
    await recordPolicyVersion(db, policy, NOW);
    services = { db, policy, clock: fixedClock(NOW) };
    await db.prisma.client.createMany({
      data: data.clients.map((c) => ({ id: c.id, name: c.name, normalizedName: c.name.toLowerCase() })),
    });
    for (const c of data.clients.filter((c) => c.parentId !== null)) {
      await db.prisma.client.update({ where: { id: c.id }, data: { parentId: c.parentId } });
    }
    await db.prisma.engagement.createMany({
      data: data.engagements.map((e) => ({ ...e, recruiter: "U0TEST", kind: "placement" })),
    });
    await db.prisma.feedback.createMany({ data: data.feedback });
    await db.prisma.rating.createMany({ data: data.ratings.map((r) => ({ ...r, setBy: "U0MGR", setAt: NOW })) });
    await db.prisma.contract.createMany({ data: data.contracts });
  });
  afterAll(async () => {
    await db?.close();
    await dispose?.();
  });

  it("scoring every client at once matches the in-memory reference for each client", async () => {
    const all = await scoreAll(services);
    expect(all).toHaveLength(data.clients.length);
    for (const score of all) {
      const expected = scoreClient(referenceInput(data, score.card.clientId, policy.policy), policy.policy, NOW);
      expect(score.card, score.card.client).toEqual(expected);
    }
  });

  it("scoring one client matches scoring them all, for every client", async () => {
    const all = new Map((await scoreAll(services)).map((s) => [s.card.clientId, s]));
    for (const client of data.clients) {
      const one = await scoreOne(services, client.id);
      expect(one?.card, client.name).toEqual(all.get(client.id)?.card);
      expect(one?.parent).toBe(all.get(client.id)?.parent);
    }
  });

  it("ignores engagements dated after now", async () => {
    const future = data.engagements.filter((e) => e.date > NOW);
    expect(future.length).toBeGreaterThan(0);
    const clientId = future[0]?.clientId as number;
    const card = (await scoreOne(services, clientId))?.card;
    const last = card?.lastEngagement?.date.getTime() ?? 0;
    expect(last).toBeLessThanOrEqual(NOW.getTime());
  });

  it("writes dates through plain SQL exactly as Prisma does, so each finds what the other wrote", async () => {
    const at = new Date("2026-05-05T05:05:05.005Z");
    await db.sql.insertMany(
      "Engagement",
      ["importKey", "clientId", "date", "feeCents", "recruiter", "kind", "serviceLine", "createdAt"],
      [["dates-agree", 3, at, 100, "U0TEST", "placement", "IT", NOW]],
      "importKey",
    );
    const found = await db.prisma.engagement.findFirst({ where: { date: at, clientId: 3 } });
    expect(found?.importKey).toBe("dates-agree");
    const viaSql = await db.sql.query<{ n: unknown }>(`SELECT COUNT(*) AS "n" FROM "Engagement" WHERE "date" = ?`, [
      at,
    ]);
    expect(Number(viaSql[0]?.n)).toBe(1);
    await db.prisma.engagement.delete({ where: { importKey: "dates-agree" } });
  });

  it("reports an unknown client as absent rather than scoring it", async () => {
    expect(await scoreOne(services, 99_999)).toBeNull();
  });
});
