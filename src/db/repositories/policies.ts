import type { LoadedPolicy } from "../../policy/load.js";
import type { Database } from "../client.js";
import { isUniqueViolation } from "../errors.js";

/** Stores the policy content under its version the first time it is seen. */
export async function recordPolicyVersion(db: Database, loaded: LoadedPolicy): Promise<{ created: boolean }> {
  const existing = await db.prisma.policyVersion.findUnique({
    where: { version: loaded.version },
    select: { version: true },
  });
  if (existing) return { created: false };
  try {
    await db.prisma.policyVersion.create({ data: { version: loaded.version, content: loaded.content } });
    return { created: true };
  } catch (error) {
    // Another process stored the same version at the same moment.
    if (isUniqueViolation(error)) return { created: false };
    throw error;
  }
}

export async function listPolicyVersions(db: Database) {
  return db.prisma.policyVersion.findMany({
    orderBy: { createdAt: "asc" },
    select: { version: true, createdAt: true },
  });
}
