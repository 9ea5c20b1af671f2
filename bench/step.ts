/**
 * One measured step, run in a child process of its own so that its peak RSS is
 * its own: `node --import tsx bench/step.ts <step> '<json args>'`. Writes its
 * figures as JSON to `args.out`. The app side uses the app's modules exactly as
 * the CLI does; the raw side uses better-sqlite3 directly on the same file.
 */
import { writeFileSync } from "node:fs";
import Sqlite from "better-sqlite3";
import dayjs from "dayjs";
import type { Services } from "./app.js";
import {
  CLIENTS,
  type DateStyle,
  ENGAGEMENTS,
  engagementRowsForSql,
  generateDataset,
  prng,
  storedDate,
} from "./data.js";
import { median, percentile } from "./stats.js";

export interface StepArgs {
  out: string;
  db: string;
  csv?: string;
  today?: number;
  /** How the app stored the imported engagements' dates; the raw side stores and binds the same. */
  dateStyle?: DateStyle;
  runs?: number;
  calls?: number;
  rounds?: number;
  warmup?: number;
}

export type StepResult = Record<string, number | string | number[] | boolean> & { maxRssKb: number };

const ms = (from: number): number => performance.now() - from;

/** The same 2,000 (or `calls`) client ids for the app and the raw side. */
const clientIds = (count: number, seed: number): number[] => {
  const random = prng(seed);
  return Array.from({ length: count }, () => 1 + Math.floor(random() * CLIENTS));
};

/** The app's modules, loaded by the app steps only. */
const app = () => import("./app.js");

/** What `bootstrap()` does, with the default policy instead of a policy file. */
async function services(db: string): Promise<Services> {
  const { migrate, openDatabase, parsePolicy, recordPolicyVersion, systemClock } = await app();
  const url = `file:${db}`;
  await migrate(url);
  const database = openDatabase(url);
  const policy = parsePolicy({}, "bench");
  await recordPolicyVersion(database, policy, new Date());
  return { db: database, policy, clock: systemClock };
}

/** The 12-month window of the app's aggregates, as the stored text compares. */
function windowsAt(now: Date, style: DateStyle = "offset"): { now: string; from12: string } {
  return { now: storedDate(now, style), from12: storedDate(dayjs(now).subtract(12, "month").toDate(), style) };
}

const GROUPED = `SELECT "clientId",
       SUM(CASE WHEN "date" > ? THEN "feeCents" ELSE 0 END) AS "fees12",
       SUM(CASE WHEN "date" > ? THEN 1 ELSE 0 END) AS "count12",
       MAX("date") AS "last"
  FROM "Engagement" WHERE "date" <= ? GROUP BY "clientId"`;

const ONE = `SELECT SUM(CASE WHEN "date" > ? THEN "feeCents" ELSE 0 END) AS "fees12",
       SUM(CASE WHEN "date" > ? THEN 1 ELSE 0 END) AS "count12",
       MAX("date") AS "last"
  FROM "Engagement" WHERE "clientId" = ? AND "date" <= ?`;

