import type { LoadedPolicy } from "../../policy/load.js";
import type { Database } from "../client.js";

/**
 * Stores the policy content under its version the first time it is seen; several
 * processes starting at once store it once (the version is the primary key).
 */
export async function recordPolicyVersion(
  db: Database,
  loaded: LoadedPolicy,
  now: Date,
): Promise<{ created: boolean }> {
  const inserted = await db.sql.insertMany(
    "PolicyVersion",
    ["version", "content", "createdAt"],
    [[loaded.version, loaded.content, now]],
    "version",
  );
  return { created: inserted === 1 };
}

export async function listPolicyVersions(db: Database) {
  return db.prisma.policyVersion.findMany({
    orderBy: { createdAt: "asc" },
    select: { version: true, createdAt: true },
  });
}
