import dayjs from "dayjs";
import { describe, expect, it } from "vitest";
import { addMonths, monthsSince } from "../../../src/domain/months.js";

/** A small seeded generator, so a failure can be replayed. */
function prng(seed: number) {
  let a = seed;
  return (min: number, max: number) => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return min + Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * (max - min));
  };
}

describe("calendar months (UTC)", () => {
  it("clamps to the end of a shorter month", () => {
    expect(addMonths(new Date("2026-01-31T10:00:00Z"), 1).toISOString()).toBe("2026-02-28T10:00:00.000Z");
    expect(addMonths(new Date("2024-03-31T00:00:00Z"), -1).toISOString()).toBe("2024-02-29T00:00:00.000Z");
    expect(addMonths(new Date("2026-12-15T00:00:00Z"), 1).toISOString()).toBe("2027-01-15T00:00:00.000Z");
    expect(addMonths(new Date("2026-01-15T00:00:00Z"), -13).toISOString()).toBe("2024-12-15T00:00:00.000Z");
  });

  it("counts whole and fractional months", () => {
    expect(monthsSince(new Date("2023-12-04T00:00:00Z"), new Date("2026-12-04T00:00:00Z"))).toBe(36);
    expect(monthsSince(new Date("2026-01-01T00:00:00Z"), new Date("2026-01-16T12:00:00Z"))).toBeCloseTo(0.5, 2);
    expect(monthsSince(new Date("2026-03-01T00:00:00Z"), new Date("2026-01-01T00:00:00Z"))).toBe(-2);
  });

  it("agrees with dayjs on 20,000 random dates (tests run with TZ=UTC)", () => {
    const random = prng(7);
    for (let i = 0; i < 20_000; i++) {
      const a = new Date(Date.UTC(random(2000, 2040), random(0, 12), random(1, 32), random(0, 24), random(0, 60)));
      const b = new Date(Date.UTC(random(2000, 2040), random(0, 12), random(1, 32), random(0, 24), random(0, 60)));
      const n = random(-60, 60);
      expect(monthsSince(a, b)).toBeCloseTo(dayjs(b).diff(a, "month", true), 12);
      expect(addMonths(a, n).getTime()).toBe(dayjs(a).add(n, "month").valueOf());
    }
  });
});