const steps: Record<string, (args: StepArgs) => Promise<Record<string, number | string | number[] | boolean>>> = {
  /** Nothing: the floor of a child's RSS (Node, tsx's loader, the bench harness, better-sqlite3). */
  async idle() {
    return {};
  },

  /** The app's modules loaded and a database opened, nothing measured: the floor of the app steps. */
  async "idle-app"(args) {
    const s = await services(args.db);
    await s.db.close();
    return {};
  },

  /** `keyholder import engagements <file>`: parse and validate, then resolve and write. */
  async "import-app"(args) {
    const { importEngagements, parseImportFile } = await app();
    const s = await services(args.db);
    const t0 = performance.now();
    const parsed = await parseImportFile("engagements", args.csv as string);
    const parseMs = ms(t0);
    const t1 = performance.now();
    const summary = await importEngagements(s, parsed.rows, parsed.errors, { actor: "cli:bench" });
    const writeMs = ms(t1);
    const totalMs = ms(t0);
    await s.db.close();
    if (summary.written !== ENGAGEMENTS || summary.skipped.length > 0) {
      throw new Error(
        `import wrote ${summary.written} rows, skipped ${summary.skipped.length}: ${JSON.stringify(summary.skipped.slice(0, 3))}`,
      );
    }
    return { parseMs, writeMs, totalMs, rows: summary.written, notes: summary.notes.join("; ") };
  },

  /** The same rows into an identical table: one prepared INSERT, one transaction. */
  async "import-raw"(args) {
    const style = args.dateStyle ?? "offset";
    const rows = engagementRowsForSql(generateDataset(args.today as number), storedDate(new Date(), style), style);
    const db = new Sqlite(args.db);
    const insert = db.prepare(
      `INSERT INTO "Engagement" ("importKey", "clientId", "date", "feeCents", "recruiter", "kind", "serviceLine", "createdAt")
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const t0 = performance.now();
    db.transaction(() => {
      for (const row of rows) insert.run(row);
    })();
    const totalMs = ms(t0);
    db.close();
    return { totalMs, rows: rows.length };
  },

  /**
   * The import again, for the split of its database side: the bulk insert is timed by
   * wrapping what the database object offers for it (\`db.sql.insertMany\` when present,
   * and \`prisma.$transaction\`), so the rest of importEngagements (resolving names and
   * recruiters, building rows, the audit row) is the difference, in the same process.
   * Kept out of the measured runs on purpose.
   */
  async "import-split"(args) {
    const { importEngagements, parseImportFile } = await app();
    const s = await services(args.db);
    let insertMs = 0;
    const time = <F extends (...a: never[]) => Promise<unknown>>(f: F, self: unknown): F =>
      (async (...a: Parameters<F>) => {
        const t = performance.now();
        try {
          return await f.apply(self, a);
        } finally {
          insertMs += ms(t);
        }
      }) as unknown as F;
    const db = s.db as unknown as { sql?: { insertMany?: (...a: never[]) => Promise<unknown> } };
    if (db.sql && typeof db.sql.insertMany === "function") {
      db.sql.insertMany = time(db.sql.insertMany, db.sql);
    } else {
      const prisma = s.db.prisma as unknown as { $transaction: (...a: never[]) => Promise<unknown> };
      prisma.$transaction = time(prisma.$transaction, prisma);
    }
    const t0 = performance.now();
    const parsed = await parseImportFile("engagements", args.csv as string);
    const parseMs = ms(t0);
    const t1 = performance.now();
    const summary = await importEngagements(s, parsed.rows, parsed.errors, { actor: "cli:bench" });
    const writeMs = ms(t1);
    await s.db.close();
    if (summary.written !== ENGAGEMENTS) throw new Error(`import wrote ${summary.written} rows`);
    return { parseMs, writeMs, insertMs };
  },

  /** scoreAll in process, after one warm-up; then its fact queries alone, its JS scoring alone and the --json rendering. */
  async "score-all-app"(args) {
    const { loadAllClientFacts, scoreAll, scoreClient, scoreToJson } = await app();
    const s = await services(args.db);
    const runs = args.runs ?? 5;
    const warm = await scoreAll(s);
    if (warm.length !== CLIENTS) throw new Error(`scoreAll returned ${warm.length} clients`);
    const firstCallRssKb = process.resourceUsage().maxRSS;
    const scoreAllMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      await scoreAll(s);
      scoreAllMs.push(ms(t));
    }
    const maxRssKb = process.resourceUsage().maxRSS;
    // Where the time goes: the fact queries with their assembly, and the JS scoring on facts loaded once.
    const factsMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      await loadAllClientFacts(s.db, s.policy.policy, s.clock());
      factsMs.push(ms(t));
    }
    const scoringMs: number[] = [];
    const now = s.clock();
    const facts = await loadAllClientFacts(s.db, s.policy.policy, now);
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      for (const f of facts) scoreClient(f.input, s.policy.policy, now);
      scoringMs.push(ms(t));
    }
    const renderMs: number[] = [];
    let jsonBytes = 0;
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      jsonBytes = JSON.stringify(warm.map(scoreToJson)).length;
      renderMs.push(ms(t));
    }
    await s.db.close();
    return {
      medianMs: median(scoreAllMs),
      runsMs: scoreAllMs,
      factsMs: median(factsMs),
      scoringMs: median(scoringMs),
      maxRssKb,
      firstCallRssKb,
      renderMs: median(renderMs),
      jsonBytes,
      verdicts: [...new Set(warm.map((x) => x.card.verdict))].join(","),
      key: warm.filter((x) => x.card.verdict === "KEY").length,
    };
  },

  /** The one grouped aggregate over every client, raw. */
  async "score-all-raw"(args) {
    const db = new Sqlite(args.db, { readonly: true });
    const grouped = db.prepare(GROUPED);
    const runs = args.runs ?? 5;
    const run = () => {
      const w = windowsAt(new Date(), args.dateStyle);
      return grouped.all(w.from12, w.from12, w.now);
    };
    const groups = run().length;
    const groupedMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      run();
      groupedMs.push(ms(t));
    }
    db.close();
    return { medianMs: median(groupedMs), runsMs: groupedMs, groups };
  },

  /**
   * scoreOne for `calls` random clients after `warmup` calls on others, `rounds` times
   * over the same ids (the tail of one round is at the mercy of a shared machine);
   * then loadClientFacts alone over the same ids.
   */
  async "score-one-app"(args) {
    const { loadClientFacts, scoreOne } = await app();
    const s = await services(args.db);
    const ids = clientIds(args.calls ?? 2000, 7);
    for (const id of clientIds(args.warmup ?? 200, 8)) await scoreOne(s, id);
    const rounds: number[][] = [];
    for (let r = 0; r < (args.rounds ?? 3); r++) {
      const times: number[] = [];
      for (const id of ids) {
        const t = performance.now();
        const score = await scoreOne(s, id);
        times.push(ms(t));
        if (!score) throw new Error(`client ${id} not found`);
      }
      rounds.push(times);
    }
    const maxRssKb = process.resourceUsage().maxRSS;
    const facts: number[] = [];
    for (const id of ids) {
      const t = performance.now();
      await loadClientFacts(s.db, id, s.policy.policy, s.clock());
      facts.push(ms(t));
    }
    await s.db.close();
    return {
      ...roundFigures(rounds),
      factsMedianMs: median(facts),
      factsP99Ms: percentile(facts, 99),
      maxRssKb,
    };
  },

  /** The one-client aggregate over the (clientId, date) index, raw, the same ids and rounds. */
  async "score-one-raw"(args) {
    const db = new Sqlite(args.db, { readonly: true });
    const one = db.prepare(ONE);
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${ONE}`).all("x", "x", 1, "x") as Array<{ detail: string }>)
      .map((row) => row.detail)
      .join("; ");
    const run = (id: number) => {
      const w = windowsAt(new Date(), args.dateStyle);
      return one.get(w.from12, w.from12, id, w.now);
    };
    for (const id of clientIds(args.warmup ?? 200, 8)) run(id);
    const ids = clientIds(args.calls ?? 2000, 7);
    const rounds: number[][] = [];
    for (let r = 0; r < (args.rounds ?? 3); r++) {
      const times: number[] = [];
      for (const id of ids) {
        const t = performance.now();
        run(id);
        times.push(ms(t));
      }
      rounds.push(times);
    }
    db.close();
    return { ...roundFigures(rounds), plan };
  },
};

/** Per round: median and p99; overall: the median of the rounds' medians and of their p99s. */
function roundFigures(rounds: number[][]): Record<string, number | number[]> {
  const medians = rounds.map((times) => median(times));
  const p99s = rounds.map((times) => percentile(times, 99));
  return {
    medianMs: median(medians),
    p99Ms: median(p99s),
    roundMediansMs: medians,
    roundP99sMs: p99s,
    maxMs: Math.max(...rounds.flat()),
    calls: rounds[0]?.length ?? 0,
  };
}

async function main(): Promise<void> {
  const [name, json] = process.argv.slice(2);
  const step = name === undefined ? undefined : steps[name];
  if (!step || json === undefined) throw new Error(`usage: step.ts <${Object.keys(steps).join("|")}> '<json args>'`);
  const args = JSON.parse(json) as StepArgs;
  const figures = await step(args);
  // A step may report the peak of its measured part (taken before its diagnostics); else the end.
  const end = process.resourceUsage().maxRSS;
  const result: StepResult = { maxRssKb: end, ...figures, maxRssEndKb: end };
  writeFileSync(args.out, JSON.stringify(result));
}

if (process.argv[1]?.endsWith("step.ts")) {
  await main();
}
