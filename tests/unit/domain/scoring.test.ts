import { describe, expect, it } from "vitest";
import { formatMoney, scoreClient, summariseEngagements } from "../../../src/domain/scoring.js";
import {
  type ContractFacts,
  type CriterionResult,
  EMPTY_STATS,
  type EngagementStats,
  type ScoreCard,
  type ScoringInput,
} from "../../../src/domain/types.js";
import { type CriterionKey, DEFAULT_POLICY, type Policy, policySchema } from "../../../src/policy/schema.js";

const NOW = new Date("2025-06-15T12:00:00Z");

/** Engagement stats written by hand: fees in major units, last engagement as an ISO date. */
const stats = (s: { fees?: number; count?: number; last?: string; lines?: string[] }): EngagementStats => ({
  fees12Cents: (s.fees ?? 0) * 100,
  count12: s.count ?? 0,
  lastDate: s.last === undefined ? null : new Date(s.last),
  serviceLines: s.lines ?? [],
});

const input = (overrides: Partial<ScoringInput> = {}): ScoringInput => ({
  client: { id: 1, name: "Acme Labs" },
  own: EMPTY_STATS,
  ancestors: [],
  ratings: { strategicImportance: null, longTermPotential: null, exclusivity: null },
  feedback12: { count: 0, mean: null },
  contracts: [],
  ...overrides,
});

const ratings = (strategicImportance: number | null, longTermPotential: number | null, exclusivity: number | null) => ({
  strategicImportance,
  longTermPotential,
  exclusivity,
});

const contract = (start: string, end: string | null, exclusive = false): ContractFacts => ({
  start: new Date(start),
  end: end === null ? null : new Date(end),
  exclusive,
});

const criterion = (card: ScoreCard, key: CriterionKey): CriterionResult => {
  const found = card.criteria.find((c) => c.key === key);
  if (!found) throw new Error(`criterion ${key} missing from the card`);
  return found;
};

const policyWith = (overrides: Record<string, unknown>): Policy => policySchema.parse(overrides);

describe("formatMoney", () => {
  it("shows whole amounts in major units with thousands separators and a dollar sign", () => {
    expect(formatMoney(1_200_000)).toBe("$12,000");
    expect(formatMoney(5_000_000)).toBe("$50,000");
    expect(formatMoney(99_999_999_900)).toBe("$999,999,999");
    expect(formatMoney(0)).toBe("$0");
  });

  it("shows cents only when the amount has them", () => {
    expect(formatMoney(123_456_789)).toBe("$1,234,567.89");
    expect(formatMoney(5)).toBe("$0.05");
    expect(formatMoney(150.4)).toBe("$1.50");
  });

  it("puts the sign of a negative amount before the dollar sign", () => {
    expect(formatMoney(-300_000)).toBe("-$3,000");
  });
});

