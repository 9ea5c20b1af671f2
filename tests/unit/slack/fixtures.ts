import { expect } from "vitest";
import type { ResolvedOwner } from "../../../src/domain/ownership.js";
import { scoreClient } from "../../../src/domain/scoring.js";
import { EMPTY_STATS, type ScoringInput } from "../../../src/domain/types.js";
import { DEFAULT_POLICY } from "../../../src/policy/schema.js";
import type { ClientScore } from "../../../src/services/score.js";
import type { ClaimView, HistoryEntry, OwnedAccount } from "../../../src/slack/blocks/models.js";

export const NOW = new Date("2025-06-15T12:00:00Z");
export const INJECTION = "<!channel> <@U123|x> <http://evil.example|click me> & more";

const input = (overrides: Partial<ScoringInput> = {}): ScoringInput => ({
  client: { id: 7, name: "Northwind Logistics" },
  own: EMPTY_STATS,
  ancestors: [],
  ratings: { strategicImportance: null, longTermPotential: null, exclusivity: null },
  feedback12: { count: 0, mean: null },
  contracts: [],
  ...overrides,
});

/**
 * The forum thread's case: a subsidiary with no engagements of its own whose
 * parent had one placement 36 months ago; no ratings, no contract.
 */
export function forumScore(overrides: { name?: string; parent?: string; owner?: ResolvedOwner | null } = {}) {
  const parent = overrides.parent ?? "Northwind Holdings";
  const card = scoreClient(
    input({
      client: { id: 7, name: overrides.name ?? "Northwind Logistics" },
      ancestors: [
        {
          id: 3,
          name: parent,
          depth: 1,
          stats: { fees12Cents: 0, count12: 0, lastDate: new Date("2022-06-15T00:00:00Z"), serviceLines: [] },
        },
      ],
    }),
    DEFAULT_POLICY,
    NOW,
  );
  const score: ClientScore = {
    card,
    parent,
    owner: overrides.owner ?? null,
    ownerClient: overrides.owner?.via === "parent" ? parent : overrides.owner ? card.client : null,
    policyVersion: "a1b2c3d4",
    scoredAt: NOW,
  };
  return score;
}

/** A busy, well-rated client that qualifies as a Key Account. */
export function keyScore(id = 1, name = "Acme Labs", owner: ResolvedOwner | null = null): ClientScore {
  const card = scoreClient(
    input({
      client: { id, name },
      own: {
        fees12Cents: 6_000_000,
        count12: 5,
        lastDate: new Date("2025-05-01T00:00:00Z"),
        serviceLines: ["contract", "permanent", "temp"],
      },
      ratings: { strategicImportance: 4, longTermPotential: 5, exclusivity: 3 },
      feedback12: { count: 3, mean: 4.5 },
    }),
    DEFAULT_POLICY,
    NOW,
  );
  return { card, parent: null, owner, ownerClient: owner ? name : null, policyVersion: "a1b2c3d4", scoredAt: NOW };
}

export const ownedBy = (owner: string, via: "self" | "parent" = "self", ownerClientId = 1): ResolvedOwner => ({
  owner,
  since: new Date("2024-01-02T10:00:00Z"),
  reviewDueAt: new Date("2025-01-02T10:00:00Z"),
  ownerClientId,
  via,
});

export function claimView(overrides: Partial<ClaimView> = {}): ClaimView {
  return {
    id: 42,
    kind: "claim",
    clientId: 7,
    client: "Northwind Logistics",
    claimant: "U0CLAIMANT",
    reason: "I placed their ops lead last month and they asked me for two more roles.",
    status: "PENDING",
    score: 3,
    verdict: "NOT_KEY",
    verdictReasons: ["no engagement in 24 months (the last one was 36 months ago, at Northwind Holdings)"],
    disputedOwner: null,
    tally: { approvals: 0, rejections: 0, needed: 2, waitingOn: ["U1", "U2"] },
    votes: [],
    createdAt: NOW,
    expiresAt: new Date("2025-06-22T12:00:00Z"),
    decidedAt: null,
    decisionNote: null,
    policyVersion: "a1b2c3d4",
    ...overrides,
  };
}

export function ownedAccount(client: string, warn = false): OwnedAccount {
  return {
    client,
    since: new Date("2024-01-02T10:00:00Z"),
    reviewDueAt: new Date("2025-09-01T10:00:00Z"),
    lapse: { lapsesAt: new Date("2025-07-01T10:00:00Z"), reason: "inactivity", warn, daysLeft: 16 },
  };
}

