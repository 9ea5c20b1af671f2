import { randomUUID } from "node:crypto";
import dayjs from "dayjs";
import { isUniqueViolation } from "../db/errors.js";
import { appendAudit, readAudit } from "../db/repositories/audit.js";
import { claimsBy, endOwnership, pendingClaims } from "../db/repositories/claims.js";
import { insertEngagements } from "../db/repositories/engagements.js";
import { enqueue } from "../db/repositories/outbox.js";
import { DomainError } from "../domain/errors.js";
import { stripLegalSuffix } from "../domain/names.js";
import { type LapseStatus, lapseStatus, nextReviewDate } from "../domain/ownership.js";
import { validateRecord } from "../imports/csv.js";
import { type ClaimSummary, summarise } from "./claims.js";
import type { Services } from "./context.js";

/** What a recruiter or manager does with accounts from Slack, other than claiming and voting. */

export interface OwnedAccountView {
  clientId: number;
  client: string;
  since: Date;
  reviewDueAt: Date;
  lapse: LapseStatus;
}

/** The recruiter's current Key Accounts, with when each would lapse. */
export async function myAccounts(services: Services, owner: string): Promise<OwnedAccountView[]> {
  const now = services.clock();
  const owned = await services.db.prisma.ownership.findMany({
    where: { owner, currentFor: { not: null } },
    include: { client: { select: { id: true, name: true } } },
    orderBy: { reviewDueAt: "asc" },
  });
  const views: OwnedAccountView[] = [];
  const children = owned.length > 0 ? await childrenByParent(services) : new Map<number, number[]>();
  for (const o of owned) {
    // Engagements credited to the owner at the client or any of its subsidiaries keep it alive.
    const family = familyOf(children, o.clientId);
    const last = await services.db.prisma.engagement.findFirst({
      where: { recruiter: owner, clientId: { in: family }, date: { lte: now } },
      orderBy: { date: "desc" },
      select: { date: true },
    });
    views.push({
      clientId: o.client.id,
      client: o.client.name,
      since: o.since,
      reviewDueAt: o.reviewDueAt,
      lapse: lapseStatus(
        { since: o.since, lastCreditedEngagement: last?.date ?? null, reviewDueAt: o.reviewDueAt },
        services.policy.policy,
        now,
      ),
    });
  }
  return views;
}

async function childrenByParent(services: Services): Promise<Map<number, number[]>> {
  const rows = await services.db.sql.query<{ id: number; parentId: number }>(
    `SELECT "id", "parentId" FROM "Client" WHERE "parentId" IS NOT NULL`,
  );
  const children = new Map<number, number[]>();
  for (const row of rows) {
    const parent = Number(row.parentId);
    const list = children.get(parent) ?? [];
    list.push(Number(row.id));
    children.set(parent, list);
  }
  return children;
}

/** The client and all its subsidiaries, at any depth. */
function familyOf(children: Map<number, number[]>, clientId: number): number[] {
  const family: number[] = [];
  const queue = [clientId];
  const seen = new Set<number>();
  while (queue.length > 0) {
    const id = queue.shift() as number;
    if (seen.has(id)) continue;
    seen.add(id);
    family.push(id);
    queue.push(...(children.get(id) ?? []));
  }
  return family;
}

export async function pendingFor(
  services: Services,
  user: string,
): Promise<{ awaitingMyVote: ClaimSummary[]; myClaims: ClaimSummary[]; isManager: boolean }> {
  const isManager = services.policy.policy.managers.includes(user);
  const pending = (await pendingClaims(services.db)).map((c) => summarise(services, c));
  const mine = (await claimsBy(services.db, user, ["PENDING"])).map((c) => summarise(services, c));
  return {
    awaitingMyVote: isManager ? pending.filter((c) => c.tally.waitingOn.includes(user)) : [],
    myClaims: mine,
    isManager,
  };
}

/** The client's pending claim and where its thread is, in one indexed query (on every score card). */
export async function pendingClaimRef(services: Services, clientId: number) {
  const [row] = await services.db.sql.query<{
    id: number;
    claimant: string;
    ts: string | null;
    channel: string | null;
  }>(
    `SELECT c."id", c."claimant", o."ts", o."channel" FROM "Claim" c
       LEFT JOIN "OutboxMessage" o ON o."key" = 'claim:' || c."id" || ':root'
      WHERE c."pendingFor" = ?`,
    [clientId],
  );
  if (!row) return null;
  return {
    claimId: Number(row.id),
    claimant: row.claimant,
    root: row.ts && row.channel ? { ts: row.ts, channel: row.channel } : null,
  };
}

export interface HistoryItem {
  at: Date;
  actor: string;
  action: string;
  reason: string | null;
  details: string;
}

