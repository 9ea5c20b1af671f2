/**
 * `npm run bench`: keyholder on SQLite with 10,000 clients and 200,000 engagements,
 * each figure beside a raw better-sqlite3 baseline on the same data. Every measured
 * step runs in a child process of its own (bench/step.ts) so that its peak RSS is
 * its own; the CLI is spawned as a user runs it. Writes bench/RESULTS.md.
 *
 * Loopback only: everything is a file under os.tmpdir(), removed at the end.
 */
import { spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Sqlite from "better-sqlite3";
import { migrate } from "../src/db/migrate.js";
import { parsePolicy } from "../src/policy/load.js";
import { CLIENTS, type DateStyle, dayOf, ENGAGEMENTS, engagementsCsv, generateDataset, isoDay, SEED } from "./data.js";
import { fmtInt, machineLine, RESULTS, table, writeSection, yes } from "./report.js";
import { buildBaseDatabase } from "./setup.js";
import { median } from "./stats.js";
import type { StepArgs, StepResult } from "./step.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SECTION = "sqlite-10k-clients-200k-engagements";
const IMPORT_RUNS = 3;
const SCORE_ALL_RUNS = 5;
const SCORE_ONE_CALLS = 2000;
const SCORE_ONE_ROUNDS = 3;
const CLI_RUNS = 5;

const work = mkdtempSync(join(tmpdir(), "keyholder-bench-"));
const cleanUp = () => rmSync(work, { recursive: true, force: true });
process.on("SIGINT", () => {
  cleanUp();
  process.exit(130);
});

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

/** Runs one step of bench/step.ts in a fresh Node process and returns its figures. */
function step(name: string, args: Omit<StepArgs, "out">): Promise<StepResult> {
  const out = join(work, `${name}-${Date.now()}.json`);
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", join(ROOT, "bench", "step.ts"), name, JSON.stringify({ ...args, out })],
      { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"] },
    );
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`step ${name} exited with ${code}`));
      resolve(JSON.parse(readFileSync(out, "utf8")) as StepResult);
    });
  });
}

/** Spawns a command, counts its stdout, and returns its wall time from spawn to exit. */
function timed(
  args: string[],
  env: Record<string, string>,
  keepOutput = false,
): Promise<{ ms: number; bytes: number; output: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, args, { cwd: work, env, stdio: ["ignore", "pipe", "pipe"] });
    let bytes = 0;
    const chunks: Buffer[] = [];
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      bytes += chunk.length;
      if (keepOutput) chunks.push(chunk);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => {
      const ms = performance.now() - start;
      if (code !== 0) return reject(new Error(`${args.join(" ")} exited with ${code}: ${stderr}`));
      resolve({ ms, bytes, output: Buffer.concat(chunks).toString(), stderr });
    });
  });
}

// ------------------------------------------------------------------ formatting

const fmtMs = (ms: number): string =>
  ms >= 1000
    ? `${(ms / 1000).toFixed(2)} s`
    : ms >= 10
      ? `${ms.toFixed(0)} ms`
      : ms >= 1
        ? `${ms.toFixed(2)} ms`
        : `${ms.toFixed(3)} ms`;
const fmtMb = (kb: number): string => `${(kb / 1024).toFixed(0)} MB`;
const ratio = (a: number, b: number): string => `${(a / b).toFixed(1)}×`;
// ------------------------------------------------------------------ the run

