import { readAudit } from "../db/repositories/audit.js";
import type { Services } from "./context.js";

/** Decided claims, oldest first, with their votes. */
export async function* decisions(services: Services) {
  let after = 0;
  for (;;) {
    const page = await services.db.prisma.claim.findMany({
      where: { id: { gt: after }, status: { not: "PENDING" } },
      orderBy: { id: "asc" },
      take: 500,
      include: { client: { select: { name: true } }, votes: { orderBy: { createdAt: "asc" } } },
    });
    if (page.length === 0) return;
    for (const claim of page) {
      yield {
        claimId: claim.id,
        kind: claim.kind,
        client: claim.client.name,
        claimant: claim.claimant,
        status: claim.status,
        reason: claim.reason,
        disputedOwner: claim.disputedOwner,
        scoreAtClaim: claim.scoreAtClaim,
        verdictAtClaim: claim.verdictAtClaim,
        createdAt: claim.createdAt.toISOString(),
        decidedAt: claim.decidedAt?.toISOString() ?? null,
        decisionNote: claim.decisionNote,
        policyVersion: claim.policyVersion,
        approvals: claim.votes.filter((v) => v.decision === "APPROVE").map((v) => v.voter),
        rejections: claim.votes.filter((v) => v.decision === "REJECT").map((v) => v.voter),
        voteReasons: claim.votes.filter((v) => v.reason).map((v) => `${v.voter}: ${v.reason}`),
      };
    }
    after = page[page.length - 1]?.id ?? after;
  }
}

export async function* auditTrail(services: Services) {
  for await (const event of readAudit(services.db)) {
    yield {
      id: event.id,
      at: event.at.toISOString(),
      actor: event.actor,
      action: event.action,
      client: event.client,
      claimId: event.claimId,
      reason: event.reason,
      policyVersion: event.policyVersion,
      data: JSON.stringify(event.data),
    };
  }
}
