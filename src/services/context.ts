import type { Database } from "../db/client.js";
import type { LoadedPolicy } from "../policy/load.js";
import type { Clock } from "./clock.js";

/** What every service needs: the database, the policy in force and the clock. */
export interface Services {
  db: Database;
  policy: LoadedPolicy;
  clock: Clock;
}