async function main(): Promise<void> {
  const started = new Date();
  const load0 = loadavg();
  const t0 = performance.now();

  // Data: fixed seed, history ending today (UTC) so the CLI's system clock scores it sensibly.
  const today = dayOf(started);
  const data = generateDataset(today);
  const csv = join(work, "engagements.csv");
  writeFileSync(csv, engagementsCsv(data));
  const policy = parsePolicy({}, "bench");
  const base = join(work, "base.db");
  await buildBaseDatabase(base, data, policy);
  const depthOf = (id: number | null): number =>
    id === null ? 0 : 1 + depthOf(data.clients[id - 1]?.parentId ?? null);
  const depths = [1, 2, 3].map((d) => data.clients.filter((c) => depthOf(c.parentId) === d).length);
  const dataLine =
    `${fmtInt(CLIENTS)} clients (${fmtInt(depths.reduce((a, b) => a + b, 0))} subsidiaries: ${depths.join(" / ")} at depth 1 / 2 / 3; ` +
    `${data.clients.filter((c) => c.alias).length} with an alias), ${fmtInt(ENGAGEMENTS)} engagements from ${isoDay(today - 3 * 365 * 86_400_000)} to ${isoDay(today)} ` +
    `(fees 500.00–35,000.00, 6 service lines, 120 recruiters, 15% of rows naming the recruiter by email, 10% without an external id), ` +
    `${fmtInt(data.ratings.length)} ratings, ${data.contracts.length} contracts, ${fmtInt(data.feedback.length)} feedback rows, ${data.owners.length} current owners. ` +
    `Seed ${SEED}; engagements CSV ${(statSync(csv).size / 2 ** 20).toFixed(1)} MiB.`;
  log(`data ready in ${((performance.now() - t0) / 1000).toFixed(1)} s under ${work}`);

  const idle = await step("idle", { db: base });
  copyFileSync(base, join(work, "idle.db"));
  const idleApp = await step("idle-app", { db: join(work, "idle.db") });
  rmSync(join(work, "idle.db"));

  // 1. Import: app and raw alternately, each on a fresh copy of the base database.
  const appImports: StepResult[] = [];
  const rawImports: StepResult[] = [];
  const scoringDb = join(work, "scoring.db");
  let dateStyle: DateStyle = "offset";
  for (let i = 0; i < IMPORT_RUNS; i++) {
    const appDb = i === 0 ? scoringDb : join(work, `import-app-${i}.db`);
    copyFileSync(base, appDb);
    log(`import ${i + 1}/${IMPORT_RUNS}: app`);
    appImports.push(await step("import-app", { db: appDb, csv }));
    if (i === 0) dateStyle = storedStyle(scoringDb);
    const rawDb = join(work, `import-raw-${i}.db`);
    copyFileSync(base, rawDb);
    log(`import ${i + 1}/${IMPORT_RUNS}: raw`);
    rawImports.push(await step("import-raw", { db: rawDb, today, dateStyle }));
    if (i > 0) rmSync(appDb);
    if (i > 0) rmSync(rawDb);
  }
  const identical = sameEngagements(scoringDb, join(work, "import-raw-0.db"));
  rmSync(join(work, "import-raw-0.db"));
  // Where the write time goes: the import once more, its bulk insert timed in the same process.
  copyFileSync(base, join(work, "split.db"));
  log("import split: the app's bulk insert timed");
  const split = await step("import-split", { db: join(work, "split.db"), csv });
  rmSync(join(work, "split.db"));

  // The CLI as a user runs it: start-up included, peak RSS from a one-line exit hook.
  const rssFile = join(work, "maxrss.txt");
  const preload = join(work, "maxrss.cjs");
  writeFileSync(
    preload,
    `process.on("exit", () => require("node:fs").writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)));\n`,
  );
  const cliEnv = {
    PATH: process.env.PATH ?? "",
    DATABASE_URL: `file:${scoringDb}`,
    POLICY_FILE: join(work, "no-policy-file.json"),
    LOG_LEVEL: "warn",
  };
  const bin = join(ROOT, "bin", "keyholder.js");
  // The import as a user runs it: `keyholder import engagements`, start-up included, on one more copy.
  const cliImportDb = join(work, "cli-import.db");
  copyFileSync(base, cliImportDb);
  log("keyholder import engagements");
  const cliImport = await timed(
    ["--require", preload, bin, "import", "engagements", csv],
    { ...cliEnv, DATABASE_URL: `file:${cliImportDb}` },
    true,
  );
  const cliImportRssKb = Number(readFileSync(rssFile, "utf8"));
  if (!cliImport.output.includes(`${ENGAGEMENTS} written`)) throw new Error(`keyholder import: ${cliImport.output}`);
  rmSync(cliImportDb);

  // 2 and 3. Scoring, on the database the app imported.
  log("scoreAll: app");
  const allApp = await step("score-all-app", { db: scoringDb, runs: SCORE_ALL_RUNS });
  log("scoreAll: raw");
  const allRaw = await step("score-all-raw", { db: scoringDb, runs: SCORE_ALL_RUNS, dateStyle });
  log("scoreOne: app");
  const oneApp = await step("score-one-app", {
    db: scoringDb,
    calls: SCORE_ONE_CALLS,
    rounds: SCORE_ONE_ROUNDS,
    warmup: 200,
  });
  log("scoreOne: raw");
  const oneRaw = await step("score-one-raw", {
    db: scoringDb,
    calls: SCORE_ONE_CALLS,
    rounds: SCORE_ONE_ROUNDS,
    warmup: 200,
    dateStyle,
  });

  const rawScript = `const Database = require("better-sqlite3");
const db = new Database(process.env.BENCH_DB, { readonly: true });
const now = new Date(); const from12 = new Date(now); from12.setUTCMonth(from12.getUTCMonth() - 12);
const f = (d) => ${dateStyle === "zulu" ? "d.toISOString()" : 'd.toISOString().replace("Z", "+00:00")'};
const rows = db.prepare(${JSON.stringify(GROUPED_SQL)}).all(f(from12), f(from12), f(now));
process.stdout.write(JSON.stringify(rows));`;
  const rawEnv = { PATH: process.env.PATH ?? "", BENCH_DB: scoringDb, NODE_PATH: join(ROOT, "node_modules") };
  // `keyholder list --json`, and a raw Node script doing the grouped aggregate.
  log("keyholder list --json");
  await timed([bin, "list", "--json"], cliEnv); // warm-up: file cache
  const cliMs: number[] = [];
  let cliBytes = 0;
  for (let i = 0; i < CLI_RUNS; i++) {
    const run = await timed([bin, "list", "--json"], cliEnv);
    cliMs.push(run.ms);
    cliBytes = run.bytes;
  }
  const cliRssRun = await timed(["--require", preload, bin, "list", "--json"], cliEnv, true);
  const cliRssKb = Number(readFileSync(rssFile, "utf8"));
  const listed = (JSON.parse(cliRssRun.output) as unknown[]).length;
  if (listed !== CLIENTS) throw new Error(`keyholder list --json listed ${listed} clients`);
  await timed(["-e", rawScript], rawEnv);
  const rawCliMs: number[] = [];
  for (let i = 0; i < CLI_RUNS; i++) rawCliMs.push((await timed(["-e", rawScript], rawEnv)).ms);
  await timed(["--require", preload, "-e", rawScript], rawEnv);
  const rawCliRssKb = Number(readFileSync(rssFile, "utf8"));
  // The fixed cost of a CLI run: the same command on an empty, migrated database.
  const emptyDb = join(work, "empty.db");
  await migrate(`file:${emptyDb}`);
  const emptyEnv = { ...cliEnv, DATABASE_URL: `file:${emptyDb}` };
  await timed([bin, "list", "--json"], emptyEnv);
  const emptyCliMs: number[] = [];
  for (let i = 0; i < CLI_RUNS; i++) emptyCliMs.push((await timed([bin, "list", "--json"], emptyEnv)).ms);
  const bareMs: number[] = [];
  for (let i = 0; i < CLI_RUNS; i++) bareMs.push((await timed(["-e", "0"], { PATH: process.env.PATH ?? "" })).ms);

  const load1 = loadavg();
  const totalS = (performance.now() - t0) / 1000;

  // ------------------------------------------------------------------ figures
  const num = (r: StepResult, key: string): number => r[key] as number;
  const imp = {
    app: median(appImports.map((r) => num(r, "totalMs"))),
    parse: median(appImports.map((r) => num(r, "parseMs"))),
    write: median(appImports.map((r) => num(r, "writeMs"))),
    raw: median(rawImports.map((r) => num(r, "totalMs"))),
    appRss: Math.max(...appImports.map((r) => r.maxRssKb)),
    rawRss: Math.max(...rawImports.map((r) => r.maxRssKb)),
    splitWrite: num(split, "writeMs"),
    insert: num(split, "insertMs"),
  };
  const rowsPerS = (ms: number) => (ENGAGEMENTS / ms) * 1000;
  const all = {
    app: num(allApp, "medianMs"),
    raw: num(allRaw, "medianMs"),
    facts: num(allApp, "factsMs"),
    scoring: num(allApp, "scoringMs"),
    render: num(allApp, "renderMs"),
  };
  const cli = { app: median(cliMs), raw: median(rawCliMs), bare: median(bareMs), empty: median(emptyCliMs) };
  const one = {
    app: num(oneApp, "medianMs"),
    appP99: num(oneApp, "p99Ms"),
    raw: num(oneRaw, "medianMs"),
    rawP99: num(oneRaw, "p99Ms"),
    facts: num(oneApp, "factsMedianMs"),
    factsP99: num(oneApp, "factsP99Ms"),
  };
  const MB300 = 300 * 1024;
  const rounds = (r: StepResult) => (r.roundP99sMs as number[]).map(fmtMs).join(", ");

  const importTable = table(
    ["Figure", "Measured (app)", "Baseline (raw)", "Ratio", "Target", "Met?"],
    [
      [
        `Import ${fmtInt(ENGAGEMENTS)} engagements, median of ${IMPORT_RUNS}`,
        `${fmtInt(rowsPerS(imp.app))} rows/s (${fmtMs(imp.app)})`,
        `${fmtInt(rowsPerS(imp.raw))} rows/s (${fmtMs(imp.raw)})`,
        ratio(imp.app, imp.raw),
        "≤ 3×",
        yes(imp.app / imp.raw <= 3),
      ],
      [" — parse + validate (parseImportFile)", fmtMs(imp.parse), "—", "—", "—", "—"],
      [" — database side (importEngagements)", fmtMs(imp.write), fmtMs(imp.raw), ratio(imp.write, imp.raw), "—", "—"],
      [
        "`keyholder import engagements` as run (CLI, start-up included), one run",
        `${fmtInt(rowsPerS(cliImport.ms))} rows/s (${fmtMs(cliImport.ms)})`,
        fmtMs(imp.raw),
        ratio(cliImport.ms, imp.raw),
        "—",
        "—",
      ],
    ],
  );
  const insertKnown = imp.insert > 0;
  const importSplit = table(
    ["Split of the database side (one more app import, its bulk insert timed in process)", "Time"],
    [
      ["importEngagements, whole", fmtMs(imp.splitWrite)],
      [
        " — its bulk insert (insertEngagements, timed around `db.sql.insertMany` / `prisma.$transaction`)",
        insertKnown ? fmtMs(imp.insert) : "not separable",
      ],
      [
        " — the rest: resolve client names and recruiter emails, build rows, audit row",
        insertKnown ? fmtMs(imp.splitWrite - imp.insert) : "—",
      ],
    ],
  );
  const scoreAllTable = table(
    ["Figure", "Measured (app)", "Baseline (raw)", "Ratio", "Target", "Met?"],
    [
      [
        `scoreAll in process, median of ${SCORE_ALL_RUNS} after 1 warm-up`,
        fmtMs(all.app),
        `${fmtMs(all.raw)} (one grouped aggregate, ${fmtInt(num(allRaw, "groups"))} groups)`,
        ratio(all.app, all.raw),
        "≤ 2×",
        yes(all.app / all.raw <= 2),
      ],
      [
        `\`keyholder list --json\` wall time with start-up, median of ${CLI_RUNS} after 1 warm-up`,
        `${fmtMs(cli.app)} (${(cliBytes / 2 ** 20).toFixed(1)} MiB of JSON)`,
        `${fmtMs(cli.raw)} (node -e: open, grouped aggregate, print JSON)`,
        ratio(cli.app, cli.raw),
        "< 1.5 s",
        yes(cli.app < 1500),
      ],
    ],
  );
  const scoreAllSplit = table(
    ["Parts (medians)", "Time"],
    [
      ["loadAllClientFacts alone: the fact queries and their assembly", fmtMs(all.facts)],
      ["scoreClient for every client alone (JS, on facts loaded once)", fmtMs(all.scoring)],
      [
        "`--json` rendering: scoreToJson + JSON.stringify of every card (in the CLI, not in scoreAll)",
        fmtMs(all.render),
      ],
      [
        "`keyholder list --json` on an empty, migrated database (start-up, module loading, bootstrap)",
        fmtMs(cli.empty),
      ],
      ["bare `node -e 0` start-up", fmtMs(cli.bare)],
    ],
  );
  const scoreOneTable = table(
    ["Figure", "Measured (app)", "Baseline (raw)", "Ratio", "Target", "Met?"],
    [
      [
        `scoreOne, median of ${fmtInt(SCORE_ONE_CALLS)} random clients (median of ${SCORE_ONE_ROUNDS} rounds)`,
        fmtMs(one.app),
        fmtMs(one.raw),
        ratio(one.app, one.raw),
        "—",
        "—",
      ],
      [
        `scoreOne, p99 of ${fmtInt(SCORE_ONE_CALLS)} (median of ${SCORE_ONE_ROUNDS} rounds' p99)`,
        `${fmtMs(one.appP99)} (rounds: ${rounds(oneApp)})`,
        `${fmtMs(one.rawP99)} (rounds: ${rounds(oneRaw)})`,
        ratio(one.appP99, one.rawP99),
        "< 2 ms",
        yes(one.appP99 < 2),
      ],
      [
        " — loadClientFacts alone, median / p99 (same ids, after the scoreOne calls)",
        `${fmtMs(one.facts)} / ${fmtMs(one.factsP99)}`,
        "—",
        "—",
        "—",
        "—",
      ],
    ],
  );
  const memoryTable = table(
    ["Peak RSS (maxRSS of the process)", "Measured (app)", "Baseline (raw)", "Ratio", "Target", "Met?"],
    [
      [
        "`keyholder import engagements` (whole CLI process)",
        fmtMb(cliImportRssKb),
        fmtMb(imp.rawRss),
        ratio(cliImportRssKb, imp.rawRss),
        "< 300 MB",
        yes(cliImportRssKb < MB300),
      ],
      [
        "Import in process (worst of the runs)",
        fmtMb(imp.appRss),
        fmtMb(imp.rawRss),
        ratio(imp.appRss, imp.rawRss),
        "< 300 MB",
        yes(imp.appRss < MB300),
      ],
      [
        `scoreAll (1 warm-up + ${SCORE_ALL_RUNS} runs; after the first call: ${fmtMb(num(allApp, "firstCallRssKb"))})`,
        fmtMb(allApp.maxRssKb),
        fmtMb(allRaw.maxRssKb),
        ratio(allApp.maxRssKb, allRaw.maxRssKb),
        "< 300 MB",
        yes(allApp.maxRssKb < MB300),
      ],
      [
        "scoreOne (warm-up + calls)",
        fmtMb(oneApp.maxRssKb),
        fmtMb(oneRaw.maxRssKb),
        ratio(oneApp.maxRssKb, oneRaw.maxRssKb),
        "< 300 MB",
        yes(oneApp.maxRssKb < MB300),
      ],
      [
        "`keyholder list --json` (whole CLI process)",
        fmtMb(cliRssKb),
        fmtMb(rawCliRssKb),
        ratio(cliRssKb, rawCliRssKb),
        "< 300 MB",
        yes(cliRssKb < MB300),
      ],
    ],
  );

  const misses = [
    imp.app / imp.raw > 3 ? "import ratio" : "",
    all.app / all.raw > 2 ? "scoreAll ratio" : "",
    cli.app >= 1500 ? "`list --json` wall time" : "",
    one.appP99 >= 2 ? "scoreOne p99" : "",
    imp.appRss >= MB300 || cliImportRssKb >= MB300 ? "import memory" : "",
    allApp.maxRssKb >= MB300 ? "scoreAll memory" : "",
    oneApp.maxRssKb >= MB300 ? "scoreOne memory" : "",
    cliRssKb >= MB300 ? "`list --json` memory" : "",
  ].filter(Boolean);

  const pct = (part: number, whole: number) => `${Math.round((part / whole) * 100)}%`;
  const cliData = cli.app - cli.empty;
  const where = [
    `**Import.** Of ${fmtMs(imp.app)}, parsing and validating the CSV took ${fmtMs(imp.parse)} (${pct(imp.parse, imp.app)}) and importEngagements ${fmtMs(imp.write)} (${pct(imp.write, imp.app)}); the raw baseline inserts the same rows in ${fmtMs(imp.raw)}. ` +
      (insertKnown
        ? `In the split run, the bulk insert took ${fmtMs(imp.insert)} (${ratio(imp.insert, imp.raw)} the raw insert) and resolving client names and recruiter emails, building the rows and the audit row took ${fmtMs(imp.splitWrite - imp.insert)}. `
        : "The split run could not separate the bulk insert from the rest of importEngagements. ") +
      `The CLI takes ${fmtMs(cliImport.ms)} with its start-up. ` +
      `Peak RSS: ${fmtMb(cliImportRssKb)} for the CLI and ${fmtMb(imp.appRss)} for the in-process import (whose process also carries tsx's loader), against ${fmtMb(imp.rawRss)} for the raw insert, whose process holds the generated data and the same rows as parameter arrays.`,
    `**Scoring every client.** loadAllClientFacts takes ${fmtMs(all.facts)} (${ratio(all.facts, all.raw)} the raw grouped aggregate) and scoring every client in JS ${fmtMs(all.scoring)}, of a scoreAll of ${fmtMs(all.app)}; the rest is the names map and the sort. ` +
      `\`keyholder list --json\` costs ${fmtMs(cli.empty)} on an empty database (Node start-up, module loading, the migrate check, the policy record) and ${fmtMs(Math.max(0, cliData))} more for the data: a cold (unwarmed) scoreAll plus ${fmtMs(all.render)} (warm) of JSON rendering and writing ${(cliBytes / 2 ** 20).toFixed(1)} MiB to stdout. ` +
      `Memory: one scoreAll lifts its process from ${fmtMb(idleApp.maxRssKb)} (app loaded, database open) to ${fmtMb(num(allApp, "firstCallRssKb"))}; with repeated runs the heap grows to ${fmtMb(allApp.maxRssKb)} before V8 collects; the CLI peaks at ${fmtMb(cliRssKb)}.`,
    `**Scoring one client.** scoreOne takes ${fmtMs(one.app)} median and ${fmtMs(one.appP99)} p99; loadClientFacts alone ${fmtMs(one.facts)} and ${fmtMs(one.factsP99)}, so the database read is ${pct(one.facts, one.app)} of the median and the rest is JS scoring; ` +
      `the raw one-client aggregate over the (clientId, date) index takes ${fmtMs(one.raw)} median and ${fmtMs(one.rawP99)} p99. The tail is sensitive to other load on this shared 2-core machine: the rounds' p99 were ${rounds(oneApp)} for the app and ${rounds(oneRaw)} raw.`,
  ];

  const section = `## SQLite: ${fmtInt(CLIENTS)} clients, ${fmtInt(ENGAGEMENTS)} engagements

- **Machine:** ${machineLine()}
- **Date:** ${started.toISOString()} (run took ${totalS.toFixed(0)} s; load average ${load0.map((l) => l.toFixed(2)).join(" ")} at the start, ${load1.map((l) => l.toFixed(2)).join(" ")} at the end: the machine is shared, so tail latencies carry some noise)
- **Command:** \`npm run bench\` (= \`npm run build && tsx bench/run.ts\`); each step runs as \`node --import tsx bench/step.ts <step> '<json>'\` in its own process
- **CLI runs:** \`DATABASE_URL=file:<the imported bench db> POLICY_FILE=<absent file> LOG_LEVEL=warn node bin/keyholder.js list --json\`, stdout piped and counted, wall time from spawn to exit; peak RSS from one more run with \`--require\` of a one-line exit hook
- **Data:** ${dataLine}
- **Method:** a base database is migrated by the app's \`migrate()\` and given the clients (with parents, aliases), people, ratings, contracts, feedback and owners. The app imports the CSV exactly as \`keyholder import engagements\` does (\`parseImportFile\` then \`importEngagements\`, with Services built as \`bootstrap()\` does: \`migrate\`, \`openDatabase\`, \`recordPolicyVersion\`, default policy via \`parsePolicy({}, "bench")\`, system clock) on one copy; the raw baseline inserts the identical rows (checked: the two Engagement tables ${identical ? "hold exactly the same rows" : "**differ**"}; dates stored as ${dateStyle === "zulu" ? "`…T00:00:00.000Z`" : "`…T00:00:00.000+00:00`"}, as the app stored them) into another copy with one prepared INSERT in one transaction. Scoring runs on the database the app imported. The raw baselines use better-sqlite3 directly, in a Node process of the same kind as the app's, on the same file. Peak RSS is \`process.resourceUsage().maxRSS\` at the end of each step's process (floors: a child that loads only the harness and better-sqlite3 peaks at ${fmtMb(idle.maxRssKb)}, Node plus tsx's loader; one that also loads the app's modules and opens the database, at ${fmtMb(idleApp.maxRssKb)}). Targets are as briefed; nothing was tuned for the run.

### 1. Import of the engagements CSV

${importTable}

${importSplit}

### 2. Scoring every client

${scoreAllTable}

${scoreAllSplit}

### 3. Scoring one client

${scoreOneTable}

Raw baseline: \`SUM(CASE …)\`, \`COUNT\`, \`MAX(date)\` for one client; plan: ${String(oneRaw.plan)}.

### 4. Peak memory

${memoryTable}

### Where the time goes

${where.join("\n\n")}

**Targets missed in this run:** ${misses.length === 0 ? "none." : `${misses.join(", ")}.`}
`;
  writeSection(SECTION, section);
  log(`done in ${totalS.toFixed(0)} s; wrote ${RESULTS}`);
  process.stdout.write(`${section}\n`);
}

