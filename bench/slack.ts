/**
 * `npx tsx bench/slack.ts`: the Slack round trip. The real app (createSlackApp, HTTP
 * mode) on SQLite with 10,000 clients and 200,000 engagements answers signed
 * `/keyaccount <client>` requests and Approve clicks over keep-alive HTTP; a bare Bolt
 * app answering the same command with a fixed text is the baseline. The app, the bare
 * app and the fake Slack each run in a child process of their own
 * (bench/slack-app.ts, bench/slack-bare.ts, bench/slack-fake.ts); this process only
 * generates load, so it shares no event loop with what it measures.
 *
 * Writes its section of bench/RESULTS.md (between the bench:slack-round-trip markers).
 * `--quick` runs small counts and writes nothing. Loopback only; every file is under
 * os.tmpdir() and removed at the end.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { Agent, type OutgoingHttpHeaders, request } from "node:http";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Sqlite from "better-sqlite3";
import { openDatabase } from "../src/db/client.js";
import { ENGAGEMENT_COLUMNS } from "../src/db/repositories/engagements.js";
import { stripLegalSuffix } from "../src/domain/names.js";
import { parsePolicy } from "../src/policy/load.js";
import { pendingClaimRef } from "../src/services/accounts.js";
import { createClaim } from "../src/services/claims.js";
import { systemClock } from "../src/services/clock.js";
import type { Services } from "../src/services/context.js";
import { resolveClient } from "../src/services/resolve-client.js";
import { scoreAll, scoreOne } from "../src/services/score.js";
import { scoreCardMessage } from "../src/slack/blocks/score-card.js";
import { ACTIONS, BLOCKS } from "../src/slack/ids.js";
import { blockAction, fakeTriggerId, signSlackRequest, slashCommand } from "../tests/support/slack-requests.js";
import { CLIENTS, dayOf, ENGAGEMENTS, engagementRowsForSql, generateDataset, prng, SEED, storedDate } from "./data.js";
import { fmtInt, machineLine, RESULTS, table, writeSection, yes } from "./report.js";
import { buildBaseDatabase } from "./setup.js";
import { type Child, startChild } from "./slack-ipc.js";
import { median, percentile } from "./stats.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BENCH = join(ROOT, "bench");
const SECTION = "slack-round-trip";

const SIGNING_SECRET = "bench-signing-secret-0123456789";
const BOT_TOKEN = "xoxb-1111-2222-benchtokenvalue";
const MANAGERS = ["U0BENCHMGR1", "U0BENCHMGR2", "U0BENCHMGR3"] as const;
const CLAIMANT = "U0BENCHREC1";
const VIEWER = "U0BENCHREC2";
const APPROVALS = "C0APPROVALS";
const POLICY = { managers: [...MANAGERS], approvalsChannel: APPROVALS };

const QUICK = process.argv.includes("--quick");
/** `--profile-out=<dir>`: keep the two CPU profiles (.cpuprofile, for Chrome DevTools) there. */
const PROFILE_OUT = process.argv.find((a) => a.startsWith("--profile-out="))?.slice("--profile-out=".length);
const N = QUICK
  ? {
      warm1: 50,
      c1: 300,
      warm16: 100,
      c16: 1000,
      profile: 500,
      split: 300,
      voteWarm: 10,
      vote1: 60,
      paced: 30,
      vote16: 120,
      voteProfile: 40,
    }
  : {
      // Latencies settle only after about a thousand requests (JIT of Bolt, Prisma, the HTTP client).
      warm1: 1000,
      c1: 2000,
      warm16: 1000,
      c16: 8000,
      profile: 3000,
      split: 2000,
      voteWarm: 20,
      vote1: 300,
      paced: 150,
      vote16: 1000,
      voteProfile: 250,
    };
const TARGET = { c1P50: 3, c1P99: 10, c16Share: 0.2, c16P99: 50 };
/** At most this long, over the whole run, waiting for other processes on the machine to go quiet. */
const MAX_QUIET_WAIT_MS = 60_000;

