import Sqlite from "better-sqlite3";
import pg from "pg";
import type { Provider } from "./client.js";

/**
 * Plain SQL next to Prisma, for the paths where the ORM's per-query cost would
 * dominate: the scoring aggregates and bulk imports. Statements are written once
 * with `?` placeholders; dates go in as ISO strings (on SQLite in the form Prisma's
 * adapter stores, on PostgreSQL a value it casts to its timestamp columns) and come back as
 * `Date` or ISO text, which callers read with `new Date(...)`.
 */
export interface RawSql {
  query<T>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /**
   * Inserts rows in one transaction, skipping rows whose `conflictColumn` already
   * exists; returns how many were inserted.
   */
  insertMany(
    table: string,
    columns: readonly string[],
    rows: Iterable<readonly unknown[]>,
    conflictColumn: string,
  ): Promise<number>;
  close(): Promise<void>;
}

/** Dates on SQLite in exactly the text form Prisma's adapter writes, so both compare and match alike. */
const toParam = (value: unknown): unknown => {
  if (value instanceof Date) return value.toISOString().replace("Z", "+00:00");
  if (typeof value === "boolean") return value ? 1 : 0;
  return value;
};

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

export function sqliteSql(path: string): RawSql {
  const db = new Sqlite(path, { timeout: 10_000 });
  db.pragma("journal_mode = WAL");
  const statements = new Map<string, Sqlite.Statement>();
  const prepare = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  return {
    async query<T>(sql: string, params: readonly unknown[] = []) {
      return prepare(sql).all(...params.map(toParam)) as T[];
    },
    async insertMany(table, columns, rows, conflictColumn) {
      const insert = prepare(
        `INSERT INTO ${quoteIdent(table)} (${columns.map(quoteIdent).join(", ")}) VALUES (${columns.map(() => "?").join(", ")}) ON CONFLICT (${quoteIdent(conflictColumn)}) DO NOTHING`,
      );
      const run = db.transaction((all: Iterable<readonly unknown[]>) => {
        let inserted = 0;
        const params: unknown[] = new Array(columns.length);
        for (const row of all) {
          for (let i = 0; i < columns.length; i++) params[i] = toParam(row[i]);
          inserted += insert.run(...params).changes;
        }
        return inserted;
      });
      return run.immediate(rows);
    },
    async close() {
      db.close();
    },
  };
}

/** PostgreSQL's `timestamp` columns hold UTC (as Prisma writes them): read them as UTC whatever TZ says. */
const TIMESTAMP_OID = 1114;
const pgTypes = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === TIMESTAMP_OID
      ? (value: string) => new Date(`${value.replace(" ", "T")}Z`)
      : pg.types.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser,
};

/** `?` placeholders become `$1, $2, …` (the statements here have no `?` inside strings). */
const numbered = (sql: string) => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

export function postgresSql(url: string): RawSql {
  const pool = new pg.Pool({ connectionString: url, max: 4, types: pgTypes });
  // A connection dropped while idle (a database restart, a network blip) must not end
  // the process; the pool replaces it, and the next query reports any lasting problem.
  pool.on("error", () => {});
  const texts = new Map<string, string>();
  const text = (sql: string) => {
    let converted = texts.get(sql);
    if (!converted) {
      converted = numbered(sql);
      texts.set(sql, converted);
    }
    return converted;
  };
  return {
    async query<T>(sql: string, params: readonly unknown[] = []) {
      const result = await pool.query(text(sql), params.map(toParamPg));
      return result.rows as T[];
    },
    async insertMany(table, columns, rows, conflictColumn) {
      // 65,535 parameters at most per statement.
      const perStatement = Math.max(1, Math.floor(60_000 / columns.length));
      const batches = function* () {
        let batch: Array<readonly unknown[]> = [];
        for (const row of rows) {
          batch.push(row);
          if (batch.length === perStatement) {
            yield batch;
            batch = [];
          }
        }
        if (batch.length > 0) yield batch;
      };
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        let inserted = 0;
        for (const batch of batches()) {
          const values = batch
            .map((_, r) => `(${columns.map((__, c) => `$${r * columns.length + c + 1}`).join(", ")})`)
            .join(", ");
          const result = await client.query(
            `INSERT INTO ${quoteIdent(table)} (${columns.map(quoteIdent).join(", ")}) VALUES ${values} ON CONFLICT (${quoteIdent(conflictColumn)}) DO NOTHING`,
            batch.flat().map(toParamPg),
          );
          inserted += result.rowCount ?? 0;
        }
        await client.query("COMMIT");
        return inserted;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}

const toParamPg = (value: unknown): unknown => (value instanceof Date ? value.toISOString() : value);

export function openSql(provider: Provider, target: string): RawSql {
  return provider === "sqlite" ? sqliteSql(target) : postgresSql(target);
}
