import { z } from "zod";

/** A cron expression with five fields (minute hour day-of-month month day-of-week). */
const cronExpression = z
  .string()
  .regex(/^\s*(\S+\s+){4}\S+\s*$/, 'must be a cron expression with five fields, e.g. "0 9 * * 1"');

const slackUserId = z.string().regex(/^[UW][A-Z0-9]{2,}$/, "must be a Slack user ID such as U012ABCDEF");
const slackChannelId = z.string().regex(/^[CGD][A-Z0-9]{2,}$/, "must be a Slack channel ID such as C012ABCDEF");

const isValidTimeZone = (tz: string): boolean => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

export const CRITERIA = [
  "revenue",
  "frequency",
  "recency",
  "strategicImportance",
  "longTermPotential",
  "crossSelling",
  "exclusivity",
  "feedback",
  "contract",
] as const;
export type CriterionKey = (typeof CRITERIA)[number];

export const DEFAULT_WEIGHTS: Record<CriterionKey, number> = {
  revenue: 25,
  frequency: 15,
  recency: 10,
  strategicImportance: 10,
  longTermPotential: 10,
  crossSelling: 10,
  exclusivity: 5,
  feedback: 10,
  contract: 5,
};

const weightsSchema = z
  .object(
    Object.fromEntries(CRITERIA.map((key) => [key, z.number().min(0).max(100).default(DEFAULT_WEIGHTS[key])])) as {
      [K in CriterionKey]: z.ZodDefault<z.ZodNumber>;
    },
  )
  .strict()
  .default(DEFAULT_WEIGHTS)
  .refine((w) => Math.abs(Object.values(w).reduce((a, b) => a + b, 0) - 100) < 1e-9, {
    message: "weights must sum to 100",
  });

export const policySchema = z
  .object({
    managers: z.array(slackUserId).default([]),
    approvalsChannel: slackChannelId.optional(),
    reviewChannel: slackChannelId.optional(),
    timezone: z.string().refine(isValidTimeZone, "must be an IANA time zone such as Europe/London").default("UTC"),
    weeklyReminder: cronExpression.default("0 9 * * 1"),
    keyThreshold: z.number().min(0).max(100).default(60),
    borderlineBand: z.number().min(0).max(100).default(10),
    activityWindowMonths: z.number().int().positive().default(24),
    /** Major currency units; trailing-12-month fees that earn full revenue points. */
    revenueThreshold: z.number().positive().default(50_000),
    frequencyTarget: z.number().positive().default(4),
    recencyHalfLifeMonths: z.number().positive().default(12),
    parentWeight: z.number().min(0).max(1).default(0.5),
    weights: weightsSchema,
    approval: z
      .object({
        minApprovals: z.number().int().min(1).default(2),
        expiresAfterDays: z.number().int().positive().default(7),
      })
      .strict()
      .default({ minApprovals: 2, expiresAfterDays: 7 }),
    ownershipLapseMonths: z.number().int().positive().default(12),
    lapseWarningDays: z.number().int().min(0).default(30),
    reviewPeriodMonths: z.number().int().positive().default(12),
  })
  .strict();

export type Policy = z.infer<typeof policySchema>;

/** The policy a firm gets when it has written no policy file. */
export const DEFAULT_POLICY: Policy = policySchema.parse({});
