import cron, { type ScheduledTask } from "node-cron";
import { lastScheduledRun, localTime, parseCron, periodKey } from "../domain/schedule.js";
import type { Logger } from "../logger.js";
import type { Services } from "../services/context.js";
import { lastRun, runHousekeeping, runWeeklyReminder } from "../services/jobs.js";
import { reminderMessages } from "../slack/blocks/reminder.js";

/**
 * Scheduled jobs: thin entry points that run the weekly reminder and the daily
 * housekeeping in the policy's time zone. Every instance schedules them; the
 * database lets one run each period. At start, a run missed while every instance
 * was down is made up once.
 */

/** Daily housekeeping at 06:00 local: outside the 01:00–03:00 daylight-saving changes. */
export const HOUSEKEEPING_CRON = "0 6 * * *";
const DAY_MS = 86_400_000;

export interface Job {
  name: "weekly-reminder" | "housekeeping";
  cron: string;
  /** How far back to look for a missed run at start: a little more than one period. */
  lookBackMs: number;
  run(services: Services, periodKey: string): Promise<{ ran: boolean; outcome?: string }>;
}

export const weeklyReminderJob = (services: Services): Job => ({
  name: "weekly-reminder",
  cron: services.policy.policy.weeklyReminder,
  lookBackMs: 8 * DAY_MS,
  run: (s, key) => runWeeklyReminder(s, key, (data) => reminderMessages(data, s.policy.policy.timezone)),
});

export const housekeepingJob: Job = {
  name: "housekeeping",
  cron: HOUSEKEEPING_CRON,
  lookBackMs: 2 * DAY_MS,
  run: (s, key) => runHousekeeping(s, key),
};

/** The period a run at `now` belongs to: the latest scheduled time at or before it. */
export function currentPeriod(job: Job, services: Services, now: Date) {
  return lastScheduledRun(
    parseCron(job.cron),
    services.policy.policy.timezone,
    new Date(now.getTime() - job.lookBackMs),
    now,
  );
}

/** Runs each job's latest period if no instance ran it yet (after downtime). */
/** Why a reminder asked for now did not run. */
export class ReminderNotRun extends Error {}

/**
 * The weekly reminder, now rather than at its hour (`keyholder review --now`, the
 * playground's button). It runs once per period unless forced; a forced run gets
 * its own key, so the scheduled run of the period still counts as done.
 */
export async function runReminderNow(services: Services, options: { force?: boolean } = {}): Promise<string> {
  const job = weeklyReminderJob(services);
  const now = services.clock();
  const period = currentPeriod(job, services, now)?.key ?? `manual:${now.toISOString()}`;
  const previous = await lastRun(services, job.name, period);
  if (previous && !options.force) {
    throw new ReminderNotRun(
      `this period's reminder (${period}) already ran at ${previous.startedAt.toISOString()} on ${previous.instance}; pass --force to run it again`,
    );
  }
  const key = previous ? `${period}+forced:${now.toISOString()}` : period;
  const result = await job.run(services, key);
  if (!result.ran)
    throw new ReminderNotRun(result.outcome ?? `the reminder for ${key} was just run by another process`);
  return `Weekly reminder for ${key}: ${result.outcome}`;
}

export async function makeUpMissedRuns(services: Services, jobs: Job[], log: Logger): Promise<void> {
  for (const job of jobs) {
    const period = currentPeriod(job, services, services.clock());
    if (!period || (await lastRun(services, job.name, period.key))) continue;
    const result = await job.run(services, period.key);
    if (result.ran) log.info({ job: job.name, period: period.key, outcome: result.outcome }, "made up a missed run");
  }
}

export function startScheduler(args: { services: Services; log: Logger; afterRun: () => void }): {
  stop(): Promise<void>;
} {
  const { services, log, afterRun } = args;
  const timezone = services.policy.policy.timezone;
  const jobs = [weeklyReminderJob(services), housekeepingJob];
  const tasks: ScheduledTask[] = jobs.map((job) =>
    cron.schedule(
      job.cron,
      async () => {
        const key = periodKey(localTime(services.clock(), timezone));
        try {
          const result = await job.run(services, key);
          if (result.ran) {
            log.info({ job: job.name, period: key, outcome: result.outcome }, "scheduled job ran");
            afterRun();
          } else log.debug({ job: job.name, period: key }, "another instance ran this period");
        } catch (error) {
          log.error({ err: error, job: job.name, period: key }, "scheduled job failed");
        }
      },
      { timezone, noOverlap: true, name: job.name },
    ),
  );
  void makeUpMissedRuns(services, jobs, log)
    .then(afterRun)
    .catch((error) => log.error({ err: error }, "could not make up missed runs"));
  return {
    stop: async () => {
      for (const task of tasks) await task.stop();
    },
  };
}
