import type { Database, Prisma } from "../client.js";

/** Claims, votes and their history. No business rules: the services decide. */

type Tx = Omit<Prisma, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

export const claimWithVotes = {
  client: { select: { id: true, name: true } },
  votes: { orderBy: { createdAt: "asc" as const } },
};

export async function findClaim(db: Database | { prisma: Tx }, id: number) {
  return db.prisma.claim.findUnique({ where: { id }, include: claimWithVotes });
}

export type ClaimRecord = NonNullable<Awaited<ReturnType<typeof findClaim>>>;

export async function findPendingClaimFor(db: Database, clientId: number) {
  return db.prisma.claim.findUnique({ where: { pendingFor: clientId }, include: claimWithVotes });
}

export async function pendingClaims(db: Database) {
  return db.prisma.claim.findMany({
    where: { status: "PENDING" },
    include: claimWithVotes,
    orderBy: { createdAt: "asc" },
  });
}

export async function claimsBy(db: Database, claimant: string, statuses: string[]) {
  return db.prisma.claim.findMany({
    where: { claimant, status: { in: statuses } },
    include: claimWithVotes,
    orderBy: { createdAt: "desc" },
    take: 50,
  });
}

/**
 * Moves a pending claim to its decided state only if nobody else did first: the
 * update is conditional on the status and the version read before.
 */
export async function transitionClaim(
  tx: Tx,
  claim: { id: number; version: number },
  to: { status: string; decidedAt: Date; decisionNote: string | null },
): Promise<boolean> {
  const { count } = await tx.claim.updateMany({
    where: { id: claim.id, status: "PENDING", version: claim.version },
    data: {
      status: to.status,
      decidedAt: to.decidedAt,
      decisionNote: to.decisionNote,
      pendingFor: null,
      version: { increment: 1 },
    },
  });
  return count === 1;
}

export async function currentOwnership(tx: Tx, clientId: number) {
  return tx.ownership.findUnique({ where: { currentFor: clientId } });
}

export async function endOwnership(tx: Tx, id: number, endedAt: Date, endReason: string) {
  await tx.ownership.update({ where: { id }, data: { currentFor: null, endedAt, endReason } });
}