const ACTION_WORDS: Record<string, string> = {
  "client.created": "client created",
  "client.parent-set": "parent set",
  "rating.set": "rating set",
  "contract.recorded": "contract recorded",
  "ownership.imported": "existing ownership imported",
  "ownership.granted": "became Key Account owner",
  "ownership.released": "Key Account released",
  "claim.opened": "claim opened",
  "claim.approved": "claim approved",
  "claim.rejected": "claim rejected",
  "claim.expired": "claim expired",
  "revocation.opened": "revocation requested",
  "revocation.approved": "revocation approved",
  "revocation.rejected": "revocation rejected",
  "ownership.revoked": "Key Account revoked",
  "ownership.renewed": "renewed at review",
  "ownership.ended-at-review": "not renewed at review",
  "ownership.lapsed": "Key Account lapsed",
  "vote.cast": "voted",
  "vote.changed": "changed vote",
  "engagement.logged": "engagement logged",
};

/** The client's audit trail, newest first, in words. */
export async function clientHistory(services: Services, clientId: number, limit = 200): Promise<HistoryItem[]> {
  const items: HistoryItem[] = [];
  for await (const event of readAudit(services.db, { clientId })) {
    const d = event.data;
    const details = [
      d.decision ? String(d.decision).toLowerCase() : null,
      d.override ? "override" : null,
      d.owner ? `owner <@${d.owner}>` : null,
      d.criterion ? `${d.criterion} = ${d.value}` : null,
      d.score !== undefined ? `score ${d.score} (${d.verdict})` : null,
    ]
      .filter(Boolean)
      .join(", ");
    items.push({
      at: event.at,
      actor: event.actor,
      action: ACTION_WORDS[event.action] ?? event.action,
      reason: event.reason,
      details: event.claimId ? `claim #${event.claimId}${details ? `: ${details}` : ""}` : details,
    });
  }
  return items.reverse().slice(0, limit);
}

/**
 * Records an engagement credited to the person logging it. `requestKey` makes a
 * retried Slack request log it once.
 */
export async function logEngagement(
  services: Services,
  input: {
    clientId: number;
    client: string;
    recruiter: string;
    fee: string;
    date: string | null;
    kind: string | null;
    requestKey?: string;
  },
) {
  const now = services.clock();
  const { row, errors } = validateRecord("engagements", {
    client: input.client,
    fee: input.fee,
    date: input.date ?? dayjs(now).format("YYYY-MM-DD"),
    recruiter: input.recruiter,
    kind: input.kind ?? "",
    service_line: "General",
  });
  if (!row) throw new DomainError("INVALID_INPUT", errors.map((e) => e.message).join("; "));
  if (row.date.getTime() > now.getTime()) {
    throw new DomainError("INVALID_INPUT", "the date is in the future; log an engagement once it has happened");
  }
  const importKey = `slack:${input.requestKey ?? randomUUID()}`;
  await insertEngagements(
    services.db,
    [
      {
        importKey,
        clientId: input.clientId,
        date: row.date,
        feeCents: row.feeCents,
        recruiter: input.recruiter,
        kind: row.kind,
        serviceLine: row.serviceLine,
      },
    ],
    now,
  );
  await appendAudit(services.db.prisma, {
    actor: input.recruiter,
    action: "engagement.logged",
    at: now,
    clientId: input.clientId,
    data: { feeCents: row.feeCents, date: row.date, kind: row.kind },
  });
  return { feeCents: row.feeCents, date: row.date, kind: row.kind };
}

