import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as PostgresClient } from "../generated/postgresql/client.js";
import { PrismaClient as SqliteClient } from "../generated/sqlite/client.js";

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

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");
}

export function openDatabase(url: string): Database {
  const { provider, target } = parseDatabaseUrl(url);
  if (provider === "sqlite") {
    if (target !== ":memory:") mkdirSync(dirname(target), { recursive: true });
    const prisma = new SqliteClient({ adapter: new PrismaBetterSQLite3({ url: target, timeout: 10_000 }) });
    return { provider, location: target, prisma, close: () => prisma.$disconnect() };
  }
  const prisma = new PostgresClient({ adapter: new PrismaPg({ connectionString: target, max: 10 }) });
  return {
    provider,
    location: redactUrl(target),
    prisma: prisma as unknown as Prisma,
    close: () => prisma.$disconnect(),
  };
}
