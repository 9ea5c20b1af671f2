import { z } from "zod";

/**
 * The only reader of the environment. Every variable is validated at start-up;
 * an empty variable counts as unset; a bad one stops start-up naming it.
 */

const emptyAsUnset = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(emptyAsUnset, schema.optional());

const envSchema = z.object({
  SLACK_BOT_TOKEN: optional(z.string().regex(/^xoxb-/, "must be a bot token starting with xoxb-")),
  SLACK_SIGNING_SECRET: optional(z.string().min(8, "must be the app's signing secret")),
  SLACK_APP_TOKEN: optional(z.string().regex(/^xapp-/, "must be an app-level token starting with xapp-")),
  SLACK_API_URL: optional(z.url({ message: "must be a URL such as https://slack.com/api/" })),
  DATABASE_URL: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .regex(/^(file:.+|postgres(ql)?:\/\/.+)$/, "must be file:<path> (SQLite) or postgresql://… (PostgreSQL)")
      .default("file:./data/keyholder.db"),
  ),
  POLICY_FILE: z.preprocess(emptyAsUnset, z.string().default("./keyholder.policy.json")),
  LOG_LEVEL: z.preprocess(
    emptyAsUnset,
    z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  ),
  PORT: z.preprocess(emptyAsUnset, z.coerce.number().int().min(0).max(65535).default(3000)),
  /** How many instances of the app share the database; more than one needs PostgreSQL. */
  INSTANCES: z.preprocess(emptyAsUnset, z.coerce.number().int().min(1).default(1)),
});

export type Config = z.infer<typeof envSchema>;

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid environment:\n  ${lines.join("\n  ")}\nSee .env.example for every variable.`);
  }
  if (parsed.data.INSTANCES > 1 && parsed.data.DATABASE_URL.startsWith("file:")) {
    throw new ConfigError(
      `INSTANCES=${parsed.data.INSTANCES} needs PostgreSQL: SQLite allows one writer at a time and its file must not be shared ` +
        "between machines. Set DATABASE_URL=postgresql://… or run a single instance (INSTANCES=1).",
    );
  }
  return parsed.data;
}
