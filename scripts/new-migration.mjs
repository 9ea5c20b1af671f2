// Writes a migration for both databases from the change to prisma/sqlite/schema.prisma.
// Usage: npm run migration:new -- <name>
// `prisma migrate dev` needs a shadow database the offline schema engine cannot make,
// so each migration is the diff between the schema as last migrated (kept beside each
// schema as last-migrated.schema) and the schema now.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("Usage: npm run migration:new -- <name>   (name: lower case letters, digits and _)");
  process.exit(2);
}
const root = fileURLToPath(new URL("..", import.meta.url));
execFileSync("node", [`${root}scripts/sync-schemas.mjs`], { stdio: "inherit" });

const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
const env = {
  sqlite: { DATABASE_URL: "file::memory:" },
  // The PostgreSQL adapter connects even to diff two files: any reachable server will do.
  postgresql: { DATABASE_URL: process.env.MIGRATION_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres" },
};

for (const provider of ["sqlite", "postgresql"]) {
  const dir = `${root}prisma/${provider}`;
  const snapshot = `${dir}/last-migrated.schema`;
  const from = existsSync(snapshot) ? ["--from-schema-datamodel", snapshot] : ["--from-empty"];
  const sql = execFileSync(
    "npx",
    ["prisma", "migrate", "diff", ...from, "--to-schema-datamodel", `${dir}/schema.prisma`, "--script"],
    { cwd: dir, env: { ...process.env, ...env[provider] }, encoding: "utf8" },
  );
  if (sql.includes("-- This is an empty migration.")) {
    console.log(`${provider}: the schema has not changed since the last migration; nothing written.`);
    continue;
  }
  const folder = `${dir}/migrations/${stamp}_${name}`;
  mkdirSync(folder, { recursive: true });
  writeFileSync(`${folder}/migration.sql`, sql);
  const lock = `${dir}/migrations/migration_lock.toml`;
  if (!existsSync(lock)) writeFileSync(lock, `provider = "${provider}"\n`);
  copyFileSync(`${dir}/schema.prisma`, snapshot);
  console.log(`${provider}: wrote ${folder.slice(root.length)}/migration.sql`);
}
