import { describe, expect, it } from "vitest";
import { lastScheduledRun, localTime, matches, parseCron, periodKey } from "../../../src/domain/schedule.js";

const at = (iso: string) => new Date(iso);

describe("cron expressions", () => {
  it("parse numbers, ranges, lists and steps, and treat weekday 7 as Sunday", () => {
    const spec = parseCron("*/15 9-17 * * 1-5,7");
    expect([...spec.minutes]).toEqual([0, 15, 30, 45]);
    expect(spec.hours.size).toBe(9);
    expect([...spec.weekdays].sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("refuse what is not cron, saying which field", () => {
    expect(() => parseCron("0 9 * *")).toThrow(/five fields/);
    expect(() => parseCron("0 25 * * *")).toThrow(/hour "25"/);
    expect(() => parseCron("0 9 * * mon")).toThrow(/day of week "mon"/);
  });

  it("match local wall-clock time in the firm's time zone", () => {
    const weekly = parseCron("0 9 * * 1");
    // Monday 2026-12-07 09:00 in London is 09:00 UTC (winter); in New York it is 14:00 UTC.
    expect(matches(weekly, localTime(at("2026-12-07T09:00:00Z"), "Europe/London"))).toBe(true);
    expect(matches(weekly, localTime(at("2026-12-07T09:00:00Z"), "America/New_York"))).toBe(false);
    expect(matches(weekly, localTime(at("2026-12-07T14:00:00Z"), "America/New_York"))).toBe(true);
  });
});

describe("the latest scheduled run, for making up a missed one", () => {
  it("finds Monday 09:00 local when the app starts on Wednesday after being down", () => {
    const run = lastScheduledRun(
      parseCron("0 9 * * 1"),
      "Europe/Berlin",
      at("2026-12-02T00:00:00Z"),
      at("2026-12-09T10:00:00Z"),
    );
    expect(run?.key).toBe("2026-12-07T09:00");
    expect(run?.at.toISOString()).toBe("2026-12-07T08:00:00.000Z");
  });

  it("finds nothing when no run fell in the span", () => {
    expect(
      lastScheduledRun(parseCron("0 9 * * 1"), "UTC", at("2026-12-07T09:00:00Z"), at("2026-12-09T10:00:00Z")),
    ).toBeNull();
  });

  it("across the spring change, a time in the gap is skipped and the others run once", () => {
    // Europe/Berlin jumps from 02:00 to 03:00 on 2026-03-29.
    const daily = parseCron("30 2 * * *");
    const span = lastScheduledRun(daily, "Europe/Berlin", at("2026-03-28T12:00:00Z"), at("2026-03-29T23:00:00Z"));
    expect(span).toBeNull();
    const nine = parseCron("0 9 * * *");
    expect(
      lastScheduledRun(nine, "Europe/Berlin", at("2026-03-28T12:00:00Z"), at("2026-03-29T23:00:00Z"))?.at.toISOString(),
    ).toBe("2026-03-29T07:00:00.000Z");
  });

  it("across the autumn change, the repeated hour gives both instants the same key, so the run happens once", () => {
    // Europe/Berlin repeats 02:00–03:00 on 2026-10-25.
    const first = localTime(at("2026-10-25T00:30:00Z"), "Europe/Berlin");
    const second = localTime(at("2026-10-25T01:30:00Z"), "Europe/Berlin");
    expect(periodKey(first)).toBe("2026-10-25T02:30");
    expect(periodKey(second)).toBe(periodKey(first));
  });
});

describe("a job fired every minute across the daylight-saving changes", () => {
  /** Fires like node-cron does (every minute that matches local time) and keys runs like the app; returns the distinct runs. */
  function runs(cron: string, timezone: string, fromIso: string, days: number): string[] {
    const spec = parseCron(cron);
    const keys = new Set<string>();
    const start = new Date(fromIso).getTime();
    for (let t = start; t < start + days * 86_400_000; t += 60_000) {
      const local = localTime(new Date(t), timezone);
      if (matches(spec, local)) keys.add(periodKey(local));
    }
    return [...keys];
  }

  it("runs a 09:00 job once a day through the spring change, none skipped or doubled", () => {
    expect(runs("0 9 * * *", "Europe/Berlin", "2026-03-26T00:00:00Z", 7)).toHaveLength(7);
  });

  it("runs a 09:00 job once a day through the autumn change", () => {
    expect(runs("0 9 * * *", "Europe/Berlin", "2026-10-22T00:00:00Z", 7)).toHaveLength(7);
  });

  it("runs a 02:30 job once on the day the hour repeats, and skips it on the day it does not exist", () => {
    const autumn = runs("30 2 * * *", "Europe/Berlin", "2026-10-22T00:00:00Z", 7);
    expect(autumn).toHaveLength(7);
    expect(autumn.filter((k) => k.startsWith("2026-10-25"))).toHaveLength(1);
    const spring = runs("30 2 * * *", "Europe/Berlin", "2026-03-26T00:00:00Z", 7);
    expect(spring).toHaveLength(6);
    expect(spring.some((k) => k.startsWith("2026-03-29"))).toBe(false);
  });
});
