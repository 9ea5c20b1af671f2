import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrap } from "../../src/bootstrap.js";
import { weeklyReminderJob } from "../../src/jobs/scheduler.js";
import { castVote, createClaim } from "../../src/services/claims.js";
import { freshDatabase } from "../support/databases.js";
import {
  APPROVALS,
  MANAGERS,
  RECRUITERS,
  REVIEW,
  type SlackHarness,
  startSlackHarness,
} from "../support/slack-harness.js";

describe("Slack unreachable for an hour (simulated clock)", () => {
  let h: SlackHarness;
  let now = new Date("2026-12-07T08:00:00Z");
  const clock = () => new Date(now.getTime());

  beforeAll(async () => {
    h = await startSlackHarness("sqlite", "outage", { clock });
  });
  afterAll(async () => {
    await h?.close();
  });

  it("delivers the reminder and the decision once each when Slack returns", async () => {
    h.fake.setDown(true);
    const client = await h.db.prisma.client.findUniqueOrThrow({ where: { name: "Copperline Manufacturing" } });
    const claim = await createClaim(h.services, {
      clientId: client.id,
      claimant: RECRUITERS[0],
      reason: "during the outage",
    });
    await castVote(h.services, { claimId: claim.id, voter: MANAGERS[0], decision: "APPROVE", reason: null });
    await castVote(h.services, { claimId: claim.id, voter: MANAGERS[1], decision: "APPROVE", reason: null });
    await weeklyReminderJob(h.services).run(h.services, "2026-12-07T09:00");

    // An hour of retries: every half minute of simulated time, the worker tries what is due.
    for (let minute = 0; minute < 60; minute += 0.5) {
      now = new Date(now.getTime() + 30_000);
      await h.slack.outbox.drain();
    }
    const attempts = await h.db.prisma.outboxMessage.aggregate({ _max: { attempts: true } });
    expect(attempts._max.attempts).toBeGreaterThan(10);
    expect(h.fake.messages(APPROVALS)).toHaveLength(0);

    h.fake.setDown(false);
    for (let i = 0; i < 6; i++) {
      now = new Date(now.getTime() + 61_000);
      await h.slack.outbox.drain();
    }
    expect(await h.db.prisma.outboxMessage.count({ where: { status: { not: "SENT" } } })).toBe(0);
    expect(h.fake.messages(APPROVALS)).toHaveLength(1);
    const root = h.fake.messages(APPROVALS)[0];
    expect(root?.replies.filter((r) => r.text.startsWith("Approved"))).toHaveLength(1);
    expect(JSON.stringify(root?.blocks)).not.toContain("vote_approve");
    expect(h.fake.messages(REVIEW)).toHaveLength(1);
    expect(h.fake.dms(RECRUITERS[0]).filter((m) => m.text.includes("Copperline"))).toHaveLength(1);
  });
});

describe("a policy changed between restarts", () => {
  it("is recorded as a new version, and earlier decisions keep theirs", async () => {
    const { url, dispose } = await freshDatabase("sqlite", "policy-change");
    const dir = mkdtempSync(join(tmpdir(), "keyholder-policy-"));
    const file = join(dir, "policy.json");
    try {
      const managers = ["U0DEMOMGR1", "U0DEMOMGR2", "U0DEMOMGR3"];
      writeFileSync(file, JSON.stringify({ managers, approvalsChannel: "C0APPROVALS" }));
      const first = await bootstrap({ env: { DATABASE_URL: url, POLICY_FILE: file } });
      const client = await first.services.db.prisma.client.create({
        data: { name: "Policy Test Co", normalizedName: "policy test" },
      });
      const claim = await createClaim(first.services, {
        clientId: client.id,
        claimant: "U0DEMOREC1",
        reason: "before",
      });
      await first.services.db.close();

      writeFileSync(file, JSON.stringify({ managers, approvalsChannel: "C0APPROVALS", keyThreshold: 70 }));
      const second = await bootstrap({ env: { DATABASE_URL: url, POLICY_FILE: file } });
      expect(second.services.policy.version).not.toBe(first.services.policy.version);
      const versions = await second.services.db.prisma.policyVersion.findMany();
      expect(versions.map((v) => v.version).sort()).toEqual(
        [first.services.policy.version, second.services.policy.version].sort(),
      );
      const stored = await second.services.db.prisma.claim.findUniqueOrThrow({ where: { id: claim.id } });
      expect(stored.policyVersion).toBe(first.services.policy.version);
      expect(
        JSON.parse(versions.find((v) => v.version === second.services.policy.version)?.content ?? "{}").keyThreshold,
      ).toBe(70);
      await second.services.db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await dispose();
    }
  });
});
