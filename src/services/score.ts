import dayjs from "dayjs";
import { type ClientFacts, loadAllClientFacts, loadClientFacts } from "../db/repositories/scoring-facts.js";
import type { ResolvedOwner } from "../domain/ownership.js";
import { scoreClient } from "../domain/scoring.js";
import type { ScoreCard, Verdict } from "../domain/types.js";
import type { Services } from "./context.js";

/** A score card with who owns the client: what `/keyaccount <client>` and `keyholder score` show. */
export interface ClientScore {
  card: ScoreCard;
  parent: string | null;
  owner: ResolvedOwner | null;
  ownerClient: string | null;
  policyVersion: string;
  scoredAt: Date;
}

function toClientScore(facts: ClientFacts, names: Map<number, string>, services: Services, now: Date): ClientScore {
  const card = scoreClient(facts.input, services.policy.policy, now);
  return {
    card,
    parent: facts.parentId === null ? null : (names.get(facts.parentId) ?? null),
    owner: facts.owner,
    ownerClient: facts.owner ? (names.get(facts.owner.ownerClientId) ?? null) : null,
    policyVersion: services.policy.version,
    scoredAt: now,
  };
}

export async function scoreOne(services: Services, clientId: number): Promise<ClientScore | null> {
  const now = services.clock();
  const facts = await loadClientFacts(services.db, clientId, services.policy.policy, now);
  if (!facts) return null;
  const names = new Map([facts.input.client, ...facts.input.ancestors].map((c) => [c.id, c.name]));
  return toClientScore(facts, names, services, now);
}

const VERDICT_ORDER: Record<Verdict, number> = { KEY: 0, BORDERLINE: 1, NOT_KEY: 2 };

/** Every client, best first (score, then name). */
export async function scoreAll(services: Services): Promise<ClientScore[]> {
  const now = services.clock();
  const all = await loadAllClientFacts(services.db, services.policy.policy, now);
  const names = new Map(all.map((f) => [f.input.client.id, f.input.client.name]));
  const scores: ClientScore[] = [];
  for (const [i, facts] of all.entries()) {
    scores.push(toClientScore(facts, names, services, now));
    // Scoring thousands of clients takes a while: let requests waiting on the same process in between.
    if (i % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((resolve) => setImmediate(resolve));
  }
  return scores.sort(
    (a, b) =>
      b.card.score - a.card.score ||
      VERDICT_ORDER[a.card.verdict] - VERDICT_ORDER[b.card.verdict] ||
      byName.compare(a.card.client, b.card.client),
  );
}

const YIELD_EVERY = 500;
const byName = new Intl.Collator("en");

/** The JSON shape of a score card, the CLI's `--json` contract. */
export function scoreToJson(score: ClientScore) {
  const { card, owner } = score;
  return {
    client: card.client,
    score: card.score,
    verdict: card.verdict,
    reasons: card.reasons,
    owner: owner
      ? {
          user: owner.owner,
          since: dayjs(owner.since).format("YYYY-MM-DD"),
          reviewDue: dayjs(owner.reviewDueAt).format("YYYY-MM-DD"),
          via: owner.via,
          ...(owner.via === "parent" ? { viaClient: score.ownerClient } : {}),
        }
      : null,
    parent: score.parent,
    criteria: card.criteria.map((c) => ({
      key: c.key,
      points: c.points,
      max: c.max,
      known: c.known,
      explanation: c.explanation,
      ...(c.fromAncestors ? { fromAncestors: Number(c.fromAncestors.toFixed(3)) } : {}),
    })),
    completeness: card.completeness,
    activityGate: card.activityGate,
    lastEngagement: card.lastEngagement
      ? {
          date: dayjs(card.lastEngagement.date).format("YYYY-MM-DD"),
          client: card.lastEngagement.clientName,
          own: card.lastEngagement.ownEngagement,
        }
      : null,
    policyVersion: score.policyVersion,
    scoredAt: score.scoredAt.toISOString(),
  };
}
