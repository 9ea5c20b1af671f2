import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import Sqlite from "better-sqlite3";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { migrate, readMigrations } from "../../src/db/migrate.js";
import { freshDatabase, PROVIDERS, type ProviderName } from "../support/databases.js";

const root = new URL("../../", import.meta.url).pathname;
const modelsOf = (file: string) => {
  const text = readFileSync(`${root}${file}`, "utf8");
  return text.slice(text.indexOf("// ---- models ----"));
};

/**
 * Runs the Prisma CLI until it prints `done`. The CLI finishes its work in about a
 * second but then idles for a minute before exiting on these offline machines, so
 * it is stopped once it has said what it did.
 */
function prisma(provider: ProviderName, url: string, args: string[], done: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(`${root}node_modules/.bin/prisma`, [...args, "--config", "prisma.config.ts"], {
      cwd: `${root}prisma/${provider}`,
      env: { ...process.env, DATABASE_URL: url, CHECKPOINT_DISABLE: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), 45_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (done.test(output)) child.kill("SIGKILL");
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("close", () => {
      clearTimeout(timer);
      if (done.test(output)) resolve(output);
      else reject(new Error(`prisma ${args.join(" ")} did not finish:\n${output}`));
    });
  });
}

type Catalog = Record<string, unknown>;

function sqliteCatalog(url: string): Catalog {
  const db = new Sqlite(url.slice("file:".length), { readonly: true });
  try {
    const objects = db
      .prepare(
        `SELECT type, name, tbl_name, sql FROM sqlite_master
          WHERE name NOT LIKE '_prisma_migrations%' AND name NOT LIKE 'sqlite_%' ORDER BY type, name`,
      )
      .all() as Array<{ type: string; name: string; tbl_name: string; sql: string | null }>;
    const columns = Object.fromEntries(
      objects
        .filter((o) => o.type === "table")
        .map((t) => [t.name, db.prepare(`PRAGMA table_xinfo("${t.name}")`).all()]),
    );
    // Compare index and table definitions by meaning, not by whitespace.
    const normalized = objects.map((o) => ({ ...o, sql: o.sql?.replace(/\s+/g, " ").trim() ?? null }));
    return { objects: normalized, columns };
  } finally {
    db.close();
  }
}

async function postgresCatalog(url: string): Promise<Catalog> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const q = async (sql: string) => (await client.query(sql)).rows;
    return {
      columns: await q(`SELECT table_name, column_name, ordinal_position, data_type, is_nullable, column_default
                          FROM information_schema.columns
                         WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
                         ORDER BY table_name, ordinal_position`),
      constraints: await q(`SELECT conrelid::regclass::text AS tbl, conname, contype, pg_get_constraintdef(oid) AS def
                              FROM pg_constraint
                             WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> '"_prisma_migrations"'
                               AND conrelid::regclass::text <> '_prisma_migrations'
                             ORDER BY 1, 2`),
      indexes: await q(`SELECT tablename, indexname, indexdef FROM pg_indexes
                         WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1, 2`),
      sequences: await q(
        `SELECT sequence_name FROM information_schema.sequences WHERE sequence_schema = 'public' ORDER BY 1`,
      ),
    };
  } finally {
    await client.end();
  }
}

const catalog = (provider: ProviderName, url: string) =>
  provider === "sqlite" ? Promise.resolve(sqliteCatalog(url)) : postgresCatalog(url);

describe("the two schema files", () => {
  it("declare exactly the same models", () => {
    expect(modelsOf("prisma/postgresql/schema.prisma")).toBe(modelsOf("prisma/sqlite/schema.prisma"));
  });

  it("have no model change that lacks a migration", () => {
    for (const provider of PROVIDERS) {
      expect(readFileSync(`${root}prisma/${provider}/last-migrated.schema`, "utf8"), provider).toBe(
        readFileSync(`${root}prisma/${provider}/schema.prisma`, "utf8"),
      );
    }
  });

  it("have the same migrations, by name, for both databases", () => {
    expect(readMigrations("postgresql").map((m) => m.name)).toEqual(readMigrations("sqlite").map((m) => m.name));
  });
});

describe.each(PROVIDERS)("migrations on %s", (provider) => {
  const disposers: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const dispose of disposers) await dispose();
  });

  it("applied to an empty database yield exactly the schema that `prisma db push` creates", async () => {
    const migrated = await freshDatabase(provider, "migrated");
    const pushed = await freshDatabase(provider, "pushed");
    disposers.push(migrated.dispose, pushed.dispose);

    const result = await migrate(migrated.url);
    expect(result.applied).toEqual(readMigrations(provider).map((m) => m.name));
    await prisma(provider, pushed.url, ["db", "push", "--skip-generate"], /in sync with your Prisma schema/);

    const [fromMigrations, fromSchema] = await Promise.all([
      catalog(provider, migrated.url),
      catalog(provider, pushed.url),
    ]);
    expect(fromMigrations).toEqual(fromSchema);
    expect(JSON.stringify(fromMigrations)).toContain("Engagement");
  });

  it("are recorded the way `prisma migrate status` reads them, and a second run applies nothing", async () => {
    const db = await freshDatabase(provider, "status");
    disposers.push(db.dispose);
    await migrate(db.url);
    const status = await prisma(provider, db.url, ["migrate", "status"], /up to date|not yet been applied|failed/i);
    expect(status).toContain("Database schema is up to date");
    expect(await migrate(db.url)).toEqual({ applied: [], alreadyApplied: readMigrations(provider).length });
  });

  it("bring an older database up to date by applying only what it lacks", async () => {
    const all = readMigrations(provider);
    if (all.length < 2) return;
    const db = await freshDatabase(provider, "upgrade");
    disposers.push(db.dispose);
    await migrate(db.url);
    // Turn it into a database of the previous release: without the last migration.
    const last = all.at(-1)?.name as string;
    const index = "Engagement_clientId_serviceLine_date_feeCents_idx";
    if (provider === "sqlite") {
      const raw = new Sqlite(db.url.slice("file:".length));
      raw.exec(`DROP INDEX "${index}"`);
      raw.prepare(`DELETE FROM "_prisma_migrations" WHERE migration_name = ?`).run(last);
      raw.close();
    } else {
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      await client.query(`DROP INDEX "${index}"`);
      await client.query(`DELETE FROM "_prisma_migrations" WHERE migration_name = $1`, [last]);
      await client.end();
    }
    expect(await migrate(db.url)).toEqual({ applied: [last], alreadyApplied: all.length - 1 });
    const pushed = await freshDatabase(provider, "upgrade-pushed");
    disposers.push(pushed.dispose);
    await prisma(provider, pushed.url, ["db", "push", "--skip-generate"], /in sync with your Prisma schema/);
    expect(await catalog(provider, db.url)).toEqual(await catalog(provider, pushed.url));
  });

  it("run from several processes at once apply each migration once", async () => {
    const db = await freshDatabase(provider, "concurrent");
    disposers.push(db.dispose);
    const results = await Promise.all([migrate(db.url), migrate(db.url), migrate(db.url)]);
    expect(results.flatMap((r) => r.applied)).toEqual(readMigrations(provider).map((m) => m.name));
  });
});