describe("summariseEngagements", () => {
  const row = (date: string, fee: number, serviceLine: string) => ({
    date: new Date(date),
    feeCents: fee,
    serviceLine,
  });

  it("gives empty stats when there are no engagements", () => {
    expect(summariseEngagements([], DEFAULT_POLICY, NOW)).toEqual(EMPTY_STATS);
  });

  it("ignores engagements dated after now", () => {
    const rows = [row("2025-06-15T12:00:01Z", 999_999, "executive"), row("2026-01-01T00:00:00Z", 500_000, "temp")];
    expect(summariseEngagements(rows, DEFAULT_POLICY, NOW)).toEqual(EMPTY_STATS);
  });

  it("counts the trailing 12 months as (now − 12 months, now] and service lines over the activity window", () => {
    const rows = [
      row("2025-06-15T12:00:00Z", 100_000, "permanent"), // exactly now: counted
      row("2025-06-16T00:00:00Z", 999_999, "future"), // after now: ignored
      row("2024-06-15T12:00:01Z", 20_000, "contract"), // just inside 12 months
      row("2024-06-15T12:00:00Z", 50_000, "temp"), // exactly 12 months ago: outside, but inside 24
      row("2023-06-16T00:00:00Z", 70_000, "executive"), // inside 24 months
      row("2023-06-15T12:00:00Z", 80_000, "legacy"), // exactly 24 months ago: outside
    ];
    expect(summariseEngagements(rows, DEFAULT_POLICY, NOW)).toEqual({
      fees12Cents: 120_000,
      count12: 2,
      lastDate: new Date("2025-06-15T12:00:00Z"),
      serviceLines: ["contract", "executive", "permanent", "temp"],
    });
  });

  it("reports the latest engagement even when it is older than every window", () => {
    const rows = [row("2019-03-01T00:00:00Z", 10_000, "temp"), row("2020-05-01T00:00:00Z", 10_000, "temp")];
    expect(summariseEngagements(rows, DEFAULT_POLICY, NOW)).toEqual({
      fees12Cents: 0,
      count12: 0,
      lastDate: new Date("2020-05-01T00:00:00Z"),
      serviceLines: [],
    });
  });

  it("follows the policy's activity window for service lines", () => {
    const rows = [row("2024-12-01T00:00:00Z", 10_000, "temp"), row("2025-01-01T00:00:00Z", 10_000, "permanent")];
    const sixMonths = policyWith({ activityWindowMonths: 6 });
    expect(summariseEngagements(rows, sixMonths, NOW).serviceLines).toEqual(["permanent"]);
  });
});