export async function addClient(services: Services, input: { name: string; parentId: number | null; actor: string }) {
  const name = input.name.trim();
  const { errors } = validateRecord("clients", { name });
  if (errors.length > 0) throw new DomainError("INVALID_INPUT", errors.map((e) => e.message).join("; "));
  const now = services.clock();
  try {
    return await services.db.prisma.$transaction(async (tx) => {
      const client = await tx.client.create({
        data: { name, normalizedName: stripLegalSuffix(name), parentId: input.parentId, createdAt: now },
      });
      await appendAudit(tx, {
        actor: input.actor,
        action: "client.created",
        at: now,
        clientId: client.id,
        data: { source: "slack" },
      });
      return client;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("INVALID_INPUT", `a client named ${name} already exists`);
    throw error;
  }
}

export function isManager(services: Services, user: string): boolean {
  return services.policy.policy.managers.includes(user);
}

export async function currentRatings(services: Services, clientId: number) {
  const rows = await services.db.prisma.rating.findMany({ where: { clientId } });
  const value = (criterion: string) => rows.find((r) => r.criterion === criterion)?.value ?? null;
  return {
    strategicImportance: value("strategicImportance"),
    longTermPotential: value("longTermPotential"),
    exclusivity: value("exclusivity"),
  };
}

export async function setRatings(
  services: Services,
  input: {
    clientId: number;
    actor: string;
    ratings: Record<"strategicImportance" | "longTermPotential" | "exclusivity", number | null>;
  },
) {
  if (!isManager(services, input.actor)) {
    throw new DomainError("NOT_MANAGER", "only the managers named in the policy may set ratings");
  }
  const now = services.clock();
  await services.db.prisma.$transaction(async (tx) => {
    for (const [criterion, value] of Object.entries(input.ratings)) {
      const key = { clientId_criterion: { clientId: input.clientId, criterion } };
      const current = await tx.rating.findUnique({ where: key });
      if (value === null) {
        if (current) await tx.rating.delete({ where: key });
      } else if (current?.value !== value) {
        await tx.rating.upsert({
          where: key,
          create: { clientId: input.clientId, criterion, value, setBy: input.actor, setAt: now },
          update: { value, setBy: input.actor, setAt: now },
        });
      } else continue;
      await appendAudit(tx, {
        actor: input.actor,
        action: "rating.set",
        at: now,
        clientId: input.clientId,
        data: { criterion, value, previous: current?.value ?? null },
      });
    }
  });
}

/** The owner gives up a Key Account: ownership ends now and the client is open again. */
export async function releaseAccount(services: Services, input: { clientId: number; owner: string }) {
  const now = services.clock();
  const policyVersion = services.policy.version;
  return services.db.prisma.$transaction(async (tx) => {
    const current = await tx.ownership.findUnique({ where: { currentFor: input.clientId }, include: { client: true } });
    if (!current || current.owner !== input.owner) {
      throw new DomainError("NOT_OWNER", "you do not own this client as a Key Account, so there is nothing to release");
    }
    await endOwnership(tx, current.id, now, "released");
    await appendAudit(tx, {
      actor: input.owner,
      action: "ownership.released",
      at: now,
      clientId: input.clientId,
      policyVersion,
      reason: "released by the owner",
      data: { owner: input.owner },
    });
    await enqueue(
      tx,
      [
        {
          key: `ownership:${current.id}:released`,
          kind: "dm",
          channel: input.owner,
          payload: { render: "text", text: `You released *${current.client.name}*; it is open again.` },
        },
      ],
      now,
    );
    return current.client.name;
  });
}

type Tx = Parameters<Parameters<Services["db"]["prisma"]["$transaction"]>[0]>[0];

/**
 * A manager's decision on a Key Account at its review, in one transaction: only
 * managers may decide, and only on an ownership that is still current. Returns the
 * client's name.
 */
async function atReview(
  services: Services,
  input: { ownershipId: number; manager: string },
  endedMessage: string,
  decide: (
    tx: Tx,
    ownership: { id: number; clientId: number; owner: string; client: { name: string } },
    now: Date,
  ) => Promise<void>,
): Promise<string> {
  if (!isManager(services, input.manager)) {
    throw new DomainError(
      "NOT_MANAGER",
      "only the managers named in the policy may renew or release Key Accounts at review",
    );
  }
  const now = services.clock();
  return services.db.prisma.$transaction(async (tx) => {
    const ownership = await tx.ownership.findUnique({ where: { id: input.ownershipId }, include: { client: true } });
    if (!ownership || ownership.currentFor === null) throw new DomainError("INVALID_INPUT", endedMessage);
    await decide(tx, ownership, now);
    return ownership.client.name;
  });
}

/** A manager renews a Key Account at its review: the next review is a full period away. */
export function renewReview(services: Services, input: { ownershipId: number; manager: string }): Promise<string> {
  return atReview(
    services,
    input,
    "that Key Account has already ended, so there is nothing to renew",
    async (tx, ownership, now) => {
      const reviewDueAt = nextReviewDate(now, services.policy.policy);
      await tx.ownership.update({ where: { id: ownership.id }, data: { reviewDueAt } });
      await appendAudit(tx, {
        actor: input.manager,
        action: "ownership.renewed",
        at: now,
        clientId: ownership.clientId,
        policyVersion: services.policy.version,
        data: { owner: ownership.owner, reviewDueAt },
      });
    },
  );
}

/** A manager does not renew a Key Account at its review: it ends now and the client is open again. */
export function endAtReview(services: Services, input: { ownershipId: number; manager: string }): Promise<string> {
  return atReview(services, input, "that Key Account has already ended", async (tx, ownership, now) => {
    await endOwnership(tx, ownership.id, now, "review-not-renewed");
    await appendAudit(tx, {
      actor: input.manager,
      action: "ownership.ended-at-review",
      at: now,
      clientId: ownership.clientId,
      policyVersion: services.policy.version,
      reason: "not renewed at review",
      data: { owner: ownership.owner },
    });
    await enqueue(
      tx,
      [
        {
          key: `ownership:${ownership.id}:ended-at-review`,
          kind: "dm",
          channel: ownership.owner,
          payload: {
            render: "text",
            text: `Your Key Account *${ownership.client.name}* was not renewed at its review; it is open again.`,
          },
        },
      ],
      now,
    );
  });
}
