import dayjs from "dayjs";

/** The one place that reads the current time; everything else is given `now`. */
export type Clock = () => Date;

export const systemClock: Clock = () => dayjs().toDate();

/** A clock fixed at `at`, for tests and for `KEYHOLDER_NOW`-free reproducible runs. */
export const fixedClock =
  (at: Date): Clock =>
  () =>
    new Date(at.getTime());