export function historyEntry(i: number): HistoryEntry {
  return {
    at: new Date(NOW.getTime() - i * 3_600_000),
    actor: i % 2 === 0 ? "U0MANAGER" : "system",
    action: "vote recorded",
    reason: i % 3 === 0 ? `reason ${i}` : null,
    details: `claim #${i}`,
  };
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every text object in a block tree, with its type. */
export function textObjects(value: unknown): Array<{ type: "mrkdwn" | "plain_text"; text: string }> {
  const found: Array<{ type: "mrkdwn" | "plain_text"; text: string }> = [];
  const walk = (node: Json) => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
    } else if (node !== null && typeof node === "object") {
      if ((node.type === "mrkdwn" || node.type === "plain_text") && typeof node.text === "string") {
        found.push({ type: node.type, text: node.text });
      }
      for (const child of Object.values(node)) walk(child);
    }
  };
  walk(JSON.parse(JSON.stringify(value)) as Json);
  return found;
}

/** All mrkdwn in the blocks, one string. */
export const mrkdwnOf = (value: unknown): string =>
  textObjects(value)
    .filter((t) => t.type === "mrkdwn")
    .map((t) => t.text)
    .join("\n");

interface AnyBlockJson {
  type: string;
  block_id?: string;
  text?: { type: string; text: string };
  elements?: Array<{ type: string; action_id?: string; text?: { text: string }; value?: string }>;
  accessory?: { type: string; action_id?: string; text?: { text: string }; value?: string };
}

/** Slack's limits, checked on a message's or view's blocks. */
export function expectWithinSlackLimits(blocks: readonly unknown[], maxBlocks: number): void {
  expect(blocks.length).toBeGreaterThan(0);
  expect(blocks.length).toBeLessThanOrEqual(maxBlocks);
  const blockIds = new Set<string>();
  for (const raw of blocks as AnyBlockJson[]) {
    if (raw.block_id !== undefined) {
      expect(blockIds.has(raw.block_id), `duplicate block_id ${raw.block_id}`).toBe(false);
      blockIds.add(raw.block_id);
    }
    if (raw.type === "section" && raw.text) {
      expect(raw.text.text.length).toBeGreaterThan(0);
      expect(raw.text.text.length).toBeLessThanOrEqual(3000);
    }
    if (raw.type === "header" && raw.text) expect(raw.text.text.length).toBeLessThanOrEqual(150);
    if (raw.type === "context") expect(raw.elements?.length ?? 0).toBeLessThanOrEqual(10);
    const elements = [
      ...(raw.type === "actions" ? (raw.elements ?? []) : []),
      ...(raw.accessory ? [raw.accessory] : []),
    ];
    const actionIds = elements.map((e) => e.action_id);
    expect(new Set(actionIds).size, "action_id repeated within a block").toBe(actionIds.length);
    for (const element of elements) {
      if (element.type !== "button") continue;
      expect(element.text?.text.length ?? 0).toBeLessThanOrEqual(75);
      expect(element.value?.length ?? 0).toBeLessThanOrEqual(2000);
    }
  }
  for (const text of textObjects(blocks)) {
    expect(text.text.length).toBeGreaterThan(0);
    expect(text.text.length).toBeLessThanOrEqual(3000);
    if (text.type === "mrkdwn") expectWellFormedMrkdwn(text.text);
  }
}

/** Every `&` starts an entity and every `<…>` is markup we made: a mention, channel or http(s) link. */
export function expectWellFormedMrkdwn(text: string): void {
  expect(text, "bare & in mrkdwn").not.toMatch(/&(?!amp;|lt;|gt;)/);
  for (const match of text.matchAll(/<([^>]*)>?/g)) {
    expect(match[0], "markup we did not make").toMatch(
      /^<(@[UW][A-Z0-9]+|#[CG][A-Z0-9]+|https?:\/\/[^\s<>|]+\|[^<>]+)>$/,
    );
  }
}

/** No user-typed markup survives into mrkdwn: no broadcast, no forged mention, no forged link. */
export function expectInert(value: unknown): void {
  const mrkdwn = mrkdwnOf(value);
  expect(mrkdwn).not.toContain("<!channel>");
  expect(mrkdwn).not.toContain("<@U123|x>");
  expect(mrkdwn).not.toContain("<http://evil.example");
}
