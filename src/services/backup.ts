import { execFile } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { promisify } from "node:util";
import Sqlite from "better-sqlite3";
import type { Database } from "../db/client.js";

export class BackupError extends Error {}

/**
 * A consistent copy of the database while the app runs. SQLite: `VACUUM INTO`
 * writes a transactionally consistent, compacted copy (never a plain file copy of a
 * live database), then the copy is checked with `PRAGMA integrity_check`.
 * PostgreSQL: `pg_dump` in its custom format, restorable with `pg_restore`.
 */
export async function backupDatabase(
  db: Database,
  databaseUrl: string,
  file: string,
): Promise<{ file: string; bytes?: number; check: string }> {
  const target = resolve(file);
  if (existsSync(target))
    throw new BackupError(`${target} already exists; choose a new file name so nothing is overwritten`);
  mkdirSync(dirname(target), { recursive: true });

  if (db.provider === "sqlite") {
    const source = new Sqlite(db.location, { readonly: true, timeout: 10_000 });
    try {
      source.prepare("VACUUM INTO ?").run(target);
    } finally {
      source.close();
    }
    const copy = new Sqlite(target, { readonly: true });
    try {
      const result = copy.pragma("integrity_check", { simple: true });
      if (result !== "ok") {
        rmSync(target, { force: true });
        throw new BackupError(`the copy failed its integrity check (${String(result)}); it was removed`);
      }
    } finally {
      copy.close();
    }
    return { file: target, check: "integrity_check: ok" };
  }

  try {
    await promisify(execFile)("pg_dump", ["--format=custom", "--no-owner", `--file=${target}`, databaseUrl]);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") {
      throw new BackupError(
        "pg_dump is not installed; install the PostgreSQL client tools (apt-get install postgresql-client)",
      );
    }
    throw new BackupError(
      `pg_dump failed: ${(error as { stderr?: string }).stderr?.trim() || (error as Error).message}`,
    );
  }
  return { file: target, check: "pg_dump: completed (restore with pg_restore)" };
}
