import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadPolicy, PolicyError, parsePolicy } from "../../../src/policy/load.js";
import { DEFAULT_POLICY } from "../../../src/policy/schema.js";

const dir = mkdtempSync(join(tmpdir(), "keyholder-policy-"));
const write = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

describe("the policy file", () => {
  it("is the documented defaults when absent", () => {
    const loaded = loadPolicy(join(dir, "missing.json"));
    expect(loaded.policy).toEqual(DEFAULT_POLICY);
    expect(loaded.policy.keyThreshold).toBe(60);
    expect(loaded.policy.weights.revenue).toBe(25);
    expect(loaded.policy.approval).toEqual({ minApprovals: 2, expiresAfterDays: 7 });
    expect(loaded.source).toContain("defaults");
  });

  it("fills what a firm leaves out with the defaults", () => {
    const loaded = loadPolicy(
      write("partial.json", JSON.stringify({ keyThreshold: 70, approval: { minApprovals: 3 } })),
    );
    expect(loaded.policy.keyThreshold).toBe(70);
    expect(loaded.policy.approval).toEqual({ minApprovals: 3, expiresAfterDays: 7 });
    expect(loaded.policy.timezone).toBe("UTC");
  });

  it("names the field and the reason for every mistake", () => {
    const path = write(
      "bad.json",
      JSON.stringify({
        timezone: "Mars/Olympus",
        managers: ["bob"],
        weights: { revenue: 40 },
        approval: { minApprovals: 0 },
        weeklyReminder: "every monday",
        keyTreshold: 50,
      }),
    );
    let message = "";
    try {
      loadPolicy(path);
    } catch (error) {
      expect(error).toBeInstanceOf(PolicyError);
      message = (error as Error).message;
    }
    expect(message).toContain(path);
    expect(message).toContain("timezone: must be an IANA time zone");
    expect(message).toContain("managers.0: must be a Slack user ID");
    expect(message).toContain("weights: weights must sum to 100");
    expect(message).toContain("approval.minApprovals");
    expect(message).toContain("weeklyReminder: must be a cron expression");
    expect(message).toContain('Unrecognized key: "keyTreshold"');
  });

  it("says so when the file is not JSON", () => {
    expect(() => loadPolicy(write("broken.json", "{ keyThreshold: 60 "))).toThrow(/is not valid JSON/);
  });

  it("has one version per distinct content, whatever the key order or defaults written out", () => {
    const a = parsePolicy({ keyThreshold: 60, parentWeight: 0.5 }, "a");
    const b = parsePolicy({ parentWeight: 0.5 }, "b");
    const c = parsePolicy({ keyThreshold: 65 }, "c");
    expect(a.version).toBe(b.version);
    expect(a.version).not.toBe(c.version);
    expect(a.version).toMatch(/^[0-9a-f]{12}$/);
    expect(JSON.parse(a.content)).toEqual(a.policy);
  });
});
