import { describe, expect, it } from "vitest";
import { DomainError } from "../../../src/domain/errors.js";
import {
  type CurrentOwnership,
  findAncestors,
  lapseStatus,
  nextReviewAfter,
  nextReviewDate,
  resolveOwner,
  wouldCreateCycle,
} from "../../../src/domain/ownership.js";
import { DEFAULT_POLICY } from "../../../src/policy/schema.js";

// 1 Acme Holding ← 2 Acme Group ← 3 Acme Labs ← 4 Acme Labs Berlin; 5 stands alone; 6 is another child of 2.
const tree = new Map<number, number | null>([
  [1, null],
  [2, 1],
  [3, 2],
  [4, 3],
  [5, null],
  [6, 2],
]);

const d = (iso: string) => new Date(iso);

const ownership = (owner: string): CurrentOwnership => ({
  owner,
  since: d("2025-01-01T00:00:00Z"),
  reviewDueAt: d("2026-01-01T00:00:00Z"),
});

describe("findAncestors", () => {
  it("lists ancestors nearest first", () => {
    expect(findAncestors(4, tree)).toEqual([3, 2, 1]);
    expect(findAncestors(6, tree)).toEqual([2, 1]);
  });

  it("gives none for a top-level or unknown client", () => {
    expect(findAncestors(1, tree)).toEqual([]);
    expect(findAncestors(99, tree)).toEqual([]);
  });

  it("refuses a parent chain that loops", () => {
    const loop = new Map<number, number | null>([
      [1, 3],
      [2, 1],
      [3, 2],
    ]);
    expect(() => findAncestors(2, loop)).toThrow(DomainError);
    try {
      findAncestors(2, loop);
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe("PARENT_CYCLE");
      expect((error as DomainError).context).toMatchObject({ clientId: 2 });
    }
  });

  it("refuses a client that is its own parent", () => {
    expect(() => findAncestors(7, new Map([[7, 7]]))).toThrow(expect.objectContaining({ code: "PARENT_CYCLE" }));
  });

  it("refuses a loop further up the chain", () => {
    const loopAbove = new Map<number, number | null>([
      [10, 11],
      [11, 12],
      [12, 11],
    ]);
    expect(() => findAncestors(10, loopAbove)).toThrow(expect.objectContaining({ code: "PARENT_CYCLE" }));
  });
});

describe("wouldCreateCycle", () => {
  it("refuses a client as its own parent", () => {
    expect(wouldCreateCycle(2, 2, tree)).toBe(true);
  });

  it("refuses a descendant as the new parent, however deep", () => {
    expect(wouldCreateCycle(1, 4, tree)).toBe(true);
    expect(wouldCreateCycle(2, 3, tree)).toBe(true);
  });

  it("allows an unrelated client, a sibling or an ancestor as the new parent", () => {
    expect(wouldCreateCycle(4, 5, tree)).toBe(false);
    expect(wouldCreateCycle(3, 6, tree)).toBe(false);
    expect(wouldCreateCycle(4, 1, tree)).toBe(false);
  });

  it("allows removing the parent", () => {
    expect(wouldCreateCycle(4, null, tree)).toBe(false);
  });

  it("refuses a new parent whose own chain already loops", () => {
    const broken = new Map<number, number | null>([
      [1, null],
      [11, 12],
      [12, 11],
    ]);
    expect(wouldCreateCycle(1, 11, broken)).toBe(true);
  });
});

describe("resolveOwner", () => {
  it("names the client's own Key Account owner first", () => {
    const owners = new Map([
      [3, ownership("U_BOB")],
      [1, ownership("U_ALICE")],
    ]);
    expect(resolveOwner(3, tree, owners)).toEqual({ ...ownership("U_BOB"), ownerClientId: 3, via: "self" });
  });

  it("covers a subsidiary by the nearest ancestor that is a Key Account", () => {
    const owners = new Map([
      [1, ownership("U_ALICE")],
      [3, ownership("U_BOB")],
    ]);
    expect(resolveOwner(4, tree, owners)).toEqual({ ...ownership("U_BOB"), ownerClientId: 3, via: "parent" });
    expect(resolveOwner(6, tree, owners)).toEqual({ ...ownership("U_ALICE"), ownerClientId: 1, via: "parent" });
  });

  it("gives null when neither the client nor an ancestor is a Key Account", () => {
    expect(resolveOwner(4, tree, new Map([[5, ownership("U_ALICE")]]))).toBeNull();
  });
});