/** How the app stored the imported engagements' dates: Prisma's "+00:00" or toISOString()'s "Z". */
function storedStyle(path: string): DateStyle {
  const db = new Sqlite(path, { readonly: true });
  try {
    const row = db.prepare('SELECT "date" FROM "Engagement" LIMIT 1').get() as { date: string } | undefined;
    return row?.date.endsWith("Z") ? "zulu" : "offset";
  } finally {
    db.close();
  }
}

/** Whether two databases hold the same Engagement rows, byte for byte (ignoring ids and createdAt). */
function sameEngagements(a: string, b: string): boolean {
  const db = new Sqlite(a, { readonly: true });
  try {
    db.prepare("ATTACH DATABASE ? AS other").run(b);
    const cols = '"importKey", "clientId", "date", "feeCents", "recruiter", "kind", "serviceLine"';
    const diff = (x: string, y: string) =>
      (
        db
          .prepare(
            `SELECT COUNT(*) AS n FROM (SELECT ${cols} FROM ${x}."Engagement" EXCEPT SELECT ${cols} FROM ${y}."Engagement")`,
          )
          .get() as { n: number }
      ).n;
    return diff("main", "other") === 0 && diff("other", "main") === 0;
  } finally {
    db.close();
  }
}

const GROUPED_SQL = `SELECT "clientId", SUM(CASE WHEN "date" > ? THEN "feeCents" ELSE 0 END) AS "fees12", SUM(CASE WHEN "date" > ? THEN 1 ELSE 0 END) AS "count12", MAX("date") AS "last" FROM "Engagement" WHERE "date" <= ? GROUP BY "clientId"`;

try {
  await main();
} finally {
  cleanUp();
}
