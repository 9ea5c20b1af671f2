/**
 * The soak benchmark's claim producer, in a process of its own so that its work
 * does not share the load generator's event loop:
 * `node --import tsx bench/soak-claims.ts` with an IPC channel.
 *
 * It opens claims through the app's own service (`createClaim`, on the same
 * PostgreSQL database and policy file as the app instances) on clients whose
 * verdict is KEY, so every approval is a plain click, and hands their ids to the
 * parent, keeping as many ahead as the parent asks for. A client whose last claim
 * is still pending, or a claimant who already owns the client, is skipped.
 *
 * Parent → child: `{ type: "init", … }`, then `{ type: "want", total }` (claims to
 * have opened in all), then `{ type: "stop" }`. Child → parent: `ready`, `claims`
 * (ids, in batches), `stopped`, or `fatal`.
 */
import { openDatabase } from "../src/db/client.js";
import { isDomainError } from "../src/domain/errors.js";
import { loadPolicy } from "../src/policy/load.js";
import { createClaim } from "../src/services/claims.js";
import { systemClock } from "../src/services/clock.js";
import type { Services } from "../src/services/context.js";
import { scoreAll } from "../src/services/score.js";
import { prng } from "./data.js";

export interface ClaimsInit {
  type: "init";
  url: string;
  policyFile: string;
  claimants: string[];
  concurrency: number;
  seed: number;
}

export type ToClaims = ClaimsInit | { type: "want"; total: number } | { type: "stop" };

export type FromClaims =
  | { type: "ready"; candidates: number }
  | { type: "claims"; ids: number[]; skipped: Record<string, number>; createMs: number[] }
  | { type: "stopped"; created: number; skipped: Record<string, number> }
  | { type: "fatal"; message: string };

const send = (message: FromClaims) => process.send?.(message);

let services: Services | null = null;
let candidates: number[] = [];
let claimants: string[] = [];
let concurrency = 4;
let wanted = 0;
let created = 0;
let running = 0;
let stopping = false;
let clientCursor = 0;
let claimantCursor = 0;
let batch: number[] = [];
let batchMs: number[] = [];
const skipped: Record<string, number> = {};

async function openOne(s: Services): Promise<void> {
  for (let attempt = 0; attempt < 50 && !stopping; attempt++) {
    const clientId = candidates[clientCursor++ % candidates.length] as number;
    const claimant = claimants[claimantCursor++ % claimants.length] as string;
    const t0 = performance.now();
    try {
      const claim = await createClaim(s, { clientId, claimant, reason: "Soak benchmark: placements every quarter" });
      if (claim.verdict !== "KEY") throw new Error(`claim ${claim.id} has verdict ${claim.verdict}, not KEY`);
      batch.push(claim.id);
      batchMs.push(performance.now() - t0);
      return;
    } catch (error) {
      if (isDomainError(error)) {
        skipped[error.code] = (skipped[error.code] ?? 0) + 1;
        continue;
      }
      throw error;
    }
  }
  if (!stopping) throw new Error("50 clients in a row could not be claimed");
}

function pump(): void {
  const s = services;
  if (!s || stopping) return;
  while (running < concurrency && created + running < wanted) {
    running += 1;
    openOne(s)
      .then(() => {
        created += 1;
      })
      .catch((error: unknown) => {
        send({ type: "fatal", message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
        stopping = true;
      })
      .finally(() => {
        running -= 1;
        pump();
      });
  }
}

const flusher = setInterval(() => {
  if (batch.length === 0) return;
  send({ type: "claims", ids: batch, skipped: { ...skipped }, createMs: batchMs });
  batch = [];
  batchMs = [];
}, 50);

async function init(message: ClaimsInit): Promise<void> {
  const policy = loadPolicy(message.policyFile);
  const s: Services = { db: openDatabase(message.url), policy, clock: systemClock };
  const random = prng(message.seed);
  const all = await scoreAll(s);
  candidates = all.filter((c) => c.card.verdict === "KEY").map((c) => c.card.clientId);
  for (let i = candidates.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [candidates[i], candidates[j]] = [candidates[j] as number, candidates[i] as number];
  }
  claimants = message.claimants;
  concurrency = message.concurrency;
  services = s;
  send({ type: "ready", candidates: candidates.length });
  pump();
}

async function stop(): Promise<void> {
  stopping = true;
  while (running > 0) await new Promise((r) => setTimeout(r, 10));
  clearInterval(flusher);
  if (batch.length > 0) send({ type: "claims", ids: batch, skipped: { ...skipped }, createMs: batchMs });
  await services?.db.close();
  send({ type: "stopped", created, skipped: { ...skipped } });
  process.disconnect?.();
}

process.on("message", (message: ToClaims) => {
  if (message.type === "init") {
    init(message).catch((error: unknown) => {
      send({ type: "fatal", message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    });
  } else if (message.type === "want") {
    wanted = Math.max(wanted, message.total);
    pump();
  } else if (message.type === "stop") {
    void stop();
  }
});
// The parent gone means the run is over.
process.on("disconnect", () => {
  stopping = true;
  setTimeout(() => process.exit(0), 2_000).unref();
});