describe("lapseStatus", () => {
  const NOW = d("2025-06-15T00:00:00Z");

  it("lapses at the review date when it comes before 12 months of inactivity", () => {
    const status = lapseStatus(
      {
        since: d("2025-01-01T00:00:00Z"),
        lastCreditedEngagement: d("2025-03-01T00:00:00Z"),
        reviewDueAt: d("2026-01-01T00:00:00Z"),
      },
      DEFAULT_POLICY,
      NOW,
    );
    // 16 days left in June, then 31 + 31 + 30 + 31 + 30 + 31 = 200 days to 1 January.
    expect(status).toEqual({
      lapsesAt: d("2026-01-01T00:00:00Z"),
      reason: "review",
      lapsed: false,
      warn: false,
      daysLeft: 200,
    });
  });

  it("lapses 12 months after the last credited engagement, with a warning inside 30 days", () => {
    const status = lapseStatus(
      {
        since: d("2024-03-01T00:00:00Z"),
        lastCreditedEngagement: d("2024-07-01T00:00:00Z"),
        reviewDueAt: d("2025-09-01T00:00:00Z"),
      },
      DEFAULT_POLICY,
      NOW,
    );
    expect(status).toEqual({
      lapsesAt: d("2025-07-01T00:00:00Z"),
      reason: "inactivity",
      lapsed: false,
      warn: true,
      daysLeft: 16,
    });
  });

  it("counts inactivity from the start of ownership when the owner has credited nothing yet", () => {
    const status = lapseStatus(
      { since: d("2024-07-10T00:00:00Z"), lastCreditedEngagement: null, reviewDueAt: d("2025-12-01T00:00:00Z") },
      DEFAULT_POLICY,
      NOW,
    );
    expect(status).toMatchObject({
      lapsesAt: d("2025-07-10T00:00:00Z"),
      reason: "inactivity",
      warn: true,
      daysLeft: 25,
    });
  });

  it("ignores an engagement credited before the ownership began", () => {
    const status = lapseStatus(
      {
        since: d("2025-01-01T00:00:00Z"),
        lastCreditedEngagement: d("2024-05-01T00:00:00Z"),
        reviewDueAt: d("2026-06-01T00:00:00Z"),
      },
      DEFAULT_POLICY,
      NOW,
    );
    expect(status).toMatchObject({ lapsesAt: d("2026-01-01T00:00:00Z"), reason: "inactivity" });
  });

  it("reports a lapse in the past as lapsed, without a warning and with no days left", () => {
    const status = lapseStatus(
      {
        since: d("2024-01-01T00:00:00Z"),
        lastCreditedEngagement: d("2024-05-01T00:00:00Z"),
        reviewDueAt: d("2026-01-01T00:00:00Z"),
      },
      DEFAULT_POLICY,
      NOW,
    );
    expect(status).toEqual({
      lapsesAt: d("2025-05-01T00:00:00Z"),
      reason: "inactivity",
      lapsed: true,
      warn: false,
      daysLeft: 0,
    });
  });

  it("is lapsed at the exact lapse moment", () => {
    const status = lapseStatus(
      { since: d("2025-01-01T00:00:00Z"), lastCreditedEngagement: null, reviewDueAt: NOW },
      DEFAULT_POLICY,
      NOW,
    );
    expect(status).toMatchObject({ lapsed: true, reason: "review", warn: false });
  });

  it("warns exactly 30 days ahead but not 31", () => {
    const at = (reviewDueAt: string) =>
      lapseStatus(
        { since: d("2025-06-01T00:00:00Z"), lastCreditedEngagement: null, reviewDueAt: d(reviewDueAt) },
        DEFAULT_POLICY,
        NOW,
      );
    expect(at("2025-07-15T00:00:00Z")).toMatchObject({ warn: true, daysLeft: 30 });
    expect(at("2025-07-16T00:00:00Z")).toMatchObject({ warn: false, daysLeft: 31 });
  });

  it("rounds part days up", () => {
    const status = lapseStatus(
      { since: d("2025-06-01T00:00:00Z"), lastCreditedEngagement: null, reviewDueAt: d("2025-06-16T06:00:00Z") },
      DEFAULT_POLICY,
      NOW,
    );
    expect(status.daysLeft).toBe(2);
  });
});

describe("nextReviewDate", () => {
  it("is reviewPeriodMonths after the given date", () => {
    expect(nextReviewDate(d("2025-03-10T09:30:00Z"), DEFAULT_POLICY)).toEqual(d("2026-03-10T09:30:00Z"));
  });

  it("moves 29 February to 28 February of the next year", () => {
    expect(nextReviewDate(d("2024-02-29T00:00:00Z"), DEFAULT_POLICY)).toEqual(d("2025-02-28T00:00:00Z"));
  });
});

describe("the review date of an ownership recorded after it began", () => {
  it("is its next anniversary after now, never in the past", () => {
    const since = new Date("2023-03-01T00:00:00Z");
    const now = new Date("2026-12-04T12:00:00Z");
    expect(nextReviewAfter(since, now, DEFAULT_POLICY).toISOString()).toBe("2027-03-01T00:00:00.000Z");
    expect(nextReviewAfter(new Date("2026-06-01T00:00:00Z"), now, DEFAULT_POLICY).toISOString()).toBe(
      "2027-06-01T00:00:00.000Z",
    );
  });
});
