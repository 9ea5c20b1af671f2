/**
 * `npm run build && npx tsx bench/soak.ts`: two real app processes (`node dist/main.js`,
 * INSTANCES=2) on one fresh PostgreSQL database, a fake Slack in this process, and an
 * open-loop mixed load alternating between the two instances over keep-alive HTTP,
 * signed as Slack signs: `/keyaccount <client>` score cards, list/mine/pending, and
 * Approve clicks on claims opened through the app's own `createClaim` by a producer
 * process (bench/soak-claims.ts). A short step search finds the highest rate whose
 * p99 stays under 100 ms; then a 5-minute soak at 80% of it checks latency, errors,
 * each instance's memory, that every claim is decided once and that no message is
 * posted twice.
 *
 * Writes its section of bench/RESULTS.md (between the bench:soak-two-instances
 * markers), and every figure as JSON to os.tmpdir()/keyholder-soak-last.json. `--quick`
 * runs short phases and writes no section; `--list-share=<fraction>` sets the share of
 * `list candidates` (default 0.005). Loopback only; stops by itself (7 to 9 minutes;
 * torn down at 10 whatever happens); the temp folder (policy file, logs) and the
 * database are removed at the end.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { loadPolicy } from "../src/policy/load.js";
import { ACTIONS, BLOCKS } from "../src/slack/ids.js";
import { type FakeMessage, type FakeSlack, startFakeSlack } from "../tests/support/fake-slack.js";
import { createPgDatabase, ensurePostgres } from "../tests/support/postgres.js";
import { blockAction, fakeTriggerId, slashCommand } from "../tests/support/slack-requests.js";
import { dayOf, prng, SEED } from "./data.js";
import { RESULTS, writeSection, yes } from "./report.js";
import type { FromClaims, ToClaims } from "./soak-claims.js";
import { buildSoakDatabase, ROOTS, type SoakFirm } from "./soak-data.js";
import { KINDS, type Kind, type PhaseResult, type Planned, runPhase, type Target, target } from "./soak-load.js";
import { cpuByComm, cpuSeconds, groupDelta, type MachineInfo, machineCpu, machineInfo, rssKb } from "./soak-proc.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const MAIN = join(ROOT, "dist", "main.js");
const SECTION = "soak-two-instances";
const COMMAND = `npm run build && npx tsx bench/soak.ts${process.argv
  .slice(2)
  .filter((a) => a.startsWith("--list-share="))
  .map((a) => ` ${a}`)
  .join("")}`;

const SECRET = "soak-bench-signing-secret-0123456789";
const BOT_TOKEN = "xoxb-soak-bench-token";
const MANAGERS = ["U0DEMOMGR1", "U0DEMOMGR2", "U0DEMOMGR3"] as const;
const APPROVALS = "C0APPROVALS";
const REVIEW = "C0REVIEW";
const POLICY = {
  managers: [...MANAGERS],
  approvalsChannel: APPROVALS,
  reviewChannel: REVIEW,
  keyThreshold: 0,
  borderlineBand: 0,
  activityWindowMonths: 120,
};

/**
 * Share of each kind of request; `list candidates` is a whole-firm report, the rest are one user's
 * look-ups and clicks. `--list-share=<fraction>` changes the list's share (the difference goes to
 * score cards), e.g. `--list-share=0` to see the rate without it.
 */
const LIST_SHARE = (() => {
  const arg = process.argv.find((a) => a.startsWith("--list-share="));
  const value = arg ? Number(arg.slice("--list-share=".length)) : 0.005;
  if (!Number.isFinite(value) || value < 0 || value > 0.05) throw new Error("--list-share must be between 0 and 0.05");
  return value;
})();
const MIX: Record<Kind, number> = {
  score: 0.805 - LIST_SHARE,
  vote: 0.15,
  mine: 0.0225,
  pending: 0.0225,
  list: LIST_SHARE,
};
const TARGET_P99_MS = 100;
const TARGET_RSS_GROWTH = 0.1;
const SOAK_SHARE = 0.8;
/** A failed step is run again when other work on the machine took more than this share of a core. */
const OTHER_WORK_RETRY = 0.33;

const QUICK = process.argv.includes("--quick");
const T = QUICK
  ? { warmupMs: 3_000, stepMs: 5_000, searchBudgetMs: 40_000, soakMs: 20_000, windowMs: 5_000, drainMs: 3_000 }
  : { warmupMs: 8_000, stepMs: 25_000, searchBudgetMs: 175_000, soakMs: 300_000, windowMs: 30_000, drainMs: 10_000 };
const WARMUP_RATE = 50;
const UP_RATES = [100, 200, 400, 800, 1600];
const DOWN_RATES = [50, 25];
/** The whole run stops by itself: past this, everything is torn down and the process exits. */
const HARD_DEADLINE_MS = 10 * 60_000;

