import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { housekeepingJob, makeUpMissedRuns, weeklyReminderJob } from "../../src/jobs/scheduler.js";
import { createLogger } from "../../src/logger.js";
import { createClaim } from "../../src/services/claims.js";
import { fixedClock } from "../../src/services/clock.js";
import type { Services } from "../../src/services/context.js";
import { ACTIONS } from "../../src/slack/ids.js";
import { keyholder } from "../support/cli.js";
import { PROVIDERS } from "../support/databases.js";
import { MANAGERS, RECRUITERS, REVIEW, type SlackHarness, startSlackHarness } from "../support/slack-harness.js";

const [M1] = MANAGERS;
const [R1] = RECRUITERS;
const DAY = 86_400_000;
const silent = createLogger("silent");

describe.each(PROVIDERS)("scheduled jobs on %s", (provider) => {
  let h: SlackHarness;
  const at = (iso: string): Services => ({ ...h.services, clock: fixedClock(new Date(iso)) });

  beforeAll(async () => {
    h = await startSlackHarness(provider, "jobs", { policy: { timezone: "Europe/London" } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it("the weekly reminder runs once per period however many instances fire it", async () => {
    const open = await h.db.prisma.client.findUniqueOrThrow({ where: { name: "Copperline Manufacturing" } });
    const claim = await createClaim(h.services, { clientId: open.id, claimant: R1, reason: "weekly reminder test" });
    const job = weeklyReminderJob(h.services);
    const results = await Promise.all(Array.from({ length: 5 }, () => job.run(h.services, "2026-12-07T09:00")));
    expect(results.filter((r) => r.ran)).toHaveLength(1);
    expect(await h.db.prisma.jobRun.count({ where: { job: "weekly-reminder", periodKey: "2026-12-07T09:00" } })).toBe(
      1,
    );

    await h.slack.outbox.drain();
    const posted = h.fake.messages(REVIEW);
    expect(posted.length).toBeGreaterThanOrEqual(1);
    const text = JSON.stringify(posted);
    expect(text).toContain(claim.client);
    for (const manager of MANAGERS) expect(text).toContain(`<@${manager}>`);
    expect(posted.every((m) => m.blocks.length <= 50)).toBe(true);
  });

  it("a Key Account due for review gets Renew / Release buttons, and Renew moves its review a year on", async () => {
    const ownership = await h.db.prisma.ownership.findFirstOrThrow({
      where: { currentFor: { not: null } },
      include: { client: true },
    });
    await h.db.prisma.ownership.update({
      where: { id: ownership.id },
      data: { reviewDueAt: new Date(Date.now() + 5 * DAY) },
    });
    await weeklyReminderJob(h.services).run(h.services, "2026-12-14T09:00");
    await h.slack.outbox.drain();
    const reminder = JSON.stringify(h.fake.messages(REVIEW).at(-1));
    expect(reminder).toContain(ownership.client.name);
    expect(reminder).toContain(ACTIONS.renew);

    const refused = await h.click(R1, { actionId: ACTIONS.renew, value: String(ownership.id), channelId: REVIEW });
    await h.slack.idle();
    expect(JSON.stringify(h.fake.responses(refused.responseUrl))).toMatch(/only the managers/i);
    await h.click(M1, { actionId: ACTIONS.renew, value: String(ownership.id), channelId: REVIEW });
    await h.slack.idle();
    const renewed = await h.db.prisma.ownership.findUniqueOrThrow({ where: { id: ownership.id } });
    expect(renewed.reviewDueAt.getTime()).toBeGreaterThan(Date.now() + 360 * DAY);
    expect(
      await h.db.prisma.auditEvent.count({ where: { action: "ownership.renewed", clientId: ownership.clientId } }),
    ).toBe(1);
  });

  it("housekeeping expires claims, lapses ownerships, and warns an owner once per lapse date", async () => {
    const claim = await h.db.prisma.claim.findFirstOrThrow({ where: { status: "PENDING" } });
    await h.db.prisma.claim.update({ where: { id: claim.id }, data: { expiresAt: new Date(Date.now() - DAY) } });
    const [lapsing, warned] = await h.db.prisma.ownership.findMany({
      where: { currentFor: { not: null } },
      take: 2,
      orderBy: { id: "asc" },
    });
    if (!lapsing || !warned) throw new Error("the demo firm has owners");
    await h.db.prisma.ownership.update({
      where: { id: lapsing.id },
      data: { reviewDueAt: new Date(Date.now() - DAY) },
    });
    await h.db.prisma.ownership.update({
      where: { id: warned.id },
      data: { reviewDueAt: new Date(Date.now() + 10 * DAY) },
    });

    const first = await housekeepingJob.run(h.services, "2026-12-04T06:00");
    expect(first.ran).toBe(true);
    expect((await housekeepingJob.run(h.services, "2026-12-04T06:00")).ran).toBe(false);
    expect((await h.db.prisma.claim.findUniqueOrThrow({ where: { id: claim.id } })).status).toBe("EXPIRED");
    expect((await h.db.prisma.ownership.findUniqueOrThrow({ where: { id: lapsing.id } })).endReason).toBe(
      "review-not-renewed",
    );

    await housekeepingJob.run(h.services, "2026-12-05T06:00");
    await h.slack.outbox.drain();
    const warnings = h.fake.dms(warned.owner).filter((m) => m.text.includes("lapses on"));
    expect(warnings).toHaveLength(1);
    expect(h.fake.dms(lapsing.owner).some((m) => m.text.includes("not renewed") || m.text.includes("lapsed"))).toBe(
      true,
    );
    expect(h.fake.dms(claim.claimant).some((m) => /expired/i.test(m.text))).toBe(true);
  });

  it("after downtime, the missed run of each job is made up once at start", async () => {
    // Monday 2027-01-04 09:00 London passed while nothing ran; the app starts on Wednesday.
    const wednesday = at("2027-01-06T12:00:00Z");
    await makeUpMissedRuns(wednesday, [weeklyReminderJob(wednesday), housekeepingJob], silent);
    await makeUpMissedRuns(wednesday, [weeklyReminderJob(wednesday), housekeepingJob], silent);
    expect(await h.db.prisma.jobRun.count({ where: { job: "weekly-reminder", periodKey: "2027-01-04T09:00" } })).toBe(
      1,
    );
    expect(await h.db.prisma.jobRun.count({ where: { job: "housekeeping", periodKey: "2027-01-06T06:00" } })).toBe(1);
  });

  it("keyholder review --now runs the reminder, says so when this period already ran, and --force runs it again", async () => {
    const dir = mkdtempSync(join(tmpdir(), "keyholder-review-"));
    const policyFile = join(dir, "policy.json");
    writeFileSync(policyFile, JSON.stringify({ ...JSON.parse(h.services.policy.content) }));
    const env = { DATABASE_URL: h.databaseUrl, POLICY_FILE: policyFile };
    const first = await keyholder(["review", "--now"], env, dir);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/Weekly reminder for \d{4}-\d{2}-\d{2}T09:00: \d+ message/);
    const again = await keyholder(["review", "--now"], env, dir);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("already ran");
    expect(again.stderr).toContain("--force");
    const forced = await keyholder(["review", "--now", "--force"], env, dir);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toContain("+forced:");
    rmSync(dir, { recursive: true, force: true });
  });
});