const log = (message: string) => process.stderr.write(`[bench:slack] ${message}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ------------------------------------------------------------------ load generation

interface Prepared {
  body: string;
  headers: OutgoingHttpHeaders;
  /** What a correct answer must contain (checked after the timed section). */
  expect: (status: number, body: string) => boolean;
}

/** Signs now: Bolt refuses requests more than five minutes old, so each phase signs its own, before timing. */
function signed(body: string, expect: Prepared["expect"]): Prepared {
  const signature = signSlackRequest(body, SIGNING_SECRET);
  return {
    body,
    expect,
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "content-length": Buffer.byteLength(body),
      "user-agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
      ...signature,
    },
  };
}

interface Sent {
  ms: number;
  status: number;
  body: string;
}

function send(agent: Agent, port: number, prepared: Prepared): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const req = request(
      { host: "127.0.0.1", port, path: "/slack/events", method: "POST", headers: prepared.headers, agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", reject);
        res.on("end", () =>
          resolve({
            ms: performance.now() - start,
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
      },
    );
    req.on("error", reject);
    req.end(prepared.body);
  });
}

const keepAlive = (concurrency: number) =>
  new Agent({ keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency });

interface LoadResult {
  n: number;
  concurrency: number;
  latencies: number[];
  wallMs: number;
  /** Wall-clock start and end (performance.now()) of the timed section. */
  startedAt: number;
  endedAt: number;
  errors: number;
  errorSamples: string[];
  /** Mean size of an answer's body, bytes. */
  bytes: number;
}

/** `concurrency` workers, each sending the next request as soon as its previous one is answered. */
async function runLoad(agent: Agent, port: number, requests: Prepared[], concurrency: number): Promise<LoadResult> {
  const answers: Array<Sent | Error> = new Array(requests.length);
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= requests.length) return;
      try {
        answers[i] = await send(agent, port, requests[i] as Prepared);
      } catch (error) {
        answers[i] = error as Error;
      }
    }
  };
  const startedAt = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const endedAt = performance.now();
  const latencies: number[] = [];
  let bytes = 0;
  let errors = 0;
  const errorSamples: string[] = [];
  answers.forEach((answer, i) => {
    const ok = !(answer instanceof Error) && (requests[i] as Prepared).expect(answer.status, answer.body);
    if (!(answer instanceof Error)) {
      latencies.push(answer.ms);
      bytes += Buffer.byteLength(answer.body);
    }
    if (!ok) {
      errors += 1;
      if (errorSamples.length < 3) {
        errorSamples.push(
          answer instanceof Error ? String(answer) : `HTTP ${answer.status}: ${answer.body.slice(0, 200)}`,
        );
      }
    }
  });
  return {
    n: requests.length,
    concurrency,
    latencies,
    wallMs: endedAt - startedAt,
    startedAt,
    endedAt,
    errors,
    errorSamples,
    bytes: bytes / Math.max(1, latencies.length),
  };
}

interface Stats {
  n: number;
  concurrency: number;
  p50: number;
  p99: number;
  mean: number;
  max: number;
  rps: number;
  errors: number;
  errorSamples: string[];
  bytes: number;
  /** CPU time of the answering process and of this load generator, as a share of the wall time (1 = one core). */
  serverCpu?: number;
  generatorCpu?: number;
  /** CPU the rest of the machine used meanwhile (other processes on this shared machine), same unit. */
  otherCpu?: number;
  /** Share of the time the answering process's event loop (its main thread) was busy. */
  serverElu?: number;
}

interface Elu {
  idle: number;
  active: number;
}

/** CPU time the whole machine has spent busy so far, in ms (from /proc/stat; Linux). */
const CLOCK_TICK_MS = 1000 / Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim() || 100);
function machineBusyMs(): number {
  const fields = (readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "").trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
  return (user + nice + system + irq + softirq + steal) * CLOCK_TICK_MS;
}

/**
 * The machine is shared: before a timed run, wait (at most `maxMs`) until the rest of it
 * has been nearly idle for a second, our own processes being idle between runs.
 * Returns how long it waited.
 */
async function quietMachine(maxMs: number): Promise<number> {
  const start = performance.now();
  for (;;) {
    const busy0 = machineBusyMs();
    const own0 = process.cpuUsage();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const own = process.cpuUsage(own0);
    const others = (machineBusyMs() - busy0 - (own.user + own.system) / 1000) / 1000;
    if (others < 0.25 || performance.now() - start > maxMs) return performance.now() - start - 1000;
  }
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);

function stats(r: LoadResult): Stats {
  return {
    n: r.n,
    concurrency: r.concurrency,
    p50: median(r.latencies),
    p99: percentile(r.latencies, 99),
    mean: mean(r.latencies),
    max: Math.max(...r.latencies),
    rps: (r.n / r.wallMs) * 1000,
    errors: r.errors,
    errorSamples: r.errorSamples,
    bytes: r.bytes,
  };
}

// ------------------------------------------------------------------ CPU profile summary

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const SPECIAL = new Set(["(garbage collector)", "(idle)", "(program)", "(root)"]);

/** The module a frame belongs to: a package, a folder of keyholder's src, Node core, or V8 itself. */
function moduleOf(url: string, fn: string): string {
  if (!url) {
    if (fn === "(garbage collector)") return "V8: garbage collection";
    if (fn === "(idle)") return "idle";
    if (fn === "(program)") return "V8: (program), not attributed to JS";
    return "";
  }
  if (url.startsWith("wasm://")) return "Prisma query compiler (WebAssembly)";
  if (url.startsWith("node:")) return "Node core";
  const packages = [...url.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)];
  const pkg = packages.at(-1)?.[1];
  if (pkg) return pkg;
  const src = /\/src\/([^/]+)\//.exec(url);
  if (src?.[1] === "generated") return "src/generated (Prisma client)";
  if (src) return `keyholder src/${src[1]}`;
  if (url.includes("/tests/support/") || url.includes("/bench/")) return "bench harness";
  return "other";
}

const NATIVE = " [native, called from]";

/** Coarse groups: who spends the CPU. SQLite's own work is counted apart from the ORM's. */
function groupOf(module: string): string {
  const native = module.endsWith(NATIVE);
  const m = module.replace(NATIVE, "");
  if (native && m.startsWith("@prisma/adapter-better-sqlite3"))
    return "SQLite (native), through Prisma's adapter: prepare + step";
  if (native && m === "keyholder src/db") return "SQLite (native), through keyholder's raw SQL (src/db/sql.ts)";
  if (m.startsWith("@prisma/") || m.startsWith("Prisma") || m.startsWith("src/generated") || m === ".prisma")
    return "Prisma (client runtime, query compiler)";
  if (m.startsWith("@slack/")) return "Bolt / Slack SDK";
  if (m === "better-sqlite3") return "better-sqlite3";
  if (m.startsWith("keyholder")) return "keyholder code";
  if (m === "Node core") return "Node core";
  if (m.startsWith("V8")) return "V8 (GC, unattributed)";
  return "other packages";
}

interface ProfileSummary {
  busyMs: number;
  idleMs: number;
  byModule: Array<{ module: string; ms: number }>;
  byGroup: Array<{ group: string; ms: number }>;
  top: Array<{ fn: string; where: string; module: string; ms: number }>;
}

function summariseProfile(profile: CpuProfile): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parentOf = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n.id);
  const selfUs = new Map<number, number>();
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    const dt = i + 1 < samples.length ? (timeDeltas[i + 1] as number) : 0;
    const id = samples[i] as number;
    selfUs.set(id, (selfUs.get(id) ?? 0) + dt);
  }
  // A native function (no URL: a C++ binding such as better-sqlite3's Statement#all, or a
  // V8 builtin) is counted under the module whose JS called it, looking through
  // better-sqlite3's own thin JS wrappers (its `prepare` calls the native Statement).
  const moduleFor = (node: ProfileNode): string => {
    const own = moduleOf(node.callFrame.url, node.callFrame.functionName);
    if (own) return own;
    let up = parentOf.get(node.id);
    while (up !== undefined) {
      const parent = byId.get(up) as ProfileNode;
      const { url, functionName } = parent.callFrame;
      if (url && !SPECIAL.has(functionName) && moduleOf(url, functionName) !== "better-sqlite3") {
        return `${moduleOf(url, functionName)}${NATIVE}`;
      }
      up = parentOf.get(up);
    }
    return "V8: (program), not attributed to JS";
  };
  const modules = new Map<string, number>();
  const functions = new Map<string, { fn: string; where: string; module: string; ms: number }>();
  let idleMs = 0;
  let busyMs = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id) as ProfileNode;
    const module = moduleFor(node);
    const ms = us / 1000;
    if (module === "idle") {
      idleMs += ms;
      continue;
    }
    busyMs += ms;
    modules.set(module, (modules.get(module) ?? 0) + ms);
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url ? `${url.replace(/^file:\/\//, "").replace(`${ROOT}`, "")}:${lineNumber + 1}` : "native";
    const key = `${functionName}|${file}|${module}`;
    const entry = functions.get(key) ?? { fn: functionName || "(anonymous)", where: file, module, ms: 0 };
    entry.ms += ms;
    functions.set(key, entry);
  }
  const groups = new Map<string, number>();
  for (const [module, ms] of modules) groups.set(groupOf(module), (groups.get(groupOf(module)) ?? 0) + ms);
  const sorted = <T extends { ms: number }>(list: T[]) => list.sort((a, b) => b.ms - a.ms);
  return {
    busyMs,
    idleMs,
    byModule: sorted([...modules].map(([module, ms]) => ({ module, ms }))),
    byGroup: sorted([...groups].map(([group, ms]) => ({ group, ms }))),
    top: sorted([...functions.values()]).slice(0, 15),
  };
}

// ------------------------------------------------------------------ formatting

const fmtMs = (ms: number): string =>
  ms >= 1000
    ? `${(ms / 1000).toFixed(2)} s`
    : ms >= 100
      ? `${ms.toFixed(0)} ms`
      : ms >= 1
        ? `${ms.toFixed(2)} ms`
        : `${ms.toFixed(3)} ms`;
const fmtRatio = (a: number, b: number): string => `${(a / b).toFixed(1)}×`;
const pct = (part: number, whole: number): string => `${((part / whole) * 100).toFixed(0)}%`;
// ------------------------------------------------------------------ the run

async function main(): Promise<void> {
  const started = new Date();
  const load0 = loadavg();
  const t0 = performance.now();
  const work = mkdtempSync(join(tmpdir(), "keyholder-bench-slack-"));
  const children: Child[] = [];
  let closeDb: (() => Promise<void>) | null = null;
  let reader: Sqlite.Database | null = null;
  const onSigint = () => {
    rmSync(work, { recursive: true, force: true });
    process.exit(130);
  };
  process.on("SIGINT", onSigint);
  try {
    // ---------------------------------------------------------------- data
    const today = dayOf(started);
    const data = generateDataset(today);
    const policy = parsePolicy(POLICY, "bench");
    const dbPath = join(work, "slack.db");
    await buildBaseDatabase(dbPath, data, policy);
    const db = openDatabase(`file:${dbPath}`);
    closeDb = () => db.close();
    // The engagements as `keyholder import engagements` stores them, through the app's own bulk insert.
    const inserted = await db.sql.insertMany(
      "Engagement",
      ENGAGEMENT_COLUMNS,
      engagementRowsForSql(data, storedDate(started, "zulu"), "zulu"),
      "importKey",
    );
    if (inserted !== ENGAGEMENTS) throw new Error(`inserted ${inserted} engagements, expected ${ENGAGEMENTS}`);
    const services: Services = { db, policy, clock: systemClock };
    reader = new Sqlite(dbPath, { fileMustExist: true });
    const voteCount = reader.prepare<[], number>('SELECT COUNT(*) FROM "Vote"').pluck();
    const voteOf = reader.prepare<[number], number>('SELECT 1 FROM "Vote" WHERE "claimId" = ?').pluck();
    const outboxWith = reader
      .prepare<[string], number>('SELECT COUNT(*) FROM "OutboxMessage" WHERE "status" = ?')
      .pluck();
    log(`data ready in ${((performance.now() - t0) / 1000).toFixed(1)} s under ${work}`);

    // ---------------------------------------------------------------- processes
    const fake = await startChild(
      join(BENCH, "slack-fake.ts"),
      { BENCH_FAKE_USERS: JSON.stringify([...MANAGERS, CLAIMANT, VIEWER]) },
      ROOT,
    );
    children.push(fake);
    const fakeBase = fake.info.baseUrl as string;
    const childEnv = {
      BENCH_DB: dbPath,
      BENCH_POLICY: JSON.stringify(POLICY),
      BENCH_SLACK_API_URL: fake.info.apiUrl as string,
      BENCH_SIGNING_SECRET: SIGNING_SECRET,
      BENCH_BOT_TOKEN: BOT_TOKEN,
    };
    const app = await startChild(join(BENCH, "slack-app.ts"), childEnv, ROOT);
    children.push(app);
    const bare = await startChild(join(BENCH, "slack-bare.ts"), childEnv, ROOT);
    children.push(bare);
    const appPort = app.info.port as number;
    const barePort = bare.info.port as number;
    log(`app (pid ${app.pid}) on :${appPort}, bare Bolt (pid ${bare.pid}) on :${barePort}, fake Slack at ${fakeBase}`);

    // ---------------------------------------------------------------- score cards
    const random = prng(SEED + 77);
    const pickName = () => (data.clients[Math.floor(random() * data.clients.length)] as { name: string }).name;
    let requestNo = 0;
    const scoreCard = (name: string): Prepared => {
      const needle = JSON.stringify(name).slice(1, -1);
      return signed(
        slashCommand({
          text: name,
          userId: VIEWER,
          responseUrl: `${fakeBase}/response/cmd-${++requestNo}`,
          triggerId: fakeTriggerId(),
        }),
        (status, body) => status === 200 && body.includes(`"${BLOCKS.scoreCardActions}"`) && body.includes(needle),
      );
    };
    const bareCommand = (name: string): Prepared =>
      signed(
        slashCommand({
          text: name,
          userId: VIEWER,
          responseUrl: `${fakeBase}/response/cmd-${++requestNo}`,
          triggerId: fakeTriggerId(),
        }),
        (status, body) => status === 200 && body.includes('"ephemeral"'),
      );

    const c1Names = Array.from({ length: N.c1 }, pickName);
    let waitedMs = 0;
    const phase = async (
      label: string,
      server: Child,
      build: (name: string) => Prepared,
      warm: number,
      names: string[],
      concurrency: number,
      /** Profile the answering process's CPU over exactly the timed run, into this file. */
      profileTo?: string,
    ): Promise<Stats> => {
      const port = server.info.port as number;
      if (waitedMs < MAX_QUIET_WAIT_MS) waitedMs += await quietMachine(Math.min(15_000, MAX_QUIET_WAIT_MS - waitedMs));
      const agent = keepAlive(concurrency);
      try {
        const warmUp = await runLoad(
          agent,
          port,
          Array.from({ length: warm }, () => build(pickName())),
          concurrency,
        );
        if (warmUp.errors > 0) throw new Error(`${label}: warm-up failed: ${warmUp.errorSamples.join(" / ")}`);
        const requests = names.map(build);
        if (profileTo) await server.request("profile-start", { intervalUs: 250 });
        const serverCpu0 = await server.request<number>("cpu");
        const elu0 = await server.request<Elu>("elu");
        const ownCpu0 = process.cpuUsage();
        const busy0 = machineBusyMs();
        const load = await runLoad(agent, port, requests, concurrency);
        const busy = machineBusyMs() - busy0;
        const ownCpu = process.cpuUsage(ownCpu0);
        const serverCpu = ((await server.request<number>("cpu")) - serverCpu0) / 1000;
        const elu1 = await server.request<Elu>("elu");
        if (profileTo) await server.request("profile-stop", { path: profileTo });
        const generatorCpu = (ownCpu.user + ownCpu.system) / 1000;
        const result = {
          ...stats(load),
          serverCpu: serverCpu / load.wallMs,
          generatorCpu: generatorCpu / load.wallMs,
          otherCpu: Math.max(0, busy - serverCpu - generatorCpu) / load.wallMs,
          serverElu: (elu1.active - elu0.active) / (elu1.active - elu0.active + elu1.idle - elu0.idle),
        };
        log(
          `${label}: p50 ${fmtMs(result.p50)}, p99 ${fmtMs(result.p99)}, ${fmtInt(result.rps)} req/s, ${result.errors} errors; server event loop busy ${pct(result.serverElu, 1)}; CPU (cores): server ${result.serverCpu.toFixed(2)}, load generator ${result.generatorCpu.toFixed(2)}, rest of the machine ${result.otherCpu.toFixed(2)}`,
        );
        return result;
      } finally {
        agent.destroy();
      }
    };
    const appC1 = await phase("app c=1", app, scoreCard, N.warm1, c1Names, 1);
    const bareC1 = await phase("bare c=1", bare, bareCommand, N.warm1, c1Names, 1);
    const c16Names = Array.from({ length: N.c16 }, pickName);
    const appC16 = await phase("app c=16", app, scoreCard, N.warm16, c16Names, 16);
    const bareC16 = await phase("bare c=16", bare, bareCommand, N.warm16, c16Names, 16);

    // The same c=16 load once more, the app's CPU profiled (the timed runs above were not).
    const profilePath = join(work, "app-c16.cpuprofile");
    const profiled = await phase(
      "app c=16, profiled",
      app,
      scoreCard,
      0,
      Array.from({ length: N.profile }, pickName),
      16,
      profilePath,
    );
    const profile = summariseProfile(JSON.parse(readFileSync(profilePath, "utf8")) as CpuProfile);
    if (PROFILE_OUT) copyFileSync(profilePath, join(PROFILE_OUT, "slack-app-score-card-c16.cpuprofile"));
    await bare.stop();
    children.splice(children.indexOf(bare), 1);

    // ---------------------------------------------------------------- the handler's parts, in process
    // What the score-card listener does, step by step, over the c=1 names, in this process (the
    // app is idle): resolveClient, scoreOne, pendingClaimRef, scoreCardMessage + the JSON of the ack.
    log("in-process split of the score-card handler");
    const parts = {
      resolve: [] as number[],
      score: [] as number[],
      pending: [] as number[],
      blocks: [] as number[],
      rawResolve: [] as number[],
      rawPending: [] as number[],
    };
    const timezone = policy.policy.timezone;
    // For comparison, what the two Prisma steps read, each as one plain SQL query through the
    // app's own db.sql (cached prepared statements), on the same indexes.
    const EXACT_SQL = `SELECT c."id", c."name" FROM "Client" c WHERE c."normalizedName" = ?
      UNION SELECT c."id", c."name" FROM "ClientAlias" a JOIN "Client" c ON c."id" = a."clientId" WHERE a."normalized" = ?`;
    const PENDING_SQL = `SELECT cl."id", cl."claimant", o."ts", o."channel" FROM "Claim" cl
      LEFT JOIN "OutboxMessage" o ON o."key" = 'claim:' || cl."id" || ':root' WHERE cl."pendingFor" = ?`;
    const runSplit = async (names: string[], record: boolean) => {
      for (const name of names) {
        const a = performance.now();
        const found = await resolveClient(db, name);
        const b = performance.now();
        if (found.kind !== "found") throw new Error(`resolveClient(${name}) → ${found.kind}`);
        const score = await scoreOne(services, found.client.id);
        const c = performance.now();
        if (!score) throw new Error(`scoreOne(${found.client.id}) → null`);
        const pending = await pendingClaimRef(services, found.client.id);
        const d = performance.now();
        const message = scoreCardMessage(score, {
          timezone,
          pendingClaim: pending ? { claimId: pending.claimId, claimant: pending.claimant, permalink: null } : null,
          viewer: VIEWER,
        });
        JSON.stringify({ response_type: "ephemeral", ...message });
        const e = performance.now();
        const key = stripLegalSuffix(name);
        const exact = await db.sql.query<{ id: number }>(EXACT_SQL, [key, key]);
        const f = performance.now();
        await db.sql.query(PENDING_SQL, [found.client.id]);
        const g = performance.now();
        if (exact.length !== 1 || Number(exact[0]?.id) !== found.client.id) {
          throw new Error(`raw exact match for ${name} disagrees with resolveClient`);
        }
        if (record) {
          parts.resolve.push(b - a);
          parts.score.push(c - b);
          parts.pending.push(d - c);
          parts.blocks.push(e - d);
          parts.rawResolve.push(f - e);
          parts.rawPending.push(g - f);
        }
      }
    };
    await runSplit(Array.from({ length: N.warm1 }, pickName), false);
    await runSplit(c1Names.slice(0, N.split), true);

    // ---------------------------------------------------------------- claims for the vote clicks
    const candidates = (await scoreAll(services)).filter((s) => s.card.verdict === "KEY" && s.owner === null);
    // Scores move with the day the history ends on; if fewer clients qualify, the c=16 burst is smaller.
    const vote16Count = Math.min(N.vote16, candidates.length - (N.voteWarm + N.vote1 + N.paced + N.voteProfile));
    if (vote16Count < Math.min(N.vote16, 200)) {
      throw new Error(`only ${candidates.length} KEY clients without an owner: too few claims for the vote clicks`);
    }
    const voteTotal = N.voteWarm + N.vote1 + N.paced + vote16Count + N.voteProfile;
    log(`creating ${voteTotal} pending claims on KEY clients without an owner`);
    const claimIds: number[] = [];
    const createMs: number[] = [];
    for (const candidate of candidates.slice(0, voteTotal)) {
      const a = performance.now();
      const claim = await createClaim(services, {
        clientId: candidate.card.clientId,
        claimant: CLAIMANT,
        reason: "Benchmark: biggest account in the region",
      });
      createMs.push(performance.now() - a);
      claimIds.push(claim.id);
    }
    // What the outbox holds, for error messages: status, attempts and last error per group of rows.
    const outboxState = () =>
      JSON.stringify(
        (reader as Sqlite.Database)
          .prepare(
            `SELECT "status", "attempts", "lastError", COUNT(*) AS "n" FROM "OutboxMessage" GROUP BY 1, 2, 3 ORDER BY 4 DESC LIMIT 5`,
          )
          .all(),
      );
    const waitFor = async (predicate: () => boolean, timeoutMs: number, what: string, everyMs = 2) => {
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        if (predicate()) return performance.now();
        if (performance.now() > deadline) {
          throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; outbox: ${outboxState()}`);
        }
        await sleep(everyMs);
      }
    };
    // The app's outbox worker posts each claim's approval thread; votes reply in those threads.
    // Unpaced, that takes a few seconds. If the outbox still paces posts (one a second per
    // channel), waiting for it would take half an hour: the clicks go ahead and the
    // "messages sent" figures are left out.
    const rootsFrom = performance.now();
    let rootsDrained: number | null = null;
    for (;;) {
      rootsDrained = await waitFor(() => outboxWith.get("PENDING") === 0, 5_000, "threads", 20).catch(() => null);
      const rate = ((outboxWith.get("SENT") as number) / (performance.now() - rootsFrom)) * 1000;
      if (rootsDrained !== null || rate < 20 || performance.now() - rootsFrom > 120_000) break;
    }
    const outboxPaced = rootsDrained === null;
    const rootsMs = (rootsDrained ?? performance.now()) - rootsFrom;
    const rootsPosted = outboxWith.get("SENT") as number;
    await app.request("idle");
    log(
      `claims ready (${fmtMs(median(createMs))} median createClaim); ${rootsPosted} of ${voteTotal} threads posted in ${fmtMs(rootsMs)}${outboxPaced ? ": the outbox is pacing posts, so message timings are left out" : ""}`,
    );

    // ---------------------------------------------------------------- vote clicks
    let clickNo = 0;
    const clickIds: string[] = [];
    const approve = (claimId: number): Prepared => {
      const id = `click-${++clickNo}`;
      clickIds.push(id);
      return signed(
        blockAction({
          userId: MANAGERS[clickNo % MANAGERS.length] as string,
          actionId: ACTIONS.approve,
          value: String(claimId),
          blockId: BLOCKS.approvalActions,
          channelId: APPROVALS,
          messageTs: "1733333333.000100",
          responseUrl: `${fakeBase}/response/${id}`,
          triggerId: fakeTriggerId(),
        }),
        (status) => status === 200,
      );
    };
    let claimCursor = 0;
    const takeClaims = (n: number) => {
      const taken = claimIds.slice(claimCursor, claimCursor + n);
      claimCursor += n;
      return taken;
    };
    interface VotePhase {
      /** CPU, in cores, of the app and of other processes (not this one, not the fake Slack), first click to done. */
      appCpu: number;
      otherCpu: number;
      ack: Stats;
      storedMs: number;
      lagMs: number;
      outboxMs: number;
      missing: number;
    }
    const votePhase = async (
      label: string,
      claims: number[],
      concurrency: number,
      profileTo?: string,
    ): Promise<VotePhase> => {
      if (waitedMs < MAX_QUIET_WAIT_MS) waitedMs += await quietMachine(Math.min(15_000, MAX_QUIET_WAIT_MS - waitedMs));
      const agent = keepAlive(concurrency);
      try {
        const before = voteCount.get() as number;
        const requests = claims.map(approve);
        if (profileTo) await app.request("profile-start", { intervalUs: 250 });
        const appCpu0 = await app.request<number>("cpu");
        const fakeCpu0 = await fake.request<number>("cpu");
        const ownCpu0 = process.cpuUsage();
        const busy0 = machineBusyMs();
        const result = await runLoad(agent, appPort, requests, concurrency);
        const expected = before + claims.length;
        const stored = await waitFor(() => (voteCount.get() as number) >= expected, 120_000, `${label}: votes`).catch(
          () => performance.now(),
        );
        const missing = expected - (voteCount.get() as number);
        const drained = outboxPaced
          ? Number.NaN
          : await waitFor(() => outboxWith.get("PENDING") === 0, 120_000, `${label}: outbox`, 5);
        await app.request("idle");
        // CPU from the first click until the votes were stored and their messages sent.
        const spanMs = performance.now() - result.startedAt;
        const busy = machineBusyMs() - busy0;
        const own = process.cpuUsage(ownCpu0);
        const appCpu = ((await app.request<number>("cpu")) - appCpu0) / 1000;
        const fakeCpu = ((await fake.request<number>("cpu")) - fakeCpu0) / 1000;
        if (profileTo) await app.request("profile-stop", { path: profileTo });
        const out = {
          appCpu: appCpu / spanMs,
          otherCpu: Math.max(0, busy - appCpu - fakeCpu - (own.user + own.system) / 1000) / spanMs,
          ack: stats(result),
          storedMs: stored - result.startedAt,
          lagMs: stored - result.endedAt,
          outboxMs: drained - result.startedAt,
          missing,
        };
        log(
          `${label}: ack p50 ${fmtMs(out.ack.p50)} p99 ${fmtMs(out.ack.p99)}; ${claims.length} votes stored after ${fmtMs(out.storedMs)}; ${missing} missing`,
        );
        return out;
      } finally {
        agent.destroy();
      }
    };
    await votePhase("votes warm-up", takeClaims(N.voteWarm), 1);
    const vote1 = await votePhase("votes c=1", takeClaims(N.vote1), 1);

    // Closed loop: one click, then poll the database (every 1 ms) until its vote row exists,
    // then until its Slack messages (vote reply, refreshed root) have been sent.
    log("votes, one at a time until stored");
    const paced = {
      ack: [] as number[],
      stored: [] as number[],
      sent: [] as number[],
      errors: 0,
      /** Clicks whose vote row already existed when the ack arrived. */
      storedAtAck: 0,
    };
    {
      const agent = keepAlive(1);
      try {
        for (const claimId of takeClaims(N.paced)) {
          const prepared = approve(claimId);
          const start = performance.now();
          const answer = await send(agent, appPort, prepared);
          paced.ack.push(answer.ms);
          if (answer.status !== 200) paced.errors += 1;
          if (voteOf.get(claimId) === 1) paced.storedAtAck += 1;
          const stored = await waitFor(() => voteOf.get(claimId) === 1, 10_000, `vote on claim ${claimId}`, 1).catch(
            () => {
              paced.errors += 1;
              return Number.NaN;
            },
          );
          paced.stored.push(stored - start);
          if (!outboxPaced) {
            const sent = await waitFor(() => outboxWith.get("PENDING") === 0, 10_000, "the vote's messages", 1);
            paced.sent.push(sent - start);
          }
        }
      } finally {
        agent.destroy();
      }
      await app.request("idle");
    }
    const vote16 = await votePhase("votes c=16", takeClaims(vote16Count), 16);
    // Once more, profiled: the app's CPU from the first click until every vote's Slack messages are sent.
    const voteProfilePath = join(work, "app-votes-c16.cpuprofile");
    const voteProfiled = await votePhase("votes c=16, profiled", takeClaims(N.voteProfile), 16, voteProfilePath);
    const voteProfile = summariseProfile(JSON.parse(readFileSync(voteProfilePath, "utf8")) as CpuProfile);
    if (PROFILE_OUT) copyFileSync(voteProfilePath, join(PROFILE_OUT, "slack-app-votes-c16.cpuprofile"));
    const fakeStats = await fake.request<{
      byMethod: Record<string, { calls: number; failed: number }>;
      responses: number;
    }>("stats", { responseIds: clickIds });
    const outboxFailed = outboxWith.get("FAILED") as number;

    // ---------------------------------------------------------------- figures
    const load1 = loadavg();
    const totalS = (performance.now() - t0) / 1000;
    const part = (values: number[]) => ({ p50: median(values), p99: percentile(values, 99), mean: mean(values) });
    const split = {
      resolve: part(parts.resolve),
      score: part(parts.score),
      pending: part(parts.pending),
      blocks: part(parts.blocks),
      rawResolve: part(parts.rawResolve),
      rawPending: part(parts.rawPending),
    };
    const handlerMean = split.resolve.mean + split.score.mean + split.pending.mean + split.blocks.mean;
    const handlerP50 = median(
      parts.resolve.map(
        (r, i) => r + (parts.score[i] as number) + (parts.pending[i] as number) + (parts.blocks[i] as number),
      ),
    );
    const rest = appC1.mean - bareC1.mean - handlerMean;

    const met = {
      c1P50: appC1.p50 < TARGET.c1P50,
      c1P99: appC1.p99 < TARGET.c1P99,
      c16Share: appC16.rps >= TARGET.c16Share * bareC16.rps,
      c16P99: appC16.p99 < TARGET.c16P99,
    };
    const appErrors = appC1.errors + appC16.errors + profiled.errors;

    const scoreTable = table(
      ["Figure", "Measured (app)", "Baseline (bare Bolt)", "Ratio", "Target", "Met?"],
      [
        [
          `c=1, ${fmtInt(N.c1)} requests after ${N.warm1} warm-up: p50`,
          fmtMs(appC1.p50),
          fmtMs(bareC1.p50),
          fmtRatio(appC1.p50, bareC1.p50),
          `< ${TARGET.c1P50} ms`,
          yes(met.c1P50),
        ],
        [
          "c=1: p99",
          fmtMs(appC1.p99),
          fmtMs(bareC1.p99),
          fmtRatio(appC1.p99, bareC1.p99),
          `< ${TARGET.c1P99} ms`,
          yes(met.c1P99),
        ],
        ["c=1: requests/s", fmtInt(appC1.rps), fmtInt(bareC1.rps), fmtRatio(appC1.rps, bareC1.rps), "—", "—"],
        [
          `c=16, ${fmtInt(N.c16)} requests after ${N.warm16} warm-up: requests/s`,
          fmtInt(appC16.rps),
          fmtInt(bareC16.rps),
          `${pct(appC16.rps, bareC16.rps)} of bare`,
          "≥ 20% of bare",
          yes(met.c16Share),
        ],
        ["c=16: p50", fmtMs(appC16.p50), fmtMs(bareC16.p50), fmtRatio(appC16.p50, bareC16.p50), "—", "—"],
        [
          "c=16: p99",
          fmtMs(appC16.p99),
          fmtMs(bareC16.p99),
          fmtRatio(appC16.p99, bareC16.p99),
          `< ${TARGET.c16P99} ms`,
          yes(met.c16P99),
        ],
        ["c=16: max", fmtMs(appC16.max), fmtMs(bareC16.max), "—", "—", "—"],
        [
          "Wrong or failed answers (status ≠ 200, or no score card naming the client)",
          `${appC1.errors} of ${fmtInt(N.c1)}; ${appC16.errors} of ${fmtInt(N.c16)}; ${profiled.errors} of ${fmtInt(N.profile)} (profiled run)`,
          `${bareC1.errors}; ${bareC16.errors}`,
          "—",
          "0",
          yes(appErrors === 0),
        ],
      ],
    );
    const errorNotes = [appC1, appC16, profiled]
      .flatMap((s) => s.errorSamples)
      .map((e) => `  - \`${e.replace(/`/g, "'")}\``)
      .join("\n");

    const splitTable = table(
      ["Part (c=1 names, in process, app idle)", "p50", "p99", "mean"],
      [
        ["Round trip, app (from the c=1 run)", fmtMs(appC1.p50), fmtMs(appC1.p99), fmtMs(appC1.mean)],
        [
          "Round trip, bare Bolt (receiver, signature, body parsing, ack, HTTP both ways, load generator)",
          fmtMs(bareC1.p50),
          fmtMs(bareC1.p99),
          fmtMs(bareC1.mean),
        ],
        [
          "resolveClient: the exact match on a client's name or alias",
          fmtMs(split.resolve.p50),
          fmtMs(split.resolve.p99),
          fmtMs(split.resolve.mean),
        ],
        [
          "scoreOne: the client's and its ancestors' facts (loadClientFacts) + scoreClient",
          fmtMs(split.score.p50),
          fmtMs(split.score.p99),
          fmtMs(split.score.mean),
        ],
        [
          "pendingClaimRef: the client's pending claim and its approval thread",
          fmtMs(split.pending.p50),
          fmtMs(split.pending.p99),
          fmtMs(split.pending.mean),
        ],
        [
          "scoreCardMessage + JSON of the ack",
          fmtMs(split.blocks.p50),
          fmtMs(split.blocks.p99),
          fmtMs(split.blocks.mean),
        ],
        ["Handler total (sum of the parts per request)", fmtMs(handlerP50), "—", fmtMs(handlerMean)],
        [
          `Remainder: app round trip − bare round trip − handler (the app's two middlewares; an answer of ${fmtInt(appC1.bytes)} bytes instead of ${fmtInt(bareC1.bytes)})`,
          "—",
          "—",
          fmtMs(rest),
        ],
        [
          "*Reference (the floor):* that exact match as one plain SQL query (UNION over the indexed Client.normalizedName and ClientAlias.normalized) through `db.sql.query`",
          fmtMs(split.rawResolve.p50),
          fmtMs(split.rawResolve.p99),
          fmtMs(split.rawResolve.mean),
        ],
        [
          "*Reference (the floor):* the pending claim and its thread as one plain SQL query (Claim by its unique pendingFor LEFT JOIN the root OutboxMessage by its unique key)",
          fmtMs(split.rawPending.p50),
          fmtMs(split.rawPending.p99),
          fmtMs(split.rawPending.mean),
        ],
      ],
    );

    const profileBusy = profile.busyMs;
    const profileTables = (p: ProfileSummary, topModules: number, topFunctions: number): string =>
      [
        table(
          ["Group", "Self time", "Share of busy CPU"],
          p.byGroup.map((g) => [g.group, fmtMs(g.ms), pct(g.ms, p.busyMs)]),
        ),
        table(
          ["Module (native functions counted under the module that called them)", "Self time", "Share"],
          p.byModule
            .slice(0, topModules)
            .map((m) => [m.module.replace(NATIVE, " — native code it called"), fmtMs(m.ms), pct(m.ms, p.busyMs)]),
        ),
        table(
          ["Function", "Where", "Module", "Self time", "Share"],
          p.top
            .slice(0, topFunctions)
            .map((f) => [
              `\`${f.fn}\``,
              `\`${f.where}\``,
              f.module.replace(NATIVE, " (native)"),
              fmtMs(f.ms),
              pct(f.ms, p.busyMs),
            ]),
        ),
      ].join("\n\n");
    const cpuRow = (label: string, st: Stats): string[] => [
      label,
      pct(st.serverElu ?? 0, 1),
      (st.serverCpu ?? 0).toFixed(2),
      (st.generatorCpu ?? 0).toFixed(2),
      (st.otherCpu ?? 0).toFixed(2),
    ];
    const cpuTable = table(
      [
        `CPU during each timed run, in cores (this machine has ${cpus().length})`,
        "Answering process: event loop busy",
        "Answering process: CPU (all its threads)",
        "Load generator",
        "Rest of the machine",
      ],
      [
        cpuRow("app c=1", appC1),
        cpuRow("bare Bolt c=1", bareC1),
        cpuRow("app c=16", appC16),
        cpuRow("bare Bolt c=16", bareC16),
        cpuRow("app c=16, profiled", profiled),
      ],
    );

    const voteRow = (label: string, v: VotePhase, n: number): string[] => [
      label,
      `${fmtMs(v.ack.p50)} / ${fmtMs(v.ack.p99)}`,
      `${fmtMs(v.storedMs)} (${fmtMs(Math.max(0, v.lagMs))} after the last ack)`,
      fmtInt((n / v.storedMs) * 1000),
      Number.isFinite(v.outboxMs) ? fmtMs(v.outboxMs) : "not measured (outbox paced)",
      `${v.ack.errors} / ${v.missing}`,
      `${v.appCpu.toFixed(2)} / ${v.otherCpu.toFixed(2)}`,
    ];
    const voteTable = table(
      [
        "Approve clicks (each on its own claim, so each records a vote)",
        "Ack p50 / p99",
        "All votes stored, from the first click",
        "Votes stored/s",
        "All Slack messages sent (outbox empty)",
        "Bad acks / votes missing",
        "CPU in cores: app / other processes on the machine",
      ],
      [
        voteRow(`c=1, ${N.vote1} clicks (after ${N.voteWarm} warm-up)`, vote1, N.vote1),
        voteRow(`c=16, ${fmtInt(vote16Count)} clicks`, vote16, vote16Count),
        voteRow(
          `c=16, ${N.voteProfile} clicks, CPU profiled (slower; for the profile below)`,
          voteProfiled,
          N.voteProfile,
        ),
      ],
    );
    const pacedOk = paced.stored.filter((v) => Number.isFinite(v));
    const pacedTable = table(
      [`One click at a time, waiting for its effects (${N.paced} clicks)`, "p50", "p99", "mean"],
      [
        ["Ack (HTTP round trip)", fmtMs(median(paced.ack)), fmtMs(percentile(paced.ack, 99)), fmtMs(mean(paced.ack))],
        [
          "Until the vote row exists (polled every 1 ms)",
          fmtMs(median(pacedOk)),
          fmtMs(percentile(pacedOk, 99)),
          fmtMs(mean(pacedOk)),
        ],
        paced.sent.length > 0
          ? [
              "Until its thread reply and refreshed root are sent to Slack (outbox empty)",
              fmtMs(median(paced.sent)),
              fmtMs(percentile(paced.sent, 99)),
              fmtMs(mean(paced.sent)),
            ]
          : ["Until its Slack messages are sent", "not measured: the outbox paced posts", "—", "—"],
        ["Vote row already there when the ack arrived", `${paced.storedAtAck} of ${paced.ack.length} clicks`, "—", "—"],
      ],
    );
    const posted = fakeStats.byMethod["chat.postMessage"]?.calls ?? 0;
    const updated = fakeStats.byMethod["chat.update"]?.calls ?? 0;

    const groupList = (p: ProfileSummary) => p.byGroup.map((g) => `${g.group} ${pct(g.ms, p.busyMs)}`).join(", ");
    const moduleList = (p: ProfileSummary, n: number) =>
      p.byModule
        .slice(0, n)
        .map((m) => `${m.module.replace(NATIVE, " (native code it called)")} ${pct(m.ms, p.busyMs)}`)
        .join(", ");
    const lookupSteps = split.resolve.mean + split.pending.mean;
    const ackOrder =
      paced.storedAtAck === paced.ack.length
        ? `The listener stores the vote before it acknowledges the click (every one of the ${paced.ack.length} one-at-a-time clicks found its vote row there when the ack arrived), so the ack's latency includes the write.`
        : paced.storedAtAck === 0
          ? "A click is acknowledged before the vote is written (the listener calls `ack()` first; none of the one-at-a-time clicks found its vote row there when the ack arrived), so the ack says little about the write."
          : `Acks and writes race: ${paced.storedAtAck} of ${paced.ack.length} one-at-a-time clicks found their vote row there when the ack arrived.`;
    const rawSteps = split.rawResolve.mean + split.rawPending.mean;
    const prismaShare = (p: ProfileSummary) =>
      (p.byGroup.find((g) => g.group.startsWith("Prisma"))?.ms ?? 0) / Math.max(1, p.busyMs);
    const prismaNote =
      "Prisma 6.19's client engine compiles every query with its WebAssembly query compiler (the runtime calls `compile` per query and keeps no plan cache), and its SQLite adapter prepares a new statement for every query (`Statement`, SQLite's parse and plan, shows under the adapter next to `all`, the execution).";
    const mainBusy = (p: ProfileSummary) => p.busyMs / Math.max(1, p.busyMs + p.idleMs);
    const where = [
      `**Score card, one request at a time.** Of a mean round trip of ${fmtMs(appC1.mean)}, the bare Bolt app's round trip (Bolt's receiver, signature check, parsing, ack, the HTTP exchange and this load generator) is ${fmtMs(bareC1.mean)}; the listener's own work, timed step by step in this process over the same names while the app was idle, is ${fmtMs(handlerMean)}: resolveClient ${fmtMs(split.resolve.mean)} (${pct(split.resolve.mean, handlerMean)}), scoreOne ${fmtMs(split.score.mean)} (${pct(split.score.mean, handlerMean)}), pendingClaimRef ${fmtMs(split.pending.mean)} (${pct(split.pending.mean, handlerMean)}), blocks and JSON ${fmtMs(split.blocks.mean)} (${pct(split.blocks.mean, handlerMean)}). The remainder, ${fmtMs(rest)}, is what the app's process does beyond the bare app's and beyond those steps: its two global middlewares, an answer of ${fmtInt(appC1.bytes)} bytes instead of ${fmtInt(bareC1.bytes)}, and a bigger heap to collect (the CPU profile below places it). resolveClient and pendingClaimRef together take ${fmtMs(lookupSteps)}, ${fmtRatio(lookupSteps, rawSteps)} the ${fmtMs(rawSteps)} that the same two lookups take as one plain SQL query each on the same indexes.`,
      `**Score card, 16 at a time.** The app answered ${fmtInt(appC16.rps)} requests/s using ${(appC16.serverCpu ?? 0).toFixed(2)} cores (V8's collector and compiler threads included; its event loop busy ${pct(appC16.serverElu ?? 0, 1)} of the time, the bare app's ${pct(bareC16.serverElu ?? 0, 1)}): ${fmtMs(((appC16.serverCpu ?? 0) * 1000) / appC16.rps)} of CPU per request, against ${fmtMs(((bareC16.serverCpu ?? 0) * 1000) / bareC16.rps)} for the bare app; with 16 requests in flight the latency is mostly the queue in front of that work.${(appC16.otherCpu ?? 0) > 0.25 ? ` Other processes on this shared machine used ${(appC16.otherCpu ?? 0).toFixed(2)} cores during that run (and ${(bareC16.otherCpu ?? 0).toFixed(2)} during the bare app's), so both had less CPU than the machine has.` : ""} The CPU profile of a ${fmtInt(N.profile)}-request c=16 run (sampled every 250 µs; the profiler slows the app, so this run is not in the table above; the main thread was busy ${pct(mainBusy(profile), 1)} of it: ${fmtMs(profileBusy)}) splits the busy time as: ${groupList(profile)}. The biggest modules: ${moduleList(profile, 5)}.${prismaShare(profile) >= 0.2 ? ` ${prismaNote}` : ""}`,
      `**Votes.** ${ackOrder} One click at a time (the app otherwise idle), the vote row exists ${fmtMs(median(pacedOk))} (p50) after the click was sent${paced.sent.length > 0 ? ` and its Slack messages are out after ${fmtMs(median(paced.sent))}` : ""}. Storing a vote reads the claim with its votes (to check the voter), writes the vote, its history row, an audit row and two outbox intents in one interactive transaction, then decides the claim in another when the votes settle it; the outbox worker then leases the intents, renders them (reading the claim again), sends two messages (a new HTTP connection each: \`connect\` shows in the profile) and marks them sent. Back-to-back clicks (c=1) stored ${fmtInt((N.vote1 / vote1.storedMs) * 1000)} votes/s and 16 at a time ${fmtInt((vote16Count / vote16.storedMs) * 1000)} votes/s; acks wait (c=16 ack p50 ${fmtMs(vote16.ack.p50)}, p99 ${fmtMs(vote16.ack.p99)}) because they queue on the same event loop as the writes and the outbox. The profiled vote burst (main thread busy ${pct(mainBusy(voteProfile), 1)}) splits the app's CPU as: ${groupList(voteProfile)}; biggest modules: ${moduleList(voteProfile, 5)}.${prismaShare(voteProfile) >= 0.2 ? ` ${prismaNote}` : ""}`,
    ];

    const missed = [
      met.c1P50 ? "" : `c=1 p50 (${fmtMs(appC1.p50)} ≥ ${TARGET.c1P50} ms)`,
      met.c1P99 ? "" : `c=1 p99 (${fmtMs(appC1.p99)} ≥ ${TARGET.c1P99} ms)`,
      met.c16Share ? "" : `c=16 throughput (${pct(appC16.rps, bareC16.rps)} of bare < 20%)`,
      met.c16P99 ? "" : `c=16 p99 (${fmtMs(appC16.p99)} ≥ ${TARGET.c16P99} ms)`,
      appErrors === 0 ? "" : `${appErrors} wrong answers`,
    ].filter(Boolean);

    const section = `## Slack round trip: \`/keyaccount <client>\` and Approve clicks

- **Machine:** ${machineLine()}
- **Date:** ${started.toISOString()} (run took ${totalS.toFixed(0)} s; load average ${load0.map((l) => l.toFixed(2)).join(" ")} at the start, ${load1.map((l) => l.toFixed(2)).join(" ")} at the end; the machine is shared: before each score-card run and vote burst this waited for other processes to go quiet, ${fmtMs(waitedMs)} in all, at most ${MAX_QUIET_WAIT_MS / 1000} s; the CPU table below shows what they used during each run)
- **Command:** \`npx tsx bench/slack.ts\` (also run by \`npm run bench\`)
- **Data:** ${fmtInt(CLIENTS)} clients and ${fmtInt(ENGAGEMENTS)} engagements (bench/data.ts, seed ${SEED}) on SQLite: the base database of bench/setup.ts, the engagements inserted with the app's own \`db.sql.insertMany\` as the import stores them; policy with three managers (\`${MANAGERS.join("`, `")}\`), approvals channel \`${APPROVALS}\`, defaults otherwise (two approvals decide).
- **Method:** three child processes started with \`node --import tsx\`: the app (bench/slack-app.ts: \`createSlackApp\` in HTTP mode, \`PORT=0\`, pino at \`silent\`, \`SLACK_API_URL\` = the fake, Services on the bench database), the bare Bolt 5 app (bench/slack-bare.ts: \`new App({ token, signingSecret, clientOptions: { slackApiUrl } })\`, one \`/keyaccount\` listener acking a fixed ephemeral text) and the fake Slack (tests/support/fake-slack.ts, bench/slack-fake.ts). This process only sends load: Slack-signed requests (fresh timestamp and signature per request, built and signed before each timed section) over keep-alive HTTP (\`http.Agent({ keepAlive: true })\`, one socket per worker), each worker sending its next request when the previous answer has been read; latency is from sending to the end of the answer. Client names are random real names from the dataset (every one resolves exactly), the same list for the app and the bare app. Every app answer is checked: HTTP 200 and a score card (\`${BLOCKS.scoreCardActions}\`) naming the client. The runs are interleaved: app c=1, bare c=1, app c=16, bare c=16; then one more, profiled, app c=16 run. Votes: ${fmtInt(voteTotal)} pending claims created with \`createClaim\` (median ${fmtMs(median(createMs))} each) on KEY clients without an owner, by \`${CLAIMANT}\`; ${outboxPaced ? `the app's outbox had posted only ${rootsPosted} of their approval threads after ${fmtMs(rootsMs)} (it paced posts to the channel), so the clicks went ahead and the message timings are left out;` : `their approval threads posted by the app's outbox (${fmtMs(rootsMs)}) before any click;`} each click is a signed \`block_actions\` Approve from a manager (rotating) on its own claim; vote rows and the outbox are polled in the database.

### Score card: \`/keyaccount <client name>\`

${scoreTable}
${errorNotes ? `\nFirst errors:\n${errorNotes}\n` : ""}
${cpuTable}

### Votes: Approve clicks

${voteTable}

${pacedTable}

The fake Slack received ${fmtInt(posted)} \`chat.postMessage\` and ${fmtInt(updated)} \`chat.update\` calls in all (approval threads, vote replies, refreshed roots); ${fakeStats.responses} error replies went to the clicks' response URLs; ${outboxFailed} outbox messages failed.

### Where the time goes

${where.join("\n\n")}

${splitTable}

CPU profile of the app during the profiled c=16 score-card run (self time):

${profileTables(profile, 14, 15)}

CPU profile of the app during the profiled c=16 vote burst (${N.voteProfile} clicks, from the first click until ${outboxPaced ? "every vote was stored" : "every vote's Slack messages were sent"}; ${fmtMs(voteProfile.busyMs)} busy, ${fmtMs(voteProfile.idleMs)} idle):

${profileTables(voteProfile, 10, 12)}

**Targets missed in this run:** ${missed.length === 0 ? "none." : `${missed.join("; ")}.`}
`;
    if (!QUICK) writeSection(SECTION, section);
    log(`done in ${totalS.toFixed(0)} s${QUICK ? " (quick: RESULTS.md not written)" : `; wrote ${RESULTS}`}`);
    process.stdout.write(`${section}\n`);
  } finally {
    process.off("SIGINT", onSigint);
    for (const child of children.reverse()) {
      await child.stop().catch((error: unknown) => log(`stopping pid ${child.pid}: ${String(error)}`));
    }
    reader?.close();
    await closeDb?.().catch(() => undefined);
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