const runStart = Date.now();
const log = (msg: string) => process.stdout.write(`[soak ${((Date.now() - runStart) / 1000).toFixed(0)}s] ${msg}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// Statistics

/** Nearest-rank percentiles (as bench/stats.ts), sorting once. */
function summarise(values: ArrayLike<number>) {
  const sorted = Float64Array.from(values).sort();
  const at = (p: number) => (sorted.length ? (sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0) : 0);
  return { n: sorted.length, p50: at(50), p90: at(90), p99: at(99), max: sorted.length ? (sorted.at(-1) ?? 0) : 0 };
}
type Summary = ReturnType<typeof summarise>;

/**
 * Requests other than \`list candidates\`, split by whether they were in flight on the same
 * instance while a list was (from due time to answer): if the list blocks its instance, the
 * first group is the slow one.
 */
function besideList(r: PhaseResult) {
  const list = KINDS.indexOf("list");
  const lists: Array<[number, number, number]> = [];
  for (let n = 0; n < r.completed; n++) {
    if (r.kind[n] === list)
      lists.push([r.instance[n] as number, r.dueMs[n] as number, (r.dueMs[n] as number) + (r.latencyMs[n] as number)]);
  }
  const beside: number[] = [];
  const apart: number[] = [];
  for (let n = 0; n < r.completed; n++) {
    if (r.kind[n] === list) continue;
    const from = r.dueMs[n] as number;
    const to = from + (r.latencyMs[n] as number);
    const overlaps = lists.some(([i, a, b]) => i === r.instance[n] && from < b && to > a);
    (overlaps ? beside : apart).push(r.latencyMs[n] as number);
  }
  return { withoutList: summarise([...beside, ...apart]), beside: summarise(beside), apart: summarise(apart) };
}

/** RSS medians over the first and the last fifth of the soak (one minute each in a full run). */
function trend(series: Array<{ atS: number; kb: number[] }>, n: number, soakMs: number) {
  const fifth = soakMs / 1000 / 5;
  const med = (xs: number[]) => summarise(xs).p50;
  return {
    firstMedianKb: med(series.filter((x) => x.atS <= fifth).map((x) => x.kb[n] ?? 0)),
    lastMedianKb: med(series.filter((x) => x.atS >= soakMs / 1000 - fifth).map((x) => x.kb[n] ?? 0)),
  };
}

const pick = (r: PhaseResult, keep: (n: number) => boolean) => {
  const out: number[] = [];
  for (let n = 0; n < r.completed; n++) if (keep(n)) out.push(r.latencyMs[n] as number);
  return out;
};

// ---------------------------------------------------------------------------------------------
// Processes

interface Instance {
  name: string;
  child: ChildProcess;
  pid: number;
  port: number;
  logPath: string;
}

/** Every app process started, so that teardown can end them even when a start failed half-way. */
const spawned: ChildProcess[] = [];

function startInstance(name: string, env: Record<string, string>, logPath: string): Promise<Instance> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN], {
      env: { PATH: process.env.PATH ?? "", TZ: "UTC", PORT: "0", LOG_LEVEL: "info", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    spawned.push(child);
    const file = createWriteStream(logPath);
    let head = "";
    let started = false;
    const timer = setTimeout(() => reject(new Error(`${name} did not start within 60 s:\n${head}`)), 60_000);
    const onData = (chunk: Buffer) => {
      file.write(chunk);
      if (started) return;
      head += chunk.toString();
      const match = head.match(/"port":(\d+)[^\n]*"msg":"keyholder is listening"/);
      if (match) {
        started = true;
        clearTimeout(timer);
        resolve({ name, child, pid: child.pid as number, port: Number(match[1]), logPath });
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code, signal) => {
      file.end();
      if (!started) reject(new Error(`${name} exited with ${code ?? signal} before listening:\n${head}`));
    });
  });
}

const exited = (child: ChildProcess, ms: number) =>
  new Promise<number | string | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode ?? child.signalCode);
    const timer = setTimeout(() => resolve("timeout"), ms);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      resolve(code ?? signal);
    });
  });

interface LogSummary {
  lines: number;
  byLevel: Record<string, number>;
  /** warn and above: message → count, with one example's error text. */
  problems: Array<{ level: string; msg: string; count: number; example: string }>;
}

function summariseLog(path: string): LogSummary {
  const names: Record<number, string> = { 10: "trace", 20: "debug", 30: "info", 40: "warn", 50: "error", 60: "fatal" };
  const text = existsSync(path) ? readFileSync(path, "utf8") : "";
  const byLevel: Record<string, number> = {};
  const problems = new Map<string, { level: string; msg: string; count: number; example: string }>();
  let lines = 0;
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    lines += 1;
    let entry: { level?: number; msg?: string; err?: { message?: string }; error?: unknown; key?: string };
    try {
      entry = JSON.parse(line);
    } catch {
      byLevel.unparsed = (byLevel.unparsed ?? 0) + 1;
      const k = `raw:${line.slice(0, 80)}`;
      const p = problems.get(k) ?? { level: "stderr", msg: line.slice(0, 160), count: 0, example: "" };
      p.count += 1;
      problems.set(k, p);
      continue;
    }
    const level = names[entry.level ?? 30] ?? String(entry.level);
    byLevel[level] = (byLevel[level] ?? 0) + 1;
    if ((entry.level ?? 30) >= 40) {
      const k = `${level}:${entry.msg}`;
      const p = problems.get(k) ?? { level, msg: entry.msg ?? "", count: 0, example: "" };
      p.count += 1;
      if (!p.example) p.example = String(entry.err?.message ?? entry.error ?? entry.key ?? "").slice(0, 200);
      problems.set(k, p);
    }
  }
  return { lines, byLevel, problems: [...problems.values()].sort((a, b) => b.count - a.count) };
}

// ---------------------------------------------------------------------------------------------
// CPU accounting: who burns the machine's cores during a phase.

interface CpuSnapshot {
  at: number;
  instances: Array<number | null>;
  bench: number | null;
  producer: number | null;
  postgres: Map<number, number>;
  machine: { busy: number; total: number };
}

interface CpuShare {
  wallS: number;
  /** Each as a share of one core (1 = one core fully busy). */
  instances: number[];
  bench: number;
  producer: number;
  postgres: number;
  machineBusy: number;
  /** Busy core-seconds per wall second not explained by the processes above (other work on the machine). */
  other: number;
  cores: number;
}

// ---------------------------------------------------------------------------------------------
// The run

interface StepFigures {
  rate: number;
  offered: number;
  answeredOk: number;
  all: Summary;
  byKind: Record<Kind, Summary>;
  /** Every request but list candidates; those in flight beside a list on their instance; the rest. */
  withoutList: Summary;
  besideList: Summary;
  apartFromList: Summary;
  errors: number;
  errorsByKind: Record<Kind, number>;
  errorSamples: string[];
  lagP99: number;
  loopDelayP99: number;
  maxInFlight: number;
  starved: number;
  cpu: CpuShare;
  pass: boolean;
  /** 2 for a step run again because other work on the machine disturbed the first run. */
  attempt: number;
}

interface Report {
  machine: MachineInfo;
  machineEnd: MachineInfo;
  date: string;
  runS: number;
  firm: SoakFirm["counts"] & { firstDay: string; lastDay: string; insertS: number; candidates: number };
  steps: StepFigures[];
  best: number | null;
  firstFail: number | null;
  soakRate: number;
  soak: StepFigures;
  soakMs: number;
  windows: Array<{ fromS: number; n: number; p50: number; p99: number; max: number; errors: number }>;
  byInstance: Summary[];
  rss: Array<{
    name: string;
    startKb: number;
    endKb: number;
    maxKb: number;
    afterSetupKb: number;
    /** Medians of the samples in the soak's first and last fifth (RSS swings with each GC). */
    firstMedianKb: number;
    lastMedianKb: number;
  }>;
  rssSeries: Array<{ atS: number; kb: number[] }>;
  decisions: Decisions;
  messages: MessageChecks;
  logs: Array<{ name: string } & LogSummary>;
  producerLog: string;
  exitCodes: Array<number | string | null>;
  claimCreateMs: Summary;
  producerSkipped: Record<string, number>;
}

interface Decisions {
  votesClicked: number;
  votesOk: number;
  votesInDb: number;
  refusedVotes: number;
  claimsWithTwoOkClicks: number;
  claimsWithTwoApprovals: number;
  approved: number;
  approvedNotTwoApprovals: number;
  twoApprovalsNotApproved: number;
  auditApproved: number;
  claimsDecidedTwice: number;
  approvedWithoutAudit: number;
  ownershipsFromClaims: number;
  claimsOpened: number;
  pendingAtEnd: number;
}

interface MessageChecks {
  outboxByStatus: Record<string, number>;
  outboxPendingByKind: Record<string, number>;
  outboxAtSoakEnd: Record<string, number>;
  waitingForThread: number;
  oldestPendingS: number;
  rootsSent: number;
  rootMessagesInFake: number;
  claimsWithRootTwice: number;
  threadsWithTwoDecisionReplies: number;
  duplicateVoteReplies: number;
  postCalls: number;
  postCallsOk: number;
  outboxPostsWithTs: number;
  postedTsNotInOutbox: number;
  approvalsPosts: number;
  approvalsPostsPerSecondMax: number;
  approvalsPostsPerSecond: number;
  commandResponseUrlPosts: number;
}

async function main(): Promise<void> {
  const machine = machineInfo();
  log(`machine: ${machine.uname}; ${machine.cpuModel}; ${machine.cores} cores; load ${machine.load}`);
  const dir = mkdtempSync(join(tmpdir(), "keyholder-soak-"));
  const cleanups: Array<() => Promise<unknown> | unknown> = [() => rmSync(dir, { recursive: true, force: true })];
  let cleaned = false;
  const cleanup = async () => {
    if (cleaned) return;
    cleaned = true;
    for (const step of cleanups.reverse()) {
      try {
        await step();
      } catch (error) {
        log(`cleanup: ${(error as Error).message}`);
      }
    }
  };
  const watchdog = setTimeout(() => {
    log(`hard deadline of ${HARD_DEADLINE_MS / 60_000} min reached: tearing down`);
    void cleanup().finally(() => process.exit(2));
  }, HARD_DEADLINE_MS);
  watchdog.unref();
  process.once("SIGINT", () => void cleanup().finally(() => process.exit(130)));

  try {
    await ensurePostgres();
    const { url, drop } = await createPgDatabase("soak");
    cleanups.push(() => drop());
    const dbName = new URL(url).pathname.slice(1);
    const policyFile = join(dir, "policy.json");
    writeFileSync(policyFile, JSON.stringify(POLICY));
    const policy = loadPolicy(policyFile);
    const today = dayOf(new Date());
    log(`building the firm in ${dbName}`);
    const firm = await buildSoakDatabase(url, today, policy, MANAGERS);
    log(
      `${firm.counts.clients} clients, ${firm.counts.engagements} engagements in ${(firm.insertMs / 1000).toFixed(1)} s`,
    );

    // A pg client of our own for the checks (not one of the app's pools).
    const check = new pg.Client({ connectionString: url });
    await check.connect();
    cleanups.push(() => check.end());
    const count = async (sql: string, params: unknown[] = []) =>
      Number((await check.query<{ n: string }>(sql, params)).rows[0]?.n ?? 0);

    const fake: FakeSlack = await startFakeSlack();
    cleanups.push(() => fake.close());

    const env = {
      DATABASE_URL: url,
      POLICY_FILE: policyFile,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.apiUrl,
      INSTANCES: "2",
    };
    cleanups.push(() => {
      for (const child of spawned) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    });
    const instances = await Promise.all([
      startInstance("A", env, join(dir, "instance-a.log")),
      startInstance("B", env, join(dir, "instance-b.log")),
    ]);
    const exitCodes: Array<number | string | null> = [null, null];
    let instancesStopped = false;
    const stopInstances = async () => {
      if (instancesStopped) return;
      instancesStopped = true;
      for (const i of instances) i.child.kill("SIGTERM");
      const codes = await Promise.all(instances.map((i) => exited(i.child, 15_000)));
      codes.forEach((c, n) => {
        exitCodes[n] = c;
      });
      for (const i of instances) if (i.child.exitCode === null && i.child.signalCode === null) i.child.kill("SIGKILL");
    };
    cleanups.push(stopInstances);
    log(`instances listening on ${instances.map((i) => `${i.name}:${i.port} (pid ${i.pid})`).join(", ")}`);
    const targets: Target[] = instances.map((i) => target(i.name, i.port));
    cleanups.push(() => {
      for (const t of targets) t.agent.destroy();
    });

    // The claim producer.
    const producerLogPath = join(dir, "producer.log");
    const producerLog = createWriteStream(producerLogPath);
    const producer = spawn(process.execPath, ["--import", "tsx", join(ROOT, "bench", "soak-claims.ts")], {
      cwd: ROOT,
      env: { ...process.env, TZ: "UTC" },
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    producer.stdout?.pipe(producerLog);
    producer.stderr?.pipe(producerLog);
    cleanups.push(async () => {
      if (producer.exitCode === null && producer.signalCode === null) {
        producer.kill("SIGTERM");
        await exited(producer, 5_000);
      }
    });
    const toProducer = (m: ToClaims) => {
      if (producer.connected) producer.send(m);
    };
    const pool: number[] = [];
    let poolHead = 0;
    const createMs: number[] = [];
    let producerSkipped: Record<string, number> = {};
    let producerFatal: string | null = null;
    let candidates = 0;
    let producerStopped: (() => void) | null = null;
    producer.on("message", (m: FromClaims) => {
      if (m.type === "ready") candidates = m.candidates;
      else if (m.type === "claims") {
        pool.push(...m.ids);
        createMs.push(...m.createMs);
        producerSkipped = m.skipped;
      } else if (m.type === "stopped") {
        producerSkipped = m.skipped;
        producerStopped?.();
      } else if (m.type === "fatal") {
        producerFatal = m.message;
        log(`claim producer failed: ${m.message}`);
      }
    });
    const recruiters = firm.data.recruiters.filter((r) => r.known).map((r) => r.slackId);
    toProducer({ type: "init", url, policyFile, claimants: recruiters, concurrency: 4, seed: SEED + 7 });

    // ---- Request mix ------------------------------------------------------------------------
    const random = prng(SEED + 11);
    const clients = firm.data.clients;
    const awaitingSecond: Array<{ claimId: number; first: number }> = [];
    let secondHead = 0;
    const claimClicks = new Map<number, { sent: number; ok: number }>();
    let votesClicked = 0;
    let votesOk = 0;
    let starved = 0;
    let wanted = 0;
    let currentRate = WARMUP_RATE;
    const want = (total: number) => {
      if (total > wanted) {
        wanted = total;
        toProducer({ type: "want", total });
      }
    };
    // Keep about 6 s of first votes opened ahead (never fewer than 100): every one is a pending claim,
    // which `pending` lists, so the pool is kept no larger than the load needs.
    const topUp = () => want(poolHead + Math.max(100, Math.ceil(currentRate * (MIX.vote / 2) * 6)));
    const topUpTimer = setInterval(topUp, 250);
    cleanups.push(() => clearInterval(topUpTimer));

    const ephemeral = (status: number, text: string, marker: (json: Record<string, unknown>) => boolean) => {
      if (status !== 200) return `HTTP ${status}: ${text.slice(0, 120)}`;
      let json: Record<string, unknown>;
      try {
        json = JSON.parse(text);
      } catch {
        return `not JSON: ${text.slice(0, 120)}`;
      }
      if (json.response_type !== "ephemeral" || !Array.isArray(json.blocks) || json.blocks.length === 0) {
        return `not an ephemeral message with blocks: ${text.slice(0, 120)}`;
      }
      return marker(json) ? null : `wrong content: ${text.slice(0, 160)}`;
    };
    const command = (text: string, userId: string) =>
      slashCommand({
        text,
        userId,
        channelId: "C0GENERAL",
        responseUrl: fake.responseUrl("command"),
        triggerId: fakeTriggerId(),
      });
    const scoreRequest = (): Planned => {
      const client = clients[Math.floor(random() * clients.length)] as (typeof clients)[number];
      const user = recruiters[Math.floor(random() * recruiters.length)] as string;
      return {
        kind: "score",
        body: command(client.name, user),
        check: (status, text) =>
          ephemeral(status, text, (json) => {
            const blocks = json.blocks as Array<{ type?: string; block_id?: string; text?: { text?: string } }>;
            return (
              blocks[0]?.type === "header" &&
              blocks[0]?.text?.text === client.name &&
              blocks.some((b) => b.block_id === BLOCKS.scoreCardActions)
            );
          }),
      };
    };
    const includes = (needle: string) => (json: Record<string, unknown>) => JSON.stringify(json).includes(needle);
    const voteRequest = (): Planned | null => {
      let claimId: number;
      let voter: string;
      const second = awaitingSecond[secondHead];
      if (second) {
        secondHead += 1;
        claimId = second.claimId;
        voter = MANAGERS[(second.first + 1 + Math.floor(random() * 2)) % 3] as string;
      } else if (poolHead < pool.length) {
        claimId = pool[poolHead++] as number;
        const first = Math.floor(random() * 3);
        voter = MANAGERS[first] as string;
        awaitingSecond.push({ claimId, first });
      } else {
        return null;
      }
      votesClicked += 1;
      const entry = claimClicks.get(claimId) ?? { sent: 0, ok: 0 };
      entry.sent += 1;
      claimClicks.set(claimId, entry);
      return {
        kind: "vote",
        body: blockAction({
          userId: voter,
          actionId: ACTIONS.approve,
          value: String(claimId),
          channelId: APPROVALS,
          responseUrl: fake.responseUrl(`vote-${claimId}-${voter}`),
        }),
        check: (status, text) =>
          status !== 200 ? `HTTP ${status}: ${text.slice(0, 120)}` : text.trim() ? `body: ${text.slice(0, 120)}` : null,
        done: (ok) => {
          if (!ok) return;
          votesOk += 1;
          entry.ok += 1;
        },
      };
    };
    const next = (): Planned => {
      const roll = random();
      if (roll < MIX.score) return scoreRequest();
      if (roll < MIX.score + MIX.vote) {
        const vote = voteRequest();
        if (vote) return vote;
        starved += 1;
        return scoreRequest();
      }
      if (roll < MIX.score + MIX.vote + MIX.mine) {
        const user = recruiters[Math.floor(random() * recruiters.length)] as string;
        return {
          kind: "mine",
          body: command("mine", user),
          check: (s, t) => ephemeral(s, t, includes("Your Key Accounts")),
        };
      }
      if (roll < MIX.score + MIX.vote + MIX.mine + MIX.pending) {
        const user = MANAGERS[Math.floor(random() * 3)] as string;
        return {
          kind: "pending",
          body: command("pending", user),
          check: (s, t) => ephemeral(s, t, includes("Pending claims")),
        };
      }
      const user = recruiters[Math.floor(random() * recruiters.length)] as string;
      return {
        kind: "list",
        body: command("list candidates", user),
        check: (s, t) => ephemeral(s, t, includes("Open clients that qualify or nearly do")),
      };
    };

    // Wait for the producer to have opened a first pool.
    want(150);
    for (let waited = 0; pool.length < 100; waited += 100) {
      if (producerFatal) throw new Error(`claim producer failed: ${producerFatal}`);
      if (waited > 90_000) throw new Error(`claim producer opened only ${pool.length} claims in 90 s`);
      await sleep(100);
    }
    log(`claim producer ready: ${candidates} KEY clients to claim, ${pool.length} claims open`);

    // ---- CPU snapshots ------------------------------------------------------------------------
    const snapshot = (): CpuSnapshot => ({
      at: performance.now(),
      instances: instances.map((i) => cpuSeconds(i.pid)),
      bench: cpuSeconds(process.pid),
      producer: producer.pid ? cpuSeconds(producer.pid) : null,
      postgres: cpuByComm("postgres"),
      machine: machineCpu(),
    });
    const share = (a: CpuSnapshot, b: CpuSnapshot): CpuShare => {
      const wallS = (b.at - a.at) / 1000;
      const d = (x: number | null | undefined, y: number | null | undefined) =>
        x == null || y == null ? 0 : (y - x) / wallS;
      const inst = instances.map((_, n) => d(a.instances[n], b.instances[n]));
      const bench = d(a.bench, b.bench);
      const prod = d(a.producer, b.producer);
      const pgShare = groupDelta(a.postgres, b.postgres) / wallS;
      const busy = (b.machine.busy - a.machine.busy) / wallS;
      const ours = inst.reduce((x, y) => x + y, 0) + bench + prod + pgShare;
      return {
        wallS,
        instances: inst,
        bench,
        producer: prod,
        postgres: pgShare,
        machineBusy: busy,
        other: Math.max(0, busy - ours),
        cores: machine.cores,
      };
    };

    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    cleanups.push(() => loop.disable());

    const phase = async (name: string, rate: number, durationMs: number): Promise<[PhaseResult, StepFigures]> => {
      currentRate = rate;
      topUp();
      const starvedBefore = starved;
      loop.reset();
      const before = snapshot();
      const result = await runPhase({ name, rate, durationMs, targets, secret: SECRET, next });
      const after = snapshot();
      if (producerFatal) throw new Error(`claim producer failed: ${producerFatal}`);
      const ok = Array.from(result.ok).filter(Boolean).length;
      const all = summarise(result.latencyMs.subarray(0, result.completed));
      const byKind = Object.fromEntries(
        KINDS.map((k, n) => [k, summarise(pick(result, (m) => result.kind[m] === n))]),
      ) as Record<Kind, Summary>;
      const split = besideList(result);
      const figures: StepFigures = {
        rate,
        offered: result.planned / (result.sendMs / 1000),
        answeredOk: ok / (result.sendMs / 1000),
        all,
        byKind,
        withoutList: split.withoutList,
        besideList: split.beside,
        apartFromList: split.apart,
        errors: result.errors,
        errorsByKind: result.errorsByKind,
        errorSamples: result.errorSamples,
        lagP99: summarise(result.lagMs.subarray(0, result.completed)).p99,
        loopDelayP99: loop.percentile(99) / 1e6,
        maxInFlight: result.maxInFlight,
        starved: starved - starvedBefore,
        cpu: share(before, after),
        pass: false,
        attempt: 1,
      };
      figures.pass =
        all.p99 < TARGET_P99_MS && result.errors <= result.planned * 0.01 && figures.offered >= rate * 0.97;
      log(
        `${name} @ ${rate}/s: offered ${figures.offered.toFixed(0)}/s, ok ${figures.answeredOk.toFixed(0)}/s, ` +
          `p50 ${all.p50.toFixed(1)} ms, p99 ${all.p99.toFixed(1)} ms (without list ${split.withoutList.p99.toFixed(1)}), max ${all.max.toFixed(0)} ms, ` +
          `errors ${result.errors}, lag p99 ${figures.lagP99.toFixed(1)} ms, starved ${figures.starved} → ` +
          `${figures.pass ? "pass" : "fail"}; CPU A ${pct(figures.cpu.instances[0])} B ${pct(figures.cpu.instances[1])} ` +
          `pg ${pct(figures.cpu.postgres)} bench ${pct(figures.cpu.bench)} producer ${pct(figures.cpu.producer)} ` +
          `other ${pct(figures.cpu.other)} machine ${pct(figures.cpu.machineBusy)} of ${machine.cores * 100}%`,
      );
      if (result.errorSamples.length) log(`  errors: ${result.errorSamples.slice(0, 3).join(" | ")}`);
      return [result, figures];
    };
    const settle = async () => {
      currentRate = WARMUP_RATE;
      await sleep(QUICK ? 500 : 2_000);
    };

    // ---- Warm-up, step search --------------------------------------------------------------
    const afterSetupRss = instances.map((i) => rssKb(i.pid) ?? 0);
    await phase("warm-up", WARMUP_RATE, T.warmupMs);
    await settle();
    const steps: StepFigures[] = [];
    const searchStart = performance.now();
    const budgetLeft = () => T.searchBudgetMs - (performance.now() - searchStart);
    let best: number | null = null;
    let firstFail: number | null = null;
    // The machine is shared: a step that failed while other work took more than a third of a
    // core is run once more, budget permitting; both runs are reported.
    const step = async (rate: number) => {
      for (let attempt = 0; ; attempt++) {
        const [, figures] = await phase("step", rate, T.stepMs);
        figures.attempt = attempt + 1;
        steps.push(figures);
        await settle();
        if (figures.pass || attempt > 0 || figures.cpu.other < OTHER_WORK_RETRY || budgetLeft() < 2 * T.stepMs) {
          return figures.pass;
        }
        log(`other work on the machine took ${pct(figures.cpu.other)} of a core: running ${rate}/s once more`);
      }
    };
    for (const rate of UP_RATES) {
      if (budgetLeft() < T.stepMs) break;
      if (await step(rate)) best = rate;
      else {
        firstFail = rate;
        break;
      }
    }
    if (best === null) {
      for (const rate of DOWN_RATES) {
        if (budgetLeft() < T.stepMs) break;
        if (await step(rate)) {
          best = rate;
          break;
        }
        firstFail = rate;
      }
    }
    if (best !== null && firstFail !== null && firstFail > best && budgetLeft() >= T.stepMs) {
      const mid = Math.round((best + firstFail) / 2);
      if (await step(mid)) best = mid;
      else firstFail = mid;
    }
    const soakRate = Math.max(10, Math.round((best ?? DOWN_RATES.at(-1) ?? 25) * SOAK_SHARE));
    log(`step search: highest rate with p99 < ${TARGET_P99_MS} ms: ${best ?? "none"}; soaking at ${soakRate}/s`);

    // ---- Soak ----------------------------------------------------------------------------------
    const rssStart = instances.map((i) => rssKb(i.pid) ?? 0);
    const rssSeries: Report["rssSeries"] = [{ atS: 0, kb: rssStart }];
    const soakStarted = performance.now();
    const rssTimer = setInterval(() => {
      rssSeries.push({
        atS: Math.round((performance.now() - soakStarted) / 1000),
        kb: instances.map((i) => rssKb(i.pid) ?? 0),
      });
    }, 5_000);
    const [soakResult, soak] = await phase("soak", soakRate, T.soakMs);
    clearInterval(rssTimer);
    const rssEnd = instances.map((i) => rssKb(i.pid) ?? 0);
    rssSeries.push({ atS: Math.round((performance.now() - soakStarted) / 1000), kb: rssEnd });
    const outboxAtSoakEnd = await groupCount(
      check,
      `SELECT "status" AS k, COUNT(*) AS n FROM "OutboxMessage" GROUP BY 1`,
    );

    // ---- Stop the producer, let the outbox work a little, then check -------------------------
    await new Promise<void>((resolve) => {
      producerStopped = resolve;
      toProducer({ type: "stop" });
      setTimeout(resolve, 10_000);
    });
    log(`draining the outbox for ${T.drainMs / 1000} s`);
    await sleep(T.drainMs);

    const windows: Report["windows"] = [];
    for (let from = 0; from < T.soakMs; from += T.windowMs) {
      const inWindow = pick(
        soakResult,
        (n) => (soakResult.dueMs[n] as number) >= from && (soakResult.dueMs[n] as number) < from + T.windowMs,
      );
      let errors = 0;
      for (let n = 0; n < soakResult.completed; n++) {
        const due = soakResult.dueMs[n] as number;
        if (due >= from && due < from + T.windowMs && !soakResult.ok[n]) errors += 1;
      }
      const s = summarise(inWindow);
      windows.push({ fromS: from / 1000, n: s.n, p50: s.p50, p99: s.p99, max: s.max, errors });
    }
    const byInstance = instances.map((_, n) => summarise(pick(soakResult, (m) => soakResult.instance[m] === n)));

    // Decisions.
    const claimRows = (
      await check.query<{ id: number; status: string; approvals: string; audits: string }>(
        `SELECT c."id", c."status",
                (SELECT COUNT(*) FROM "Vote" v WHERE v."claimId" = c."id" AND v."decision" = 'APPROVE') AS approvals,
                (SELECT COUNT(*) FROM "AuditEvent" a WHERE a."claimId" = c."id" AND a."action" = 'claim.approved') AS audits
           FROM "Claim" c`,
      )
    ).rows.map((r) => ({ id: r.id, status: r.status, approvals: Number(r.approvals), audits: Number(r.audits) }));
    const refusedVotes = [...claimClicks.keys()].reduce(
      (n, claimId) => n + MANAGERS.reduce((m, voter) => m + fake.responses(`vote-${claimId}-${voter}`).length, 0),
      0,
    );
    const decisions: Decisions = {
      votesClicked,
      votesOk,
      votesInDb: await count(`SELECT COUNT(*) AS n FROM "Vote"`),
      refusedVotes,
      claimsWithTwoOkClicks: [...claimClicks.values()].filter((c) => c.ok >= 2).length,
      claimsWithTwoApprovals: claimRows.filter((c) => c.approvals >= 2).length,
      approved: claimRows.filter((c) => c.status === "APPROVED").length,
      approvedNotTwoApprovals: claimRows.filter((c) => c.status === "APPROVED" && c.approvals < 2).length,
      twoApprovalsNotApproved: claimRows.filter((c) => c.approvals >= 2 && c.status !== "APPROVED").length,
      auditApproved: claimRows.reduce((n, c) => n + c.audits, 0),
      claimsDecidedTwice: claimRows.filter((c) => c.audits > 1).length,
      approvedWithoutAudit: claimRows.filter((c) => c.status === "APPROVED" && c.audits === 0).length,
      ownershipsFromClaims: await count(`SELECT COUNT(*) AS n FROM "Ownership" WHERE "source" = 'claim'`),
      claimsOpened: claimRows.length,
      pendingAtEnd: claimRows.filter((c) => c.status === "PENDING").length,
    };

    // Messages: sent once?
    const messages = await messageChecks(check, fake);
    messages.outboxAtSoakEnd = outboxAtSoakEnd;

    // ---- Stop everything, read the logs ---------------------------------------------------------
    await stopInstances();
    const logs = instances.map((i) => ({ name: i.name, ...summariseLog(i.logPath) }));
    const producerText = existsSync(producerLogPath) ? readFileSync(producerLogPath, "utf8").trim() : "";
    const machineEnd = machineInfo();

    const report: Report = {
      machine,
      machineEnd,
      date: new Date(runStart).toISOString(),
      runS: (Date.now() - runStart) / 1000,
      firm: {
        ...firm.counts,
        firstDay: new Date(firm.firstDay).toISOString().slice(0, 10),
        lastDay: new Date(today).toISOString().slice(0, 10),
        insertS: firm.insertMs / 1000,
        candidates,
      },
      steps,
      best,
      firstFail,
      soakRate,
      soak,
      soakMs: T.soakMs,
      windows,
      byInstance,
      rss: instances.map((i, n) => ({
        name: i.name,
        startKb: rssStart[n] ?? 0,
        endKb: rssEnd[n] ?? 0,
        maxKb: Math.max(...rssSeries.map((s) => s.kb[n] ?? 0)),
        afterSetupKb: afterSetupRss[n] ?? 0,
        ...trend(rssSeries, n, T.soakMs),
      })),
      rssSeries,
      decisions,
      messages,
      logs,
      producerLog: producerText.slice(0, 2000),
      exitCodes,
      claimCreateMs: summarise(createMs),
      producerSkipped,
    };
    writeFileSync(join(tmpdir(), "keyholder-soak-last.json"), JSON.stringify(report, null, 2));
    printSummary(report);
    if (!QUICK) {
      writeSection(SECTION, markdown(report));
      log(`wrote ${RESULTS}`);
    }
  } finally {
    await cleanup();
    clearTimeout(watchdog);
  }
}

const share = (fraction: number) => Number((fraction * 100).toFixed(2));
const pct = (share: number | undefined) => `${((share ?? 0) * 100).toFixed(0)}%`;

async function groupCount(client: pg.Client, sql: string): Promise<Record<string, number>> {
  const rows = (await client.query<{ k: string; n: string }>(sql)).rows;
  return Object.fromEntries(rows.map((r) => [r.k, Number(r.n)]));
}

const CLAIM_NUMBER = /Claim #(\d+)/;

function rootClaimId(message: FakeMessage): number | null {
  for (const block of message.blocks ?? []) {
    for (const element of block?.elements ?? []) {
      const match = typeof element?.text === "string" ? CLAIM_NUMBER.exec(element.text) : null;
      if (match) return Number(match[1]);
    }
  }
  return null;
}

async function messageChecks(client: pg.Client, fake: FakeSlack): Promise<MessageChecks> {
  const outboxByStatus = await groupCount(
    client,
    `SELECT "status" AS k, COUNT(*) AS n FROM "OutboxMessage" GROUP BY 1`,
  );
  const outboxPendingByKind = await groupCount(
    client,
    `SELECT CASE WHEN "key" LIKE 'claim:%:root' THEN 'claim root'
                 WHEN "key" LIKE 'vote:%' THEN 'vote reply'
                 WHEN "key" LIKE 'claim:%:refresh:%' THEN 'root refresh'
                 WHEN "key" LIKE 'claim:%:decision' THEN 'decision reply'
                 WHEN "key" LIKE 'claim:%:decided-root' THEN 'decided root update'
                 WHEN "key" LIKE 'claim:%:dm:%' THEN 'decision DM'
                 WHEN "key" LIKE 'claim:%:dispute-notice' THEN 'dispute DM'
                 WHEN "key" LIKE 'reminder:%' THEN 'weekly reminder'
                 WHEN "key" LIKE 'ownership:%' THEN 'ownership notice'
                 ELSE 'other' END AS k,
            COUNT(*) AS n
       FROM "OutboxMessage" WHERE "status" = 'PENDING' GROUP BY 1`,
  );
  const one = async (sql: string) => Number((await client.query<{ n: string }>(sql)).rows[0]?.n ?? 0);
  const waitingForThread = await one(
    `SELECT COUNT(*) AS n FROM "OutboxMessage" WHERE "status" = 'PENDING' AND "lastError" LIKE 'waiting for %'`,
  );
  const oldestPendingS = await one(
    `SELECT COALESCE(EXTRACT(EPOCH FROM (NOW() AT TIME ZONE 'UTC') - MIN("createdAt")), 0) AS n FROM "OutboxMessage" WHERE "status" = 'PENDING'`,
  );
  const rootsSent = await one(
    `SELECT COUNT(*) AS n FROM "OutboxMessage" WHERE "key" LIKE 'claim:%:root' AND "ts" IS NOT NULL`,
  );
  const outboxTs = new Set(
    (
      await client.query<{ ts: string }>(
        `SELECT "ts" FROM "OutboxMessage" WHERE "ts" IS NOT NULL AND "kind" IN ('post', 'dm')`,
      )
    ).rows.map((r) => r.ts),
  );

  const roots = fake.messages(APPROVALS);
  const perClaim = new Map<number, number>();
  let threadsWithTwoDecisionReplies = 0;
  let duplicateVoteReplies = 0;
  for (const root of roots) {
    const id = rootClaimId(root);
    if (id !== null) perClaim.set(id, (perClaim.get(id) ?? 0) + 1);
    if (root.replies.filter((r) => r.text.startsWith("Approved")).length > 1) threadsWithTwoDecisionReplies += 1;
    const voteReplies = root.replies.map((r) => r.text).filter((t) => / approved$/.test(t));
    duplicateVoteReplies += voteReplies.length - new Set(voteReplies).size;
  }
  const postCalls = fake.callsTo("chat.postMessage");
  const postCallsOk = postCalls.filter((c) => c.status === 200).length;
  // Every ts the fake handed out for a post must be one the outbox recorded.
  const postedTs: string[] = [];
  const collect = (list: FakeMessage[]) => {
    for (const m of list) {
      postedTs.push(m.ts);
      collect(m.replies);
    }
  };
  collect(roots);
  collect(fake.messages(REVIEW));
  const dmUsers = new Set(
    postCalls.map((c) => String(c.args.channel ?? "")).filter((ch) => /^[UW][A-Z0-9]+$/.test(ch)),
  );
  for (const user of dmUsers) collect(fake.dms(user));
  const approvalsAt = postCalls
    .filter((c) => c.args.channel === APPROVALS && c.status === 200)
    .map((c) => c.at)
    .sort((a, b) => a - b);
  let maxPerSecond = 0;
  for (let i = 0, j = 0; i < approvalsAt.length; i++) {
    while ((approvalsAt[i] as number) - (approvalsAt[j] as number) >= 1000) j++;
    maxPerSecond = Math.max(maxPerSecond, i - j + 1);
  }
  const spanS = approvalsAt.length > 1 ? ((approvalsAt.at(-1) as number) - (approvalsAt[0] as number)) / 1000 : 1;
  return {
    outboxByStatus,
    outboxPendingByKind,
    outboxAtSoakEnd: {},
    waitingForThread,
    oldestPendingS,
    rootsSent,
    rootMessagesInFake: roots.length,
    claimsWithRootTwice: [...perClaim.values()].filter((n) => n > 1).length,
    threadsWithTwoDecisionReplies,
    duplicateVoteReplies,
    postCalls: postCalls.length,
    postCallsOk,
    outboxPostsWithTs: outboxTs.size,
    postedTsNotInOutbox: postedTs.filter((ts) => !outboxTs.has(ts)).length,
    approvalsPosts: approvalsAt.length,
    approvalsPostsPerSecondMax: maxPerSecond,
    approvalsPostsPerSecond: approvalsAt.length / spanS,
    commandResponseUrlPosts: fake.responses("command").length,
  };
}

// ---------------------------------------------------------------------------------------------
// Output

const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
const int = (n: number) => n.toLocaleString("en-US");

function printSummary(r: Report): void {
  log(
    `soak ${r.soakRate}/s for ${r.soakMs / 1000} s: p50 ${ms(r.soak.all.p50)} ms, p99 ${ms(r.soak.all.p99)} ms, ` +
      `max ${ms(r.soak.all.max)} ms, errors ${r.soak.errors}`,
  );
  for (const x of r.rss) log(`RSS ${x.name}: ${mb(x.startKb)} → ${mb(x.endKb)} (max ${mb(x.maxKb)})`);
  log(`decisions: ${JSON.stringify(r.decisions)}`);
  log(`messages: ${JSON.stringify(r.messages)}`);
  for (const l of r.logs) log(`log ${l.name}: ${JSON.stringify(l.byLevel)} ${JSON.stringify(l.problems.slice(0, 5))}`);
  log(`exit codes: ${r.exitCodes.join(", ")}`);
}

function cpuLine(c: CpuShare): string {
  return `A ${pct(c.instances[0])} · B ${pct(c.instances[1])} · PostgreSQL ${pct(c.postgres)} · bench ${pct(c.bench)} · producer ${pct(c.producer)} · other ${pct(c.other)} · machine ${pct(c.machineBusy)} of ${c.cores * 100}%`;
}

function limitsParagraph(r: Report): string {
  // The step that shows the limit: the first failing rate (its least disturbed run), else the highest.
  const failing = r.steps.filter((s) => s.rate === r.firstFail).sort((a, b) => a.cpu.other - b.cpu.other)[0];
  const limiting = failing ?? [...r.steps].sort((a, b) => b.rate - a.rate)[0] ?? r.soak;
  const c = limiting.cpu;
  const perReq = (share: number) => (limiting.offered > 0 ? (share * 1000) / limiting.offered : 0);
  const apps = (c.instances[0] ?? 0) + (c.instances[1] ?? 0);
  const parts = [
    { name: "the two app instances", share: apps, plural: true },
    { name: "PostgreSQL", share: c.postgres, plural: false },
    { name: "the load generator (this process, with the fake Slack)", share: c.bench, plural: false },
    { name: "the claim producer", share: c.producer, plural: false },
    { name: "other work on the machine (not this benchmark)", share: c.other, plural: false },
  ].sort((a, b) => b.share - a.share);
  const saturated = c.machineBusy >= c.cores * 0.85;
  const top = parts[0] ?? { name: "nothing", plural: false };
  const takes = `${top.name} ${top.plural ? "take" : "takes"} the largest share`;
  const k = limiting.byKind;
  const lines = [
    `At ${limiting.rate} req/s (${failing ? "the first rate over target" : "the highest step run"}${limiting.attempt > 1 ? ", its second run" : ""}) the machine's ${c.cores} cores were ` +
      `${pct(c.machineBusy / c.cores)} busy (${pct(c.machineBusy)} of ${c.cores * 100}%): ` +
      parts.map((p) => `${p.name} ${pct(p.share)}`).join(", ") +
      `. ${saturated ? `The machine is CPU-bound, and ${takes}` : `The machine is not CPU-bound; ${takes}`}. ` +
      (c.other >= OTHER_WORK_RETRY
        ? `Other work on the shared machine took ${pct(c.other)} of a core during this step, so its figures understate what the app does on a quiet machine. `
        : "") +
      `Per request, the app instances spent ${perReq(apps).toFixed(2)} ms of CPU together and PostgreSQL ${perReq(c.postgres).toFixed(2)} ms; ` +
      `the generator sent with a p99 lag of ${ms(limiting.lagP99)} ms (its event-loop delay p99 ${ms(limiting.loopDelayP99)} ms), so ${limiting.lagP99 < 10 ? "it kept to its schedule and is not the limit" : "it fell behind its schedule"}.`,
    `By kind at that step (p50 / p99 ms): score card ${ms(k.score.p50)} / ${ms(k.score.p99)}, vote ${ms(k.vote.p50)} / ${ms(k.vote.p99)}, ` +
      `mine ${ms(k.mine.p50)} / ${ms(k.mine.p99)}, pending ${ms(k.pending.p50)} / ${ms(k.pending.p99)}, list candidates ${ms(k.list.p50)} / ${ms(k.list.p99)} (n = ${k.list.n}).`,
  ];
  if (k.list.n > 0 && k.list.p50 >= TARGET_P99_MS / 2) {
    lines.push(
      `\`list candidates\` takes ${ms(k.list.p50)} ms at p50 by itself: it runs \`scoreAll\` (every client's facts from PostgreSQL, then scoring and sorting all ${int(r.firm.clients)} clients in JavaScript on the instance's one event loop) for one answer. ` +
        `Requests in flight on the same instance while a list was served took p50 ${ms(limiting.besideList.p50)} / p99 ${ms(limiting.besideList.p99)} ms (${int(limiting.besideList.n)} of them), the others p50 ${ms(limiting.apartFromList.p50)} / p99 ${ms(limiting.apartFromList.p99)} ms: ` +
        `${limiting.besideList.p50 > 2 * limiting.apartFromList.p50 ? "the list blocks its instance, and the requests queued behind it make the p99" : "the list's own latency, not queueing behind it, is what shows in the p99"}. ` +
        `Without the list the p99 at that step was ${ms(limiting.withoutList.p99)} ms.`,
    );
  }
  return lines.join(" ");
}

