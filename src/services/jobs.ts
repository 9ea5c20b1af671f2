import { hostname } from "node:os";
import { isUniqueViolation } from "../db/errors.js";
import { appendAudit } from "../db/repositories/audit.js";
import { claimWithVotes, endOwnership, transitionClaim } from "../db/repositories/claims.js";
import { enqueue, type OutboxIntent } from "../db/repositories/outbox.js";
import { eligibleVoters, tally, type VoteDecision } from "../domain/claims.js";
import type { Verdict } from "../domain/types.js";
import { myAccounts } from "./accounts.js";
import { decidedIntents } from "./claims.js";
import type { Services } from "./context.js";
import { scoreAll } from "./score.js";

/**
 * The scheduled work: the weekly reminder and the daily housekeeping. Each run is
 * claimed by inserting (job, period) under a unique constraint in the same
 * transaction as the messages it sends, so with any number of instances a run
 * happens once, and a run that was claimed always has its messages.
 */

export const INSTANCE = `${hostname()}:${process.pid}`;
const DAY_MS = 86_400_000;

/** Runs `work` inside a transaction that first claims (job, period); false when another run already did. */
async function claimAndRun(
  services: Services,
  job: string,
  periodKey: string,
  work: (tx: Parameters<Parameters<Services["db"]["prisma"]["$transaction"]>[0]>[0]) => Promise<string>,
): Promise<{ ran: boolean; outcome?: string }> {
  try {
    const outcome = await services.db.prisma.$transaction(
      async (tx) => {
        await tx.jobRun.create({ data: { job, periodKey, instance: INSTANCE, startedAt: services.clock() } });
        const result = await work(tx);
        await tx.jobRun.update({
          where: { job_periodKey: { job, periodKey } },
          data: { finishedAt: services.clock(), outcome: result },
        });
        return result;
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
    return { ran: true, outcome };
  } catch (error) {
    if (isUniqueViolation(error)) return { ran: false };
    throw error;
  }
}

export async function lastRun(services: Services, job: string, periodKey: string) {
  return services.db.prisma.jobRun.findUnique({ where: { job_periodKey: { job, periodKey } } });
}

export interface ReminderData {
  pending: Array<{
    claimId: number;
    client: string;
    claimant: string;
    kind: string;
    waitingOn: string[];
    expiresAt: Date;
  }>;
  lapsing: Array<{
    ownershipId: number;
    client: string;
    owner: string;
    lapsesAt: Date;
    reason: "inactivity" | "review";
  }>;
  dueForReview: Array<{ ownershipId: number; client: string; owner: string; reviewDueAt: Date }>;
  verdictChanges: Array<{ client: string; from: Verdict; to: Verdict; score: number }>;
  snapshots: Array<{ clientId: number; verdict: Verdict; score: number }>;
}

/** What the weekly reminder says, read now. */
export async function reminderData(services: Services): Promise<ReminderData> {
  const now = services.clock();
  const policy = services.policy.policy;
  const claims = await services.db.prisma.claim.findMany({
    where: { status: "PENDING" },
    include: claimWithVotes,
    orderBy: { createdAt: "asc" },
  });
  const pending = claims.map((c) => {
    const eligible = eligibleVoters({
      managers: policy.managers,
      claimant: c.claimant,
      currentOwner: c.disputedOwner,
      competitors: [],
    });
    const t = tally(
      c.votes.map((v) => ({ voter: v.voter, decision: v.decision as VoteDecision })),
      eligible,
      policy,
    );
    return {
      claimId: c.id,
      client: c.client.name,
      claimant: c.claimant,
      kind: c.kind,
      waitingOn: t.waitingOn,
      expiresAt: c.expiresAt,
    };
  });

  const owners = await services.db.prisma.ownership.findMany({
    where: { currentFor: { not: null } },
    select: { owner: true },
    distinct: ["owner"],
  });
  const lapsing: ReminderData["lapsing"] = [];
  const dueForReview: ReminderData["dueForReview"] = [];
  const ownerships = await services.db.prisma.ownership.findMany({
    where: { currentFor: { not: null } },
    select: { id: true, clientId: true, owner: true },
  });
  const idOf = new Map(ownerships.map((o) => [`${o.owner}:${o.clientId}`, o.id]));
  for (const { owner } of owners) {
    for (const account of await myAccounts(services, owner)) {
      const ownershipId = idOf.get(`${owner}:${account.clientId}`) ?? 0;
      if (account.lapse.warn && account.lapse.reason === "inactivity") {
        lapsing.push({
          ownershipId,
          client: account.client,
          owner,
          lapsesAt: account.lapse.lapsesAt,
          reason: "inactivity",
        });
      }
      if (account.reviewDueAt.getTime() - now.getTime() <= policy.lapseWarningDays * DAY_MS) {
        dueForReview.push({ ownershipId, client: account.client, owner, reviewDueAt: account.reviewDueAt });
      }
    }
  }

  const scores = await scoreAll(services);
  const previous = await services.db.sql.query<{ clientId: number; verdict: string }>(
    `SELECT s."clientId", s."verdict" FROM "ScoreSnapshot" s
      WHERE s."purpose" = 'reminder'
        AND s."takenAt" = (SELECT MAX(t."takenAt") FROM "ScoreSnapshot" t WHERE t."clientId" = s."clientId" AND t."purpose" = 'reminder')`,
  );
  const before = new Map(previous.map((p) => [Number(p.clientId), p.verdict as Verdict]));
  const verdictChanges: ReminderData["verdictChanges"] = [];
  const snapshots: ReminderData["snapshots"] = [];
  for (const s of scores) {
    const was = before.get(s.card.clientId);
    if (was !== s.card.verdict)
      snapshots.push({ clientId: s.card.clientId, verdict: s.card.verdict, score: s.card.score });
    if (was && was !== s.card.verdict)
      verdictChanges.push({ client: s.card.client, from: was, to: s.card.verdict, score: s.card.score });
  }
  return { pending, lapsing, dueForReview, verdictChanges, snapshots };
}

/**
 * The weekly reminder for one period: its messages (already built, one per page)
 * are stored for the review channel together with the claim on the period.
 */
export async function runWeeklyReminder(
  services: Services,
  periodKey: string,
  build: (data: ReminderData) => Array<{ text: string; blocks: unknown[] }>,
): Promise<{ ran: boolean; outcome?: string }> {
  const channel = services.policy.policy.reviewChannel;
  if (!channel) return { ran: false, outcome: "the policy names no reviewChannel" };
  const data = await reminderData(services);
  const pages = build(data);
  const now = services.clock();
  return claimAndRun(services, "weekly-reminder", periodKey, async (tx) => {
    const intents: OutboxIntent[] = pages.map((page, i) => ({
      key: `reminder:${periodKey}:${i + 1}`,
      kind: "post",
      channel,
      payload: { render: "static", text: page.text, blocks: page.blocks },
    }));
    await enqueue(tx, intents, now);
    if (data.snapshots.length > 0) {
      await tx.scoreSnapshot.createMany({
        data: data.snapshots.map((s) => ({
          clientId: s.clientId,
          takenAt: now,
          purpose: "reminder",
          score: s.score,
          verdict: s.verdict,
          policyVersion: services.policy.version,
          breakdown: "{}",
        })),
      });
    }
    return `${pages.length} message(s): ${data.pending.length} pending, ${data.lapsing.length} lapsing, ${data.dueForReview.length} due for review, ${data.verdictChanges.length} verdict changes`;
  });
}

/**
 * Daily housekeeping for one period: expire pending claims past their date, end
 * ownerships that lapsed, and warn owners whose ownership lapses soon (once per
 * ownership and lapse date).
 */
export async function runHousekeeping(services: Services, periodKey: string) {
  const now = services.clock();
  const policy = services.policy.policy;
  const policyVersion = services.policy.version;
  const expiring = await services.db.prisma.claim.findMany({ where: { status: "PENDING", expiresAt: { lte: now } } });
  const owners = await services.db.prisma.ownership.findMany({
    where: { currentFor: { not: null } },
    include: { client: { select: { name: true } } },
  });
  // The same lapse rule as `/keyaccount mine`: engagements at the client or its subsidiaries count.
  const accounts = new Map<number, { lapsed: boolean; warn: boolean; lapsesAt: Date; reason: string }>();
  for (const owner of new Set(owners.map((o) => o.owner))) {
    for (const account of await myAccounts(services, owner)) {
      const ownership = owners.find((o) => o.owner === owner && o.clientId === account.clientId);
      if (ownership) accounts.set(ownership.id, account.lapse);
    }
  }

  return claimAndRun(services, "housekeeping", periodKey, async (tx) => {
    let expired = 0;
    let lapsed = 0;
    let warned = 0;
    const intents: OutboxIntent[] = [];
    for (const claim of expiring) {
      if (
        !(await transitionClaim(tx, claim, { status: "EXPIRED", decidedAt: now, decisionNote: "no decision in time" }))
      )
        continue;
      expired += 1;
      await appendAudit(tx, {
        actor: "keyholder",
        action: "claim.expired",
        at: now,
        clientId: claim.clientId,
        claimId: claim.id,
        policyVersion,
        reason: `no decision within ${policy.approval.expiresAfterDays} days`,
      });
      intents.push(...decidedIntents(claim));
    }
    for (const o of owners) {
      const status = accounts.get(o.id);
      if (!status) continue;
      const day = status.lapsesAt.toISOString().slice(0, 10);
      if (status.lapsed) {
        await endOwnership(tx, o.id, now, status.reason === "review" ? "review-not-renewed" : "lapsed");
        lapsed += 1;
        await appendAudit(tx, {
          actor: "keyholder",
          action: "ownership.lapsed",
          at: now,
          clientId: o.clientId,
          policyVersion,
          reason:
            status.reason === "review"
              ? "the annual review was not renewed"
              : `no credited engagement for ${policy.ownershipLapseMonths} months`,
          data: { owner: o.owner },
        });
        intents.push({
          key: `ownership:${o.id}:lapsed`,
          kind: "dm",
          channel: o.owner,
          payload: {
            render: "text",
            text: `Your Key Account *${o.client.name}* has lapsed (${status.reason === "review" ? "review not renewed" : "no credited engagement"}); it is open again.`,
          },
        });
      } else if (status.warn) {
        warned += 1;
        intents.push({
          key: `ownership:${o.id}:warning:${day}`,
          kind: "dm",
          channel: o.owner,
          payload: {
            render: "text",
            text: `Your Key Account *${o.client.name}* lapses on ${day} (${status.reason === "review" ? "annual review due" : "no credited engagement"}). Log an engagement or ask a manager to renew it.`,
          },
        });
      }
    }
    await enqueue(tx, intents, now);
    return `${expired} claim(s) expired, ${lapsed} ownership(s) lapsed, ${warned} warning(s)`;
  });
}
