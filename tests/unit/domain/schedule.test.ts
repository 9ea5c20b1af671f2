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
