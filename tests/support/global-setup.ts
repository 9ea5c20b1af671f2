import { ensurePostgres } from "./postgres.js";

/** Integration tests use the machine's PostgreSQL server: start it if it is down. */
export default async function setup(): Promise<void> {
  await ensurePostgres();
}
