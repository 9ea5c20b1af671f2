import type { Database, Prisma } from "../client.js";

/**
 * The outbox: every Slack message the app must send is stored as an intent, in the
 * same transaction as the change that calls for it, and sent later by a worker.
 * A row is leased before sending so that several workers (several instances) never
 * send the same row at once.
 */

type Tx = Pick<Prisma, "outboxMessage">;

export type OutboxKind = "post" | "update" | "dm";

export interface OutboxIntent {
  /** Idempotency key: storing the same intent twice keeps the first. */
  key: string;
  kind: OutboxKind;
  /** Channel ID, or a user ID for a DM. */
  channel: string | null;
  /** Key of the message whose thread this one replies in, or which it updates. */
  threadOf?: string | null;
  payload: Record<string, unknown>;
}

export async function enqueue(tx: Tx, intents: OutboxIntent[], now: Date): Promise<void> {
  for (const intent of intents) {
    const existing = await tx.outboxMessage.findUnique({ where: { key: intent.key }, select: { id: true } });
    if (existing) continue;
    await tx.outboxMessage.create({
      data: {
        key: intent.key,
        kind: intent.kind,
        channel: intent.channel,
        threadOf: intent.threadOf ?? null,
        payload: JSON.stringify(intent.payload),
        createdAt: now,
        nextAttemptAt: now,
      },
    });
  }
}

export interface OutboxRow {
  id: number;
  key: string;
  kind: OutboxKind;
  channel: string | null;
  threadOf: string | null;
  payload: Record<string, unknown>;
  attempts: number;
  ts: string | null;
}

/** Leases up to `limit` due rows for `leaseMs`; only rows this call leased are returned. */
export async function leaseDue(db: Database, now: Date, limit: number, leaseMs: number): Promise<OutboxRow[]> {
  const candidates = await db.prisma.outboxMessage.findMany({
    where: {
      status: "PENDING",
      nextAttemptAt: { lte: now },
      OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }],
    },
    orderBy: { id: "asc" },
    take: limit,
  });
  const leased: OutboxRow[] = [];
  for (const row of candidates) {
    const { count } = await db.prisma.outboxMessage.updateMany({
      where: {
        id: row.id,
        status: "PENDING",
        OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }],
      },
      data: { lockedUntil: new Date(now.getTime() + leaseMs) },
    });
    if (count === 1) {
      leased.push({
        id: row.id,
        key: row.key,
        kind: row.kind as OutboxKind,
        channel: row.channel,
        threadOf: row.threadOf,
        payload: JSON.parse(row.payload) as Record<string, unknown>,
        attempts: row.attempts,
        ts: row.ts,
      });
    }
  }
  return leased;
}

export async function markSent(db: Database, id: number, ts: string | null, channel: string | null, now: Date) {
  await db.prisma.outboxMessage.update({
    where: { id },
    data: { status: "SENT", ts, channel, sentAt: now, lockedUntil: null, lastError: null },
  });
}

/** Remembers Slack's ts as soon as a post succeeded, so a retry updates instead of posting again. */
export async function recordTs(db: Database, id: number, ts: string, channel: string) {
  await db.prisma.outboxMessage.update({ where: { id }, data: { ts, channel } });
}

export async function markRetry(db: Database, id: number, error: string, nextAttemptAt: Date) {
  await db.prisma.outboxMessage.update({
    where: { id },
    data: { attempts: { increment: 1 }, lastError: error.slice(0, 1000), nextAttemptAt, lockedUntil: null },
  });
}

export async function markFailed(db: Database, id: number, error: string) {
  await db.prisma.outboxMessage.update({
    where: { id },
    data: { status: "FAILED", attempts: { increment: 1 }, lastError: error.slice(0, 1000), lockedUntil: null },
  });
}

/** Slack's ts and channel of a sent message, by outbox key. */
export async function sentMessage(db: Database, key: string): Promise<{ ts: string; channel: string } | null> {
  const row = await db.prisma.outboxMessage.findUnique({ where: { key }, select: { ts: true, channel: true } });
  return row?.ts && row.channel ? { ts: row.ts, channel: row.channel } : null;
}

export async function outboxStatus(db: Database, key: string) {
  return db.prisma.outboxMessage.findUnique({ where: { key }, select: { status: true, ts: true, attempts: true } });
}
