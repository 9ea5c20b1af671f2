import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { type Policy, policySchema } from "./schema.js";

export class PolicyError extends Error {}

export interface LoadedPolicy {
  policy: Policy;
  /** Short hash of the policy's effective content: the same rules always get the same version. */
  version: string;
  /** Canonical JSON of the policy, as stored with its version. */
  content: string;
  source: string;
}

/** JSON with object keys sorted, so equal policies serialise identically. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function versionPolicy(policy: Policy, source: string): LoadedPolicy {
  const content = canonicalJson(policy);
  const version = createHash("sha256").update(content).digest("hex").slice(0, 12);
  return { policy, version, content, source };
}

export function parsePolicy(raw: unknown, source: string): LoadedPolicy {
  const parsed = policySchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(top level)"}: ${issue.message}`);
    throw new PolicyError(`Invalid policy in ${source}:\n  ${lines.join("\n  ")}`);
  }
  return versionPolicy(parsed.data, source);
}

/** Reads the policy file; an absent file means `withoutFile` when given, else the defaults. */
export function loadPolicy(path: string, withoutFile?: { policy: unknown; source: string }): LoadedPolicy {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      return withoutFile
        ? parsePolicy(withoutFile.policy, withoutFile.source)
        : parsePolicy({}, "defaults (no policy file)");
    }
    throw new PolicyError(`Cannot read the policy file ${path}: ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new PolicyError(`The policy file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  return parsePolicy(raw, path);
}