describe("scoreClient", () => {
  describe("a client with no engagements anywhere", () => {
    const card = scoreClient(input(), DEFAULT_POLICY, NOW);

    it("scores 0 and fails the activity gate with the bare reason", () => {
      expect(card.score).toBe(0);
      expect(card.verdict).toBe("NOT_KEY");
      expect(card.activityGate).toEqual({ passed: false, monthsSinceLast: null, windowMonths: 24 });
      expect(card.reasons[0]).toBe("no engagement in 24 months");
      expect(card.lastEngagement).toBeNull();
    });

    it("explains the objective criteria with zeros", () => {
      expect(criterion(card, "revenue").explanation).toBe("Revenue: $0 of $50,000 in the last 12 months → 0/25");
      expect(criterion(card, "frequency").explanation).toBe(
        "Frequency: 0 engagements in the last 12 months, target 4 → 0/15",
      );
      expect(criterion(card, "recency").explanation).toBe("Recency: no engagement on record → 0/10");
      expect(criterion(card, "crossSelling").explanation).toBe(
        "Cross-selling: 0 of 3 service lines in the last 24 months → 0/10",
      );
    });
  });

  it("explains revenue with the numbers behind it: $12,000 of $50,000 → 6/25", () => {
    const card = scoreClient(
      input({ own: stats({ fees: 12_000, count: 2, last: "2025-05-01T00:00:00Z" }) }),
      DEFAULT_POLICY,
      NOW,
    );
    const revenue = criterion(card, "revenue");
    expect(revenue.explanation).toBe("Revenue: $12,000 of $50,000 in the last 12 months → 6/25");
    expect(revenue.subScore).toBeCloseTo(0.24, 10);
    expect(revenue.points).toBe(6);
    expect(revenue.fromAncestors).toBe(0);
  });

  describe("the forum case: a subsidiary whose parent had one placement 36 months ago", () => {
    const parentRows = [{ date: new Date("2022-06-15T12:00:00Z"), feeCents: 1_800_000, serviceLine: "permanent" }];
    const card = scoreClient(
      input({
        client: { id: 7, name: "Acme Labs" },
        ancestors: [
          { id: 3, name: "Acme Group", depth: 1, stats: summariseEngagements(parentRows, DEFAULT_POLICY, NOW) },
        ],
      }),
      DEFAULT_POLICY,
      NOW,
    );

    it("is NOT_KEY because the activity gate fails", () => {
      expect(card.verdict).toBe("NOT_KEY");
      expect(card.activityGate).toEqual({ passed: false, monthsSinceLast: 36, windowMonths: 24 });
      expect(card.reasons[0]?.startsWith("no engagement in 24 months")).toBe(true);
      expect(card.reasons[0]).toBe("no engagement in 24 months (the last one was 36 months ago, at Acme Group)");
    });

    it("gets recency 0.5 × 0.125 = 0.0625 from the parent and nothing else from engagements", () => {
      const recency = criterion(card, "recency");
      expect(recency.subScore).toBeCloseTo(0.0625, 10);
      expect(recency.points).toBe(0.6);
      expect(recency.fromAncestors).toBe(1);
      expect(recency.explanation).toBe(
        "Recency: last engagement 36 months ago at parent Acme Group (counted at ×0.5), half-life 12 months → 0.6/10",
      );
      expect(criterion(card, "revenue").subScore).toBe(0);
      expect(criterion(card, "frequency").subScore).toBe(0);
      expect(criterion(card, "crossSelling").subScore).toBe(0);
    });

    it("scores round(10 × 0.0625) = 1 and says the score is below the threshold", () => {
      expect(card.score).toBe(1);
      expect(card.reasons).toContain("score 1 is below the Key Account threshold of 60");
    });

    it("shows that ratings and feedback are unknown and that the low score may come from missing data", () => {
      expect(card.completeness).toEqual({ known: 5, total: 9 });
      const unknown = card.criteria.filter((c) => !c.known).map((c) => c.key);
      expect(unknown).toEqual(["strategicImportance", "longTermPotential", "exclusivity", "feedback"]);
      expect(card.reasons).toContain(
        "only 5 of 9 criteria have data (unknown: strategic importance, long-term potential, exclusivity / competitive advantage, feedback & satisfaction), so the low score may come from missing data",
      );
      expect(criterion(card, "contract")).toMatchObject({ known: true, points: 0 });
    });

    it("names the parent's engagement as the last one", () => {
      expect(card.lastEngagement).toEqual({
        date: new Date("2022-06-15T12:00:00Z"),
        clientName: "Acme Group",
        ownEngagement: false,
      });
    });
  });

  describe("a strong regular client", () => {
    // $80k over 6 placements, last one a month ago, 3 service lines, ratings 4/5/4,
    // feedback mean 4.6, a contract running to 2027.
    const card = scoreClient(
      input({
        own: stats({ fees: 80_000, count: 6, last: "2025-05-15T12:00:00Z", lines: ["contract", "permanent", "temp"] }),
        ratings: ratings(4, 5, 4),
        feedback12: { count: 5, mean: 4.6 },
        contracts: [contract("2024-01-01T00:00:00Z", "2027-01-01T00:00:00Z")],
      }),
      DEFAULT_POLICY,
      NOW,
    );

    it("is KEY with 25 + 15 + 9.44 + 8 + 10 + 10 + 4 + 9 + 5 ≈ 95", () => {
      expect(card.score).toBe(95);
      expect(card.verdict).toBe("KEY");
      expect(card.reasons).toEqual(["score 95 meets the Key Account threshold of 60"]);
      expect(card.completeness).toEqual({ known: 9, total: 9 });
    });

    it("caps revenue and frequency at full points", () => {
      expect(criterion(card, "revenue").explanation).toBe("Revenue: $80,000 of $50,000 in the last 12 months → 25/25");
      expect(criterion(card, "frequency").explanation).toBe(
        "Frequency: 6 engagements in the last 12 months, target 4 → 15/15",
      );
    });

    it("explains every criterion with its points", () => {
      expect(card.criteria.map((c) => [c.key, c.points, c.max])).toEqual([
        ["revenue", 25, 25],
        ["frequency", 15, 15],
        ["recency", 9.4, 10], // 10 × 0.5^(1/12) = 9.439
        ["strategicImportance", 8, 10],
        ["longTermPotential", 10, 10],
        ["crossSelling", 10, 10],
        ["exclusivity", 4, 5],
        ["feedback", 9, 10], // (4.6 − 1) / 4 = 0.9
        ["contract", 5, 5],
      ]);
      expect(criterion(card, "recency").explanation).toBe(
        "Recency: last engagement 1 month ago, half-life 12 months → 9.4/10",
      );
      expect(criterion(card, "strategicImportance").explanation).toBe("Strategic importance: rated 4 of 5 → 8/10");
      expect(criterion(card, "crossSelling").explanation).toBe(
        "Cross-selling: 3 of 3 service lines in the last 24 months: contract, permanent, temp → 10/10",
      );
      expect(criterion(card, "exclusivity").explanation).toBe(
        "Exclusivity / competitive advantage: rated 4 of 5 → 4/5",
      );
      expect(criterion(card, "feedback").explanation).toBe(
        "Feedback & satisfaction: mean 4.6 of 5 from 5 ratings in the last 12 months → 9/10",
      );
      expect(criterion(card, "contract").explanation).toBe(
        "Contractual agreements: active contract until 2027-01-01 (12 months or more to run) → 5/5",
      );
    });

    it("names its own engagement as the last one", () => {
      expect(card.lastEngagement).toEqual({
        date: new Date("2025-05-15T12:00:00Z"),
        clientName: "Acme Labs",
        ownEngagement: true,
      });
      expect(card.activityGate.passed).toBe(true);
    });
  });

  describe("a borderline client", () => {
    // 12.5 + 7.5 + 10 + 6 + 6 + 6.67 + 2 + 5 + 0 = 55.67
    const card = scoreClient(
      input({
        own: stats({ fees: 25_000, count: 2, last: "2025-06-15T12:00:00Z", lines: ["contract", "permanent"] }),
        ratings: ratings(3, 3, 2),
        feedback12: { count: 2, mean: 3 },
      }),
      DEFAULT_POLICY,
      NOW,
    );

    it("is BORDERLINE with score 56 and says it is within the band", () => {
      expect(card.score).toBe(56);
      expect(card.verdict).toBe("BORDERLINE");
      expect(card.reasons).toEqual([
        "score 56 is below the Key Account threshold of 60 but within the borderline band of 10 points",
      ]);
    });

    it("rounds points to one decimal in the explanation", () => {
      expect(criterion(card, "frequency").explanation).toBe(
        "Frequency: 2 engagements in the last 12 months, target 4 → 7.5/15",
      );
      expect(criterion(card, "revenue").points).toBe(12.5);
      expect(criterion(card, "crossSelling").points).toBe(6.7);
      expect(criterion(card, "crossSelling").explanation).toBe(
        "Cross-selling: 2 of 3 service lines in the last 24 months: contract, permanent → 6.7/10",
      );
      expect(criterion(card, "feedback").points).toBe(5);
      expect(criterion(card, "contract").explanation).toBe("Contractual agreements: no active contract → 0/5");
    });
  });

  it("gives NOT_KEY below the band with the score in the reason", () => {
    // 10 + 15 + 10 + 2 + 2 + 3.33 + 0 + 0 + 0 = 42.33
    const card = scoreClient(
      input({
        own: stats({ fees: 20_000, count: 4, last: "2025-06-15T12:00:00Z", lines: ["temp"] }),
        ratings: ratings(1, 1, 0),
        feedback12: { count: 1, mean: 1 },
      }),
      DEFAULT_POLICY,
      NOW,
    );
    expect(card.score).toBe(42);
    expect(card.verdict).toBe("NOT_KEY");
    expect(card.reasons).toEqual(["score 42 is below the Key Account threshold of 60"]);
    expect(card.completeness).toEqual({ known: 9, total: 9 });
  });

  describe("verdict boundaries", () => {
    const atScore = (fees: number) =>
      scoreClient(
        input({
          own: stats({ fees, count: 4, last: "2025-06-15T12:00:00Z", lines: ["contract", "permanent", "temp"] }),
          ratings: ratings(0, 0, 0),
          feedback12: { count: 1, mean: 1 },
        }),
        DEFAULT_POLICY,
        NOW,
      );

    it("is KEY at exactly the threshold (25 + 15 + 10 + 10 = 60)", () => {
      const card = atScore(50_000);
      expect(card.score).toBe(60);
      expect(card.verdict).toBe("KEY");
    });

    it("is BORDERLINE at exactly threshold − band (15 + 15 + 10 + 10 = 50)", () => {
      const card = atScore(30_000);
      expect(card.score).toBe(50);
      expect(card.verdict).toBe("BORDERLINE");
    });

    it("is NOT_KEY just below the band (14 + 15 + 10 + 10 = 49)", () => {
      const card = atScore(28_000);
      expect(card.score).toBe(49);
      expect(card.verdict).toBe("NOT_KEY");
    });
  });

  describe("the activity gate", () => {
    const withLast = (last: string) =>
      scoreClient(input({ own: stats({ last, lines: [] }) }), DEFAULT_POLICY, NOW).activityGate;

    it("passes with the last engagement exactly 24 months ago", () => {
      expect(withLast("2023-06-15T12:00:00Z")).toEqual({ passed: true, monthsSinceLast: 24, windowMonths: 24 });
    });

    it("fails a day later", () => {
      expect(withLast("2023-06-14T12:00:00Z").passed).toBe(false);
    });

    it("counts an ancestor's engagement", () => {
      const card = scoreClient(
        input({ ancestors: [{ id: 2, name: "Parent Co", depth: 1, stats: stats({ last: "2025-01-15T12:00:00Z" }) }] }),
        DEFAULT_POLICY,
        NOW,
      );
      expect(card.activityGate).toEqual({ passed: true, monthsSinceLast: 5, windowMonths: 24 });
    });

    it("makes a high score NOT_KEY and says so", () => {
      // Only the manual ratings carry weight, so the score is 100 without recent work.
      const ratingsOnly = policyWith({
        weights: {
          revenue: 0,
          frequency: 0,
          recency: 0,
          strategicImportance: 50,
          longTermPotential: 50,
          crossSelling: 0,
          exclusivity: 0,
          feedback: 0,
          contract: 0,
        },
      });
      const card = scoreClient(
        input({ own: stats({ last: "2022-12-15T12:00:00Z" }), ratings: ratings(5, 5, null) }),
        ratingsOnly,
        NOW,
      );
      expect(card.score).toBe(100);
      expect(card.verdict).toBe("NOT_KEY");
      expect(card.reasons).toEqual([
        "no engagement in 24 months (the last one was 30 months ago)",
        "score 100 meets the Key Account threshold of 60, but the activity gate fails",
      ]);
    });
  });

  it("lists a criterion with zero weight with 0 points out of 0", () => {
    const noRevenue = policyWith({
      weights: {
        revenue: 0,
        frequency: 40,
        recency: 10,
        strategicImportance: 10,
        longTermPotential: 10,
        crossSelling: 10,
        exclusivity: 5,
        feedback: 10,
        contract: 5,
      },
    });
    const card = scoreClient(
      input({ own: stats({ fees: 50_000, count: 2, last: "2025-06-15T12:00:00Z" }) }),
      noRevenue,
      NOW,
    );
    const revenue = criterion(card, "revenue");
    expect(card.criteria).toHaveLength(9);
    expect(revenue).toMatchObject({ points: 0, max: 0, subScore: 1, known: true });
    expect(revenue.explanation).toBe("Revenue: $50,000 of $50,000 in the last 12 months → 0/0");
    // 40 × 0.5 + 10 × 1 = 30
    expect(card.score).toBe(30);
  });

  describe("subsidiaries", () => {
    it("counts a parent's revenue at half and says how much came from it", () => {
      const card = scoreClient(
        input({
          own: stats({ fees: 9_000, count: 1, last: "2025-04-01T00:00:00Z" }),
          ancestors: [{ id: 3, name: "Acme Group", depth: 1, stats: stats({ fees: 6_000, count: 1 }) }],
        }),
        DEFAULT_POLICY,
        NOW,
      );
      const revenue = criterion(card, "revenue");
      // $9,000 + 0.5 × $6,000 = $12,000 → 0.24 → 6 points; the parent's $3,000 is a quarter.
      expect(revenue.explanation).toBe(
        "Revenue: $12,000 of $50,000 in the last 12 months (of which $3,000 weighted from parent Acme Group) → 6/25",
      );
      expect(revenue.fromAncestors).toBeCloseTo(0.25, 10);
      const frequency = criterion(card, "frequency");
      // 1 + 0.5 = 1.5 engagements of 4 → 5.625 points
      expect(frequency.explanation).toBe(
        "Frequency: 1.5 engagements in the last 12 months, target 4 (of which 0.5 weighted from parent Acme Group) → 5.6/15",
      );
      expect(frequency.fromAncestors).toBeCloseTo(1 / 3, 10);
    });

    describe("a deep chain compounds the parent weight per level: 0.5, 0.25, 0.125", () => {
      const ancestorStats = (lines: string[]) => stats({ fees: 8_000, count: 1, last: "2024-12-15T12:00:00Z", lines });
      const card = scoreClient(
        input({
          client: { id: 10, name: "Acme Labs Berlin" },
          ancestors: [
            { id: 9, name: "Acme Labs", depth: 1, stats: ancestorStats(["permanent"]) },
            { id: 8, name: "Acme Group", depth: 2, stats: ancestorStats(["temp"]) },
            { id: 7, name: "Acme Holding", depth: 3, stats: ancestorStats(["contract", "permanent"]) },
          ],
        }),
        DEFAULT_POLICY,
        NOW,
      );

      it("weights revenue $4,000 + $2,000 + $1,000", () => {
        const revenue = criterion(card, "revenue");
        expect(revenue.explanation).toBe(
          "Revenue: $7,000 of $50,000 in the last 12 months (of which $7,000 weighted from parent Acme Labs, grandparent Acme Group and ancestor Acme Holding (3 levels up)) → 3.5/25",
        );
        expect(revenue.subScore).toBeCloseTo(0.14, 10);
        expect(revenue.fromAncestors).toBe(1);
      });

      it("weights frequency 0.5 + 0.25 + 0.125 = 0.875 engagements", () => {
        const frequency = criterion(card, "frequency");
        expect(frequency.subScore).toBeCloseTo(0.21875, 10);
        expect(frequency.points).toBe(3.3);
      });

      it("takes recency from the source with the highest weighted value: the parent, 0.5 × 0.5^0.5", () => {
        const recency = criterion(card, "recency");
        expect(recency.subScore).toBeCloseTo(0.353553, 5);
        expect(recency.points).toBe(3.5);
        expect(recency.explanation).toBe(
          "Recency: last engagement 6 months ago at parent Acme Labs (counted at ×0.5), half-life 12 months → 3.5/10",
        );
      });

      it("counts each service line once, at the highest weight it appears with", () => {
        // permanent 0.5 (parent, not the holding's 0.125), temp 0.25, contract 0.125 → 0.875 of 3
        const crossSelling = criterion(card, "crossSelling");
        expect(crossSelling.subScore).toBeCloseTo(0.875 / 3, 10);
        expect(crossSelling.points).toBe(2.9);
        expect(crossSelling.fromAncestors).toBe(1);
      });

      it("scores 3.5 + 3.28 + 3.54 + 2.92 = 13.24 → 13, gate passed, NOT_KEY", () => {
        expect(card.score).toBe(13);
        expect(card.verdict).toBe("NOT_KEY");
        expect(card.activityGate.passed).toBe(true);
      });
    });

    it("prefers a service line's own weight over an ancestor's", () => {
      const card = scoreClient(
        input({
          own: stats({ count: 1, last: "2025-06-01T00:00:00Z", lines: ["permanent"] }),
          ancestors: [
            { id: 2, name: "Parent", depth: 1, stats: stats({ lines: ["permanent", "temp"] }) },
            { id: 3, name: "Grandparent", depth: 2, stats: stats({ lines: ["contract", "temp"] }) },
          ],
        }),
        DEFAULT_POLICY,
        NOW,
      );
      const crossSelling = criterion(card, "crossSelling");
      // permanent 1, temp 0.5, contract 0.25 → 1.75 of 3 → 5.83 points; ancestors gave 0.75 of 1.75
      expect(crossSelling.subScore).toBeCloseTo(1.75 / 3, 10);
      expect(crossSelling.fromAncestors).toBeCloseTo(0.75 / 1.75, 10);
      expect(crossSelling.explanation).toBe(
        "Cross-selling: 1.75 of 3 service lines in the last 24 months: contract, permanent, temp (of which 0.75 weighted from parent Parent and grandparent Grandparent) → 5.8/10",
      );
    });

    it("takes recency from its own engagement when that beats the parent's weighted one", () => {
      const card = scoreClient(
        input({
          own: stats({ last: "2025-06-15T12:00:00Z" }),
          ancestors: [{ id: 2, name: "Parent", depth: 1, stats: stats({ last: "2025-06-15T12:00:00Z" }) }],
        }),
        DEFAULT_POLICY,
        NOW,
      );
      expect(criterion(card, "recency")).toMatchObject({ subScore: 1, fromAncestors: 0, points: 10 });
    });

    it("names a later ancestor engagement as the last engagement", () => {
      const card = scoreClient(
        input({
          own: stats({ last: "2024-01-01T00:00:00Z" }),
          ancestors: [{ id: 2, name: "Parent", depth: 1, stats: stats({ last: "2025-03-01T00:00:00Z" }) }],
        }),
        DEFAULT_POLICY,
        NOW,
      );
      expect(card.lastEngagement).toEqual({
        date: new Date("2025-03-01T00:00:00Z"),
        clientName: "Parent",
        ownEngagement: false,
      });
    });

    it("ignores ancestors' engagements in the objective criteria when parentWeight is 0", () => {
      const card = scoreClient(
        input({
          ancestors: [
            { id: 2, name: "Parent", depth: 1, stats: stats({ fees: 50_000, count: 4, last: "2025-06-01T00:00:00Z" }) },
          ],
        }),
        policyWith({ parentWeight: 0 }),
        NOW,
      );
      expect(criterion(card, "revenue")).toMatchObject({ subScore: 0, fromAncestors: 0 });
      expect(criterion(card, "recency")).toMatchObject({ subScore: 0, fromAncestors: 0 });
      expect(card.score).toBe(0);
    });
  });

  describe("manual and contract criteria", () => {
    const score = (overrides: Partial<ScoringInput>) => scoreClient(input(overrides), DEFAULT_POLICY, NOW);

    it("gives exclusivity full points for an active exclusive contract, whatever the rating", () => {
      const card = score({
        ratings: ratings(null, null, 1),
        contracts: [contract("2025-01-01T00:00:00Z", null, true)],
      });
      expect(criterion(card, "exclusivity")).toMatchObject({ subScore: 1, points: 5, known: true });
      expect(criterion(card, "exclusivity").explanation).toBe(
        "Exclusivity / competitive advantage: active exclusive contract (open-ended) → 5/5",
      );
    });

    it("falls back to the exclusivity rating when the exclusive contract has ended or not started", () => {
      const card = score({
        ratings: ratings(null, null, 3),
        contracts: [
          contract("2023-01-01T00:00:00Z", "2025-06-01T00:00:00Z", true),
          contract("2025-07-01T00:00:00Z", null, true),
        ],
      });
      expect(criterion(card, "exclusivity")).toMatchObject({ subScore: 0.6, points: 3, known: true });
    });

    it("marks exclusivity unknown with neither rating nor active exclusive contract", () => {
      const card = score({ contracts: [contract("2025-01-01T00:00:00Z", null, false)] });
      expect(criterion(card, "exclusivity")).toMatchObject({ subScore: 0, points: 0, known: false });
    });

    it("marks a rating of 0 as known, and a missing rating as unknown", () => {
      const card = score({ ratings: ratings(0, null, null) });
      expect(criterion(card, "strategicImportance")).toMatchObject({ known: true, points: 0 });
      expect(criterion(card, "longTermPotential")).toMatchObject({ known: false, points: 0 });
      expect(criterion(card, "longTermPotential").explanation).toBe("Long-term potential: unknown (not rated) → 0/10");
    });

    it("scores feedback as (mean − 1) / 4 and marks it unknown without feedback", () => {
      expect(criterion(score({ feedback12: { count: 3, mean: 4 } }), "feedback")).toMatchObject({
        subScore: 0.75,
        points: 7.5,
        known: true,
      });
      const none = criterion(score({ feedback12: { count: 0, mean: null } }), "feedback");
      expect(none).toMatchObject({ known: false, points: 0 });
      expect(none.explanation).toBe("Feedback & satisfaction: unknown (no feedback in the last 12 months) → 0/10");
    });

    it("gives contract 1 for an open-ended contract or one ending 12 months from now or later", () => {
      expect(criterion(score({ contracts: [contract("2024-01-01T00:00:00Z", null)] }), "contract").subScore).toBe(1);
      const exactlyAYear = score({ contracts: [contract("2024-01-01T00:00:00Z", "2026-06-15T12:00:00Z")] });
      expect(criterion(exactlyAYear, "contract").subScore).toBe(1);
    });

    it("gives contract 0.5 for an active contract ending within 12 months", () => {
      const card = score({ contracts: [contract("2024-01-01T00:00:00Z", "2026-06-15T11:59:59Z")] });
      expect(criterion(card, "contract")).toMatchObject({ subScore: 0.5, points: 2.5 });
      expect(criterion(card, "contract").explanation).toBe(
        "Contractual agreements: active contract until 2026-06-15 (less than 12 months to run) → 2.5/5",
      );
    });

    it("gives contract 0 when the only contracts have ended or not started", () => {
      const card = score({
        contracts: [contract("2023-01-01T00:00:00Z", "2025-06-15T11:59:59Z"), contract("2025-06-15T12:00:01Z", null)],
      });
      expect(criterion(card, "contract")).toMatchObject({ subScore: 0, known: true });
    });
  });

  describe("data completeness", () => {
    const recent = stats({ fees: 5_000, count: 1, last: "2025-06-01T00:00:00Z", lines: ["temp"] });

    it("adds no missing-data reason with 6 of 9 criteria known", () => {
      const card = scoreClient(input({ own: recent, ratings: ratings(2, null, null) }), DEFAULT_POLICY, NOW);
      expect(card.completeness).toEqual({ known: 6, total: 9 });
      expect(card.reasons.some((r) => r.includes("missing data"))).toBe(false);
    });

    it("counts an active exclusive contract as data for exclusivity", () => {
      const card = scoreClient(
        input({ own: recent, contracts: [contract("2025-01-01T00:00:00Z", null, true)] }),
        DEFAULT_POLICY,
        NOW,
      );
      expect(card.completeness).toEqual({ known: 6, total: 9 });
    });

    it("warns that the low score may come from missing data with 5 of 9 known", () => {
      const card = scoreClient(input({ own: recent }), DEFAULT_POLICY, NOW);
      expect(card.completeness).toEqual({ known: 5, total: 9 });
      expect(card.reasons.at(-1)).toBe(
        "only 5 of 9 criteria have data (unknown: strategic importance, long-term potential, exclusivity / competitive advantage, feedback & satisfaction), so the low score may come from missing data",
      );
    });
  });
});
