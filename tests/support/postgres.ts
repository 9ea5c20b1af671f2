import { execSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import pg from "pg";

/** The machine's PostgreSQL server (trust auth); override with TEST_PG_URL. */
export const PG_ADMIN_URL = process.env.TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export async function postgresReachable(url = PG_ADMIN_URL): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Starts the local cluster the way the machine's own start-up does, when it is down. */
export async function ensurePostgres(): Promise<void> {
  if (await postgresReachable()) return;
  execSync("pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start", { stdio: "inherit" });
  for (let i = 0; i < 30; i++) {
    if (await postgresReachable()) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`PostgreSQL is not reachable at ${PG_ADMIN_URL}`);
}

async function admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** A fresh, empty database for one test file; returns its URL and a function that drops it. */
export async function createPgDatabase(label: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `kh_${label.replace(/[^a-z0-9]/gi, "_").toLowerCase()}_${randomBytes(4).toString("hex")}`;
  await admin((c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}
