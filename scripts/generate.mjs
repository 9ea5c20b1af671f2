// Generates both Prisma clients (SQLite and PostgreSQL) into src/generated/.
// Runs on `npm install`; needs no database, only a DATABASE_URL of the right kind.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
execFileSync("node", [`${root}scripts/sync-schemas.mjs`], { stdio: "inherit" });
const urls = { sqlite: "file::memory:", postgresql: "postgresql://localhost:5432/unused" };
for (const [provider, url] of Object.entries(urls)) {
  execFileSync(`${root}node_modules/.bin/prisma`, ["generate", "--config", "prisma.config.ts"], {
    cwd: `${root}prisma/${provider}`,
    env: { ...process.env, DATABASE_URL: url, CHECKPOINT_DISABLE: "1" },
    stdio: ["ignore", "ignore", "inherit"],
  });
}
console.log("Generated the Prisma clients for SQLite and PostgreSQL.");
