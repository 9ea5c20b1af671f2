// Prisma CLI configuration for SQLite: the WebAssembly schema engine through the
// better-sqlite3 adapter, so every command works offline.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { defineConfig } from "prisma/config";

const url = (process.env.DATABASE_URL ?? "file:./data/keyholder.db").replace(/^file:/, "");

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "./schema.prisma",
  migrations: { path: "./migrations" },
  adapter: async () => new PrismaBetterSQLite3({ url }),
});
