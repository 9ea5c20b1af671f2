// Writes prisma/postgresql/schema.prisma from prisma/sqlite/schema.prisma: the same
// models under the PostgreSQL datasource and its own generated client.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const source = readFileSync(`${root}prisma/sqlite/schema.prisma`, "utf8");
const marker = "// ---- models ----";
const at = source.indexOf(marker);
if (at < 0) throw new Error(`prisma/sqlite/schema.prisma has lost its "${marker}" line`);

const header = `// Generated from prisma/sqlite/schema.prisma by scripts/sync-schemas.mjs: edit that file.

generator client {
  provider   = "prisma-client"
  output     = "../../src/generated/postgresql"
  engineType = "client"
  moduleFormat = "esm"
  importFileExtension = "js"
}

datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}

`;
const target = `${root}prisma/postgresql/schema.prisma`;
const next = header + source.slice(at);
let current = "";
try {
  current = readFileSync(target, "utf8");
} catch {}
if (current !== next) writeFileSync(target, next);
