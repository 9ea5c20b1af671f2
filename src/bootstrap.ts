import { type Config, loadConfig } from "./config.js";
import { openDatabase, redactUrl } from "./db/client.js";
import { migrate } from "./db/migrate.js";
import { recordPolicyVersion } from "./db/repositories/policies.js";
import { loadPolicy } from "./policy/load.js";
import { type Clock, systemClock } from "./services/clock.js";
import type { Services } from "./services/context.js";

/**
 * What every entry point does first: read the environment and the policy (either
 * stops start-up with a precise message), bring the database up to date, and record
 * the policy version in force.
 */
export async function bootstrap(
  options: {
    env?: Record<string, string | undefined>;
    clock?: Clock;
    /** Told each time the database is not reachable yet. */
    onWait?: (message: string) => void;
    /** The policy to use, given the environment, when the policy file does not exist (else the defaults). */
    policyWithoutFile?: (config: Config) => { policy: unknown; source: string } | undefined;
  } = {},
): Promise<{
  config: Config;
  services: Services;
  migrations: string[];
}> {
  const config = loadConfig(options.env);
  const policy = loadPolicy(config.POLICY_FILE, options.policyWithoutFile?.(config));
  const { applied } = await untilReachable(() => migrate(config.DATABASE_URL), {
    what: redactUrl(config.DATABASE_URL),
    onWait: options.onWait ?? ((message) => process.stderr.write(`${message}\n`)),
  });
  const db = openDatabase(config.DATABASE_URL);
  try {
    await recordPolicyVersion(db, policy, (options.clock ?? systemClock)());
  } catch (error) {
    await db.close();
    throw error;
  }
  return { config, services: { db, policy, clock: options.clock ?? systemClock }, migrations: applied };
}

/** Errors that mean "the database server is not up (yet)", as opposed to a wrong setting. */
const NOT_YET = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "EAI_AGAIN", "57P03"]);

/**
 * Retries `attempt` while the database is not reachable, for up to `limitMs`, saying
 * so each time: a database that starts a little after the app (a container, a
 * failover) is waited for instead of failing the start.
 */
export async function untilReachable<T>(
  attempt: () => Promise<T>,
  options: { what: string; onWait: (message: string) => void; limitMs?: number },
): Promise<T> {
  const deadline = Date.now() + (options.limitMs ?? 60_000);
  for (let wait = 1000; ; wait = Math.min(wait * 2, 10_000)) {
    try {
      return await attempt();
    } catch (error) {
      const code = String((error as { code?: unknown }).code ?? "");
      if (!NOT_YET.has(code) || Date.now() + wait > deadline) throw error;
      options.onWait(`database ${options.what} is not reachable yet (${code}); trying again in ${wait / 1000}s`);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}
