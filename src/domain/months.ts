/**
 * Calendar-month arithmetic in UTC, the way the firm's dates are stored. Same
 * results as dayjs's `add(n, "month")` (the day clamped to the month's end) and
 * `diff(date, "month", true)` (moment's fractional month difference), without
 * building date objects per call: scoring does this for every client.
 */

const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month + 1, 0)).getUTCDate();

/** `date` plus `months` calendar months (negative to go back), the day clamped to the month's end. */
export function addMonths(date: Date, months: number): Date {
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + months;
  const targetYear = year + Math.floor(month / 12);
  const targetMonth = ((month % 12) + 12) % 12;
  const day = Math.min(date.getUTCDate(), daysInMonth(targetYear, targetMonth));
  return new Date(
    Date.UTC(
      targetYear,
      targetMonth,
      day,
      date.getUTCHours(),
      date.getUTCMinutes(),
      date.getUTCSeconds(),
      date.getUTCMilliseconds(),
    ),
  );
}

/** moment's and dayjs's `a.diff(b, "month", true)`: months from `b` to `a`. */
function monthDiff(a: Date, b: Date): number {
  if (a.getUTCDate() < b.getUTCDate()) return -monthDiff(b, a);
  const whole = (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + (b.getUTCMonth() - a.getUTCMonth());
  const anchor = addMonths(a, whole).getTime();
  const before = b.getTime() - anchor < 0;
  const anchor2 = addMonths(a, whole + (before ? -1 : 1)).getTime();
  return -(whole + (b.getTime() - anchor) / (before ? anchor - anchor2 : anchor2 - anchor)) || 0;
}

/** Fractional calendar months from `from` to `to`. */
export function monthsSince(from: Date, to: Date): number {
  return monthDiff(to, from);
}