function markdown(r: Report): string {
  const s = r.soak;
  const d = r.decisions;
  const m = r.messages;
  const rssOk = r.rss.map((x) => x.endKb <= x.startKb * (1 + TARGET_RSS_GROWTH));
  const trendOk = r.rss.map((x) => x.lastMedianKb <= x.firstMedianKb * (1 + TARGET_RSS_GROWTH));
  const growth = (x: Report["rss"][number]) => `${(((x.endKb - x.startKb) / x.startKb) * 100).toFixed(1)}%`;
  const decidedOk =
    d.approved === d.claimsWithTwoApprovals &&
    d.approvedNotTwoApprovals === 0 &&
    d.twoApprovalsNotApproved === 0 &&
    d.claimsDecidedTwice === 0 &&
    d.approvedWithoutAudit === 0;
  const dupes =
    m.claimsWithRootTwice + m.threadsWithTwoDecisionReplies + m.duplicateVoteReplies + m.postedTsNotInOutbox;
  const pending = m.outboxByStatus.PENDING ?? 0;
  const failed = m.outboxByStatus.FAILED ?? 0;
  const sent = m.outboxByStatus.SENT ?? 0;
  const missed: string[] = [];
  if (s.all.p99 >= TARGET_P99_MS) missed.push("soak p99");
  if (s.errors > 0) missed.push("errors");
  r.rss.forEach((x, n) => {
    if (!rssOk[n]) missed.push(`RSS growth of instance ${x.name} (start → end)`);
    if (!trendOk[n]) missed.push(`RSS growth of instance ${x.name} (first-fifth → last-fifth medians)`);
  });
  if (!decidedOk) missed.push("decisions");
  if (dupes > 0) missed.push("messages sent once");
  if (pending + failed > 0) missed.push("every outbox message sent (backlog left)");
  if (r.best === null) missed.push(`no step rate kept p99 under ${TARGET_P99_MS} ms`);

  const stepRows = r.steps.map(
    (x) =>
      `| ${x.rate}${x.attempt > 1 ? " (again)" : ""} | ${x.offered.toFixed(0)} | ${x.answeredOk.toFixed(0)} | ${ms(x.all.p50)} | ${ms(x.all.p99)} | ${ms(x.all.max)} | ${x.errors} | ${ms(x.withoutList.p99)} | ${ms(x.byKind.score.p99)} / ${ms(x.byKind.vote.p99)} | ${x.byKind.list.n ? `${ms(x.byKind.list.p50)} (${x.byKind.list.n})` : "—"} | ${ms(x.lagP99)} | ${cpuLine(x.cpu)} | ${x.pass ? "yes" : "no"} |`,
  );
  const kindRows = KINDS.map((k) => {
    const v = s.byKind[k];
    return `| ${k === "list" ? "list candidates" : k === "score" ? "score card" : k === "vote" ? "vote (Approve click)" : k} | ${int(v.n)} | ${ms(v.p50)} | ${ms(v.p99)} | ${ms(v.max)} | ${s.errorsByKind[k]} |`;
  });
  const windowRows = r.windows.map(
    (w) =>
      `| ${w.fromS}–${w.fromS + r.soakMs / 1000 / r.windows.length} s | ${int(w.n)} | ${ms(w.p50)} | ${ms(w.p99)} | ${ms(w.max)} | ${w.errors} |`,
  );
  const rssLine = r.rssSeries
    .filter((x, n) => x.atS % 30 === 0 && r.rssSeries.findIndex((y) => y.atS === x.atS) === n)
    .map((x) => `${x.atS} s: ${x.kb.map((kb) => (kb / 1024).toFixed(0)).join(" / ")}`)
    .join("; ");
  const logLines = r.logs.map((l) => {
    const problems = l.problems.length
      ? l.problems
          .slice(0, 6)
          .map((p) => `${p.level} "${p.msg}" ×${p.count}${p.example ? ` (e.g. ${p.example})` : ""}`)
          .join("; ")
      : "no warnings or errors";
    return `- Instance ${l.name}: ${int(l.lines)} log lines (${Object.entries(l.byLevel)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}); ${problems}.`;
  });

  return [
    "## Two app instances on PostgreSQL: mixed load and a 5-minute soak",
    "",
    `- **Machine:** ${r.machine.uname}; ${r.machine.cpuModel}; ${r.machine.cores} cores; ${r.machine.memoryGiB.toFixed(1)} GiB RAM; Node ${r.machine.node}; PostgreSQL on the same machine`,
    `- **Date:** ${r.date} (run took ${r.runS.toFixed(0)} s; load average ${r.machine.load} at the start, ${r.machineEnd.load} at the end: the machine is shared, and every process of the test (two app instances, PostgreSQL, the load generator with the fake Slack, the claim producer) shares its ${r.machine.cores} cores)`,
    `- **Command:** \`${COMMAND}\``,
    `- **Data:** a fresh PostgreSQL database migrated by the app's \`migrate()\`, holding ${int(r.firm.clients)} clients of bench/data.ts's generated firm (the first ${int(ROOTS)} roots and all ${int(r.firm.subsidiaries)} subsidiaries, ${r.firm.aliases} aliases), ${int(r.firm.engagements)} engagements from ${r.firm.firstDay} to ${r.firm.lastDay}, ${r.firm.people} people, ${int(r.firm.ratings)} ratings, ${r.firm.contracts} contracts, ${int(r.firm.feedback)} feedback rows, ${r.firm.owners} current owners; inserted with the app's \`db.sql.insertMany\` in ${r.firm.insertS.toFixed(1)} s. Policy: managers U0DEMOMGR1..3, approvals channel ${APPROVALS}, review channel ${REVIEW}, \`keyThreshold: 0, borderlineBand: 0, activityWindowMonths: 120\` (${int(r.firm.candidates)} clients score KEY, so every approval is a plain click).`,
    `- **Method:** the fake Slack (tests/support/fake-slack.ts) runs in the bench process; two app processes (\`node dist/main.js\`, \`INSTANCES=2\`, \`PORT=0\`, \`LOG_LEVEL=info\`, \`SLACK_API_URL\` at the fake) share the database. Load is open-loop: request *i* is due at *start + i/rate* and its latency runs from that due time to the end of the answer, so queueing in the app is not hidden; requests alternate between the two instances over keep-alive HTTP (64 sockets per instance at most), signed as Slack signs them. Mix: ${share(MIX.score)}% \`/keyaccount <client name>\` (a random client; the answer must be the ephemeral score card with that client's header and actions), ${share(MIX.vote)}% Approve clicks (200 with an empty body, and no refusal posted to the click's response URL), ${share(MIX.mine)}% \`mine\` (by a recruiter), ${share(MIX.pending)}% \`pending\` (by a manager), ${share(MIX.list)}% \`list candidates\` (the right answer carries its title), all by users drawn at random. Claims are opened ahead by a separate producer process through the app's \`createClaim\` (median ${ms(r.claimCreateMs.p50)} ms, p99 ${ms(r.claimCreateMs.p99)} ms each, 4 at a time), about 6 s of first votes ahead (at least 100); each claim gets an Approve from one manager and then from another (the second click is the next vote slot, so it often runs concurrently with the first, on the other instance). After a ${T.warmupMs / 1000} s warm-up at ${WARMUP_RATE} req/s, ${T.stepMs / 1000} s steps at ${UP_RATES.join(", ")} req/s run until one fails (p99 ≥ ${TARGET_P99_MS} ms, > 1% errors, or the generator falling behind), with ${DOWN_RATES.join(" and ")} req/s if the first fails, then one bisection (a step that fails while other work on the machine takes more than a third of a core is run once more; both runs are shown); the soak runs ${r.soakMs / 60_000} minutes at ${SOAK_SHARE * 100}% of the highest passing rate. RSS is VmRSS from /proc/<pid>/status; CPU is utime + stime from /proc/<pid>/stat over each phase (PostgreSQL: every \`postgres\` process on the machine, other databases' included, with the time of backends that ended in the postmaster's children time; "other" is the machine's busy time from /proc/stat less all of these). After the soak the producer stops and the outbox gets ${T.drainMs / 1000} s more before the checks. Percentiles are nearest-rank.`,
    "",
    `### Soak: ${r.soakRate} req/s for ${r.soakMs / 60_000} minutes`,
    "",
    "| Figure | Measured | Target | Met? |",
    "|---|---|---|---|",
    `| Rate | ${r.soakRate} req/s offered (${SOAK_SHARE * 100}% of ${r.best ?? "none"}), ${s.offered.toFixed(1)} sent/s, ${s.answeredOk.toFixed(1)} answered right/s | — | — |`,
    `| Latency p50 / p99 / max | ${ms(s.all.p50)} / ${ms(s.all.p99)} / ${ms(s.all.max)} ms (${int(s.all.n)} requests) | p99 < ${TARGET_P99_MS} ms | ${yes(s.all.p99 < TARGET_P99_MS)} |`,
    `| Latency p99 without \`list candidates\` (not a target: shows what the list costs the rest) | ${ms(s.withoutList.p99)} ms; requests in flight beside a list on their instance: ${int(s.besideList.n)}, p50 ${ms(s.besideList.p50)} / p99 ${ms(s.besideList.p99)} ms; the others: p50 ${ms(s.apartFromList.p50)} / p99 ${ms(s.apartFromList.p99)} ms | — | — |`,
    `| Errors (non-200, wrong content, timeouts, refused votes) | ${s.errors} + ${d.refusedVotes} refused votes${
      s.errors
        ? ` (${KINDS.filter((k) => s.errorsByKind[k])
            .map((k) => `${k} ${s.errorsByKind[k]}`)
            .join(", ")})`
        : ""
    } | 0 | ${yes(s.errors + d.refusedVotes === 0)} |`,
    ...r.rss.map(
      (x, n) =>
        `| RSS of instance ${x.name}, soak start → end (max) | ${mb(x.startKb)} → ${mb(x.endKb)} (${growth(x)}; max ${mb(x.maxKb)}; ${mb(x.afterSetupKb)} before the warm-up) | growth < ${TARGET_RSS_GROWTH * 100}% | ${yes(rssOk[n] as boolean)} |`,
    ),
    ...r.rss.map(
      (x, n) =>
        `| RSS of instance ${x.name}, median of the soak's first fifth → last fifth (samples every 5 s) | ${mb(x.firstMedianKb)} → ${mb(x.lastMedianKb)} (${(((x.lastMedianKb - x.firstMedianKb) / x.firstMedianKb) * 100).toFixed(1)}%) | growth < ${TARGET_RSS_GROWTH * 100}% | ${yes(trendOk[n] as boolean)} |`,
    ),
    `| Claims approved == claims with 2 approvals | ${int(d.approved)} == ${int(d.claimsWithTwoApprovals)} (${int(d.claimsWithTwoOkClicks)} claims got two answered clicks; ${d.twoApprovalsNotApproved} with 2 approvals not approved, ${d.approvedNotTwoApprovals} approved without) | equal | ${yes(d.approved === d.claimsWithTwoApprovals && d.twoApprovalsNotApproved === 0 && d.approvedNotTwoApprovals === 0)} |`,
    `| Claims decided twice (\`claim.approved\` audit events per claim > 1) | ${d.claimsDecidedTwice} (${int(d.auditApproved)} events for ${int(d.approved)} approved claims) | 0 | ${yes(d.claimsDecidedTwice === 0 && d.approvedWithoutAudit === 0)} |`,
    `| Votes stored == clicks answered 200 | ${int(d.votesInDb)} == ${int(d.votesOk)} (${int(d.votesClicked)} clicked) | equal | ${yes(d.votesInDb === d.votesOk)} |`,
    `| Messages posted twice (claim roots per claim in ${APPROVALS}, decision replies per thread, repeated vote replies, posts the outbox has no ts for) | ${m.claimsWithRootTwice} / ${m.threadsWithTwoDecisionReplies} / ${m.duplicateVoteReplies} / ${m.postedTsNotInOutbox} (${int(m.postCallsOk)} chat.postMessage calls answered, ${int(m.outboxPostsWithTs)} outbox posts with a ts) | 0 | ${yes(dupes === 0 && m.postCallsOk === m.outboxPostsWithTs)} |`,
    `| Outbox after the run: sent / pending / failed | ${int(sent)} / ${int(pending)} / ${int(failed)} (at the soak's end: ${Object.entries(
      m.outboxAtSoakEnd,
    )
      .map(([k, v]) => `${k} ${int(v)}`)
      .join(", ")}) | all sent | ${yes(pending + failed === 0)} |`,
    "",
    `Still pending in the outbox: ${
      Object.entries(m.outboxPendingByKind)
        .map(([k, v]) => `${k} ${int(v)}`)
        .join(", ") || "nothing"
    }; ${int(m.waitingForThread)} of them last retried because their thread's root was not posted yet; the oldest waited ${m.oldestPendingS.toFixed(0)} s. ${int(m.rootMessagesInFake)} claim roots reached ${APPROVALS} (${int(m.rootsSent)} root rows with a ts) of ${int(d.claimsOpened)} claims opened. Posts to ${APPROVALS}: ${int(m.approvalsPosts)}, ${m.approvalsPostsPerSecond.toFixed(2)} per second on average, at most ${m.approvalsPostsPerSecondMax} within one second. ` +
      `Each approved claim needs 4 posts in ${APPROVALS} (its root, two vote replies, the decision reply) and 3 updates of its root, plus a DM to the claimant; the soak's clicks decided about ${(s.byKind.vote.n / 2 / (r.soakMs / 1000)).toFixed(2)} claims per second, so about ${((4 * s.byKind.vote.n) / 2 / (r.soakMs / 1000)).toFixed(1)} posts per second were needed in that one channel, while each instance's outbox posts at most one message per second per channel: the backlog is the outbox keeping Slack's pace, not lost messages.`,
    "",
    "| Soak, by kind | Requests | p50 ms | p99 ms | max ms | Errors |",
    "|---|---|---|---|---|---|",
    ...kindRows,
    "",
    `By instance (p50 / p99 / max ms): ${r.byInstance.map((x, n) => `${n === 0 ? "A" : "B"} ${ms(x.p50)} / ${ms(x.p99)} / ${ms(x.max)}`).join("; ")}. Generator lag p99 ${ms(s.lagP99)} ms, event-loop delay p99 ${ms(s.loopDelayP99)} ms, at most ${s.maxInFlight} requests in flight, ${s.starved} vote slots without an open claim (sent as score cards). CPU during the soak: ${cpuLine(s.cpu)}.`,
    "",
    "| Soak over time (by due time) | Requests | p50 ms | p99 ms | max ms | Errors |",
    "|---|---|---|---|---|---|",
    ...windowRows,
    "",
    `RSS over the soak every 30 s (MB, A / B): ${rssLine}.`,
    "",
    "### Step search",
    "",
    `Highest rate with p99 < ${TARGET_P99_MS} ms: **${r.best === null ? "none of the rates tried" : `${r.best} req/s`}**${r.firstFail !== null ? ` (first failing: ${r.firstFail} req/s)` : ""}.`,
    "",
    "| Rate req/s | Sent/s | Right/s | p50 ms | p99 ms | max ms | Errors | p99 without list ms | p99 score / vote ms | list p50 ms (n) | Lag p99 ms | CPU (share of one core) | Pass? |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ...stepRows,
    "",
    "### What limits the rate",
    "",
    limitsParagraph(r),
    "",
    "### Instance logs",
    "",
    ...logLines,
    `- Exit codes on SIGTERM: ${r.exitCodes.map((c, n) => `${n === 0 ? "A" : "B"} ${c}`).join(", ")}. Claim producer skips: ${
      Object.entries(r.producerSkipped)
        .map(([k, v]) => `${k} ${v}`)
        .join(", ") || "none"
    }.`,
    "",
    `**Targets missed in this run:** ${missed.length ? missed.join("; ") : "none"}.`,
  ].join("\n");
}

await main();
