import type { Database, Prisma } from "../client.js";

type Tx = Pick<Prisma, "auditEvent">;

export interface AuditInput {
  actor: string;
  action: string;
  at: Date;
  clientId?: number | null;
  claimId?: number | null;
  reason?: string | null;
  policyVersion?: string | null;
  data?: Record<string, unknown>;
}

const toRow = (event: AuditInput) => ({
  actor: event.actor,
  action: event.action,
  at: event.at,
  clientId: event.clientId ?? null,
  claimId: event.claimId ?? null,
  reason: event.reason ?? null,
  policyVersion: event.policyVersion ?? null,
  data: JSON.stringify(event.data ?? {}),
});

/** The audit trail is append-only: this module only ever inserts and reads. */
export async function appendAudit(tx: Tx, event: AuditInput): Promise<void> {
  await tx.auditEvent.create({ data: toRow(event) });
}

export async function appendAuditMany(tx: Tx, events: AuditInput[]): Promise<void> {
  if (events.length === 0) return;
  await tx.auditEvent.createMany({ data: events.map(toRow) });
}

export interface AuditRecord {
  id: number;
  at: Date;
  actor: string;
  action: string;
  client: string | null;
  claimId: number | null;
  reason: string | null;
  policyVersion: string | null;
  data: Record<string, unknown>;
}

/** Oldest first, optionally for one client. Streams in pages so exports of any size fit in memory. */
export async function* readAudit(db: Database, filter: { clientId?: number } = {}): AsyncGenerator<AuditRecord> {
  let after = 0;
  const names = new Map<number, string>();
  for (;;) {
    const page = await db.prisma.auditEvent.findMany({
      where: { id: { gt: after }, ...(filter.clientId === undefined ? {} : { clientId: filter.clientId }) },
      orderBy: { id: "asc" },
      take: 1000,
    });
    if (page.length === 0) return;
    const missing = [
      ...new Set(page.map((e) => e.clientId).filter((id): id is number => id !== null && !names.has(id))),
    ];
    if (missing.length > 0) {
      for (const c of await db.prisma.client.findMany({
        where: { id: { in: missing } },
        select: { id: true, name: true },
      })) {
        names.set(c.id, c.name);
      }
    }
    for (const e of page) {
      yield {
        id: e.id,
        at: e.at,
        actor: e.actor,
        action: e.action,
        client: e.clientId === null ? null : (names.get(e.clientId) ?? null),
        claimId: e.claimId,
        reason: e.reason,
        policyVersion: e.policyVersion,
        data: JSON.parse(e.data) as Record<string, unknown>,
      };
    }
    after = page[page.length - 1]?.id ?? after;
  }
}
