import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPgDatabase } from "./postgres.js";

export type ProviderName = "sqlite" | "postgresql";
export const PROVIDERS: ProviderName[] = ["sqlite", "postgresql"];

/** An empty database of the given kind: a SQLite file in a temp folder, or a new PostgreSQL database. */
export async function freshDatabase(
  provider: ProviderName,
  label: string,
): Promise<{ url: string; dispose: () => Promise<void> }> {
  if (provider === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), `keyholder-${label}-`));
    return {
      url: `file:${join(dir, "keyholder.db")}`,
      dispose: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const { url, drop } = await createPgDatabase(label);
  return { url, dispose: drop };
}
