import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as PostgresClient } from "../generated/postgresql/client.js";
import { PrismaClient as SqliteClient } from "../generated/sqlite/client.js";
import { openSql, type RawSql } from "./sql.js";

/**
 * The two generated clients have the same models (a test proves it), so the rest of
 * the code is typed against one of them.
 */
export type Prisma = SqliteClient;
export type Provider = "sqlite" | "postgresql";

export interface Database {
  provider: Provider;
  /** Where the data lives: a file path for SQLite, the URL without password for PostgreSQL. */
  location: string;
  prisma: Prisma;
  /** Plain SQL for the hot aggregates and bulk imports. */
  sql: RawSql;
  close(): Promise<void>;
}

export interface DatabaseTarget {
  provider: Provider;
  /** File path (SQLite) or connection string (PostgreSQL). */
  target: string;
}

/** Chooses the database by the URL's scheme: `file:` is SQLite, `postgres(ql)://` is PostgreSQL. */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (url.startsWith("file:")) {
    const path = url.slice("file:".length);
    if (!path) throw new Error('DATABASE_URL "file:" needs a path, e.g. file:./data/keyholder.db');
    return { provider: "sqlite", target: path === ":memory:" ? path : resolve(path) };
  }
  if (/^postgres(ql)?:\/\//.test(url)) return { provider: "postgresql", target: url };
  throw new Error(
    "DATABASE_URL must start with file: (SQLite, e.g. file:./data/keyholder.db) or postgresql:// (PostgreSQL)",
  );
}

async function closeBoth(prisma: { $disconnect(): Promise<void> }, sql: RawSql): Promise<void> {
  await Promise.all([prisma.$disconnect(), sql.close()]);
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");
}

export function openDatabase(url: string): Database {
  const { provider, target } = parseDatabaseUrl(url);
  if (provider === "sqlite") {
    if (target !== ":memory:") mkdirSync(dirname(target), { recursive: true });
    const prisma = new SqliteClient({ adapter: new PrismaBetterSQLite3({ url: target, timeout: 10_000 }) });
    const sql = openSql(provider, target);
    return { provider, location: target, prisma, sql, close: () => closeBoth(prisma, sql) };
  }
  const prisma = new PostgresClient({ adapter: new PrismaPg({ connectionString: target, max: 10 }) });
  const sql = openSql(provider, target);
  return {
    provider,
    location: redactUrl(target),
    prisma: prisma as unknown as Prisma,
    sql,
    close: () => closeBoth(prisma, sql),
  };
}
