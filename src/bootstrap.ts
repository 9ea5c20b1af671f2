import { type Config, loadConfig } from "./config.js";
import { openDatabase } from "./db/client.js";
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
export async function bootstrap(options: { env?: Record<string, string | undefined>; clock?: Clock } = {}): Promise<{
  config: Config;
  services: Services;
  migrations: string[];
}> {
  const config = loadConfig(options.env);
  const policy = loadPolicy(config.POLICY_FILE);
  const { applied } = await migrate(config.DATABASE_URL);
  const db = openDatabase(config.DATABASE_URL);
  try {
    await recordPolicyVersion(db, policy, (options.clock ?? systemClock)());
  } catch (error) {
    await db.close();
    throw error;
  }
  return { config, services: { db, policy, clock: options.clock ?? systemClock }, migrations: applied };
}
