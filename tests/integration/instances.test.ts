import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../../src/db/client.js";
import { migrate } from "../../src/db/migrate.js";
import { recordPolicyVersion } from "../../src/db/repositories/policies.js";
import { parsePolicy } from "../../src/policy/load.js";
import { createClaim } from "../../src/services/claims.js";
import { systemClock } from "../../src/services/clock.js";
import type { Services } from "../../src/services/context.js";
import { loadDemo } from "../../src/services/demo.js";
import { ACTIONS } from "../../src/slack/ids.js";
import { freshDatabase } from "../support/databases.js";
import { type FakeSlack, startFakeSlack } from "../support/fake-slack.js";
import { exitCode, type Instance, startInstance } from "../support/instances.js";
import { blockAction, postSigned } from "../support/slack-requests.js";

const SECRET = "instances-signing-secret";
const MANAGERS = ["U0DEMOMGR1", "U0DEMOMGR2", "U0DEMOMGR3"];
const APPROVALS = "C0APPROVALS";
const REVIEW = "C0REVIEW";

describe("two instances on one PostgreSQL database", () => {
  let fake: FakeSlack;
  let db: Database;
  let services: Services;
  let dispose: () => Promise<void>;
  let dir: string;
  let instances: Instance[] = [];

  beforeAll(async () => {
    fake = await startFakeSlack();
    const fresh = await freshDatabase("postgresql", "instances");
    dispose = fresh.dispose;
    await migrate(fresh.url);
    db = openDatabase(fresh.url);
    // A daily reminder time: the latest one has always passed, so both instances try to make it up at start.
    const policyInput = {
      managers: MANAGERS,
      approvalsChannel: APPROVALS,
      reviewChannel: REVIEW,
      weeklyReminder: "0 0 * * *",
    };
    const policy = parsePolicy(policyInput, "test");
    await recordPolicyVersion(db, policy, new Date());
    services = { db, policy, clock: systemClock };
    await loadDemo(services, "test");
    dir = mkdtempSync(join(tmpdir(), "keyholder-instances-"));
    writeFileSync(join(dir, "policy.json"), JSON.stringify(policyInput));
    const env = {
      DATABASE_URL: fresh.url,
      POLICY_FILE: join(dir, "policy.json"),
      SLACK_BOT_TOKEN: "xoxb-instances-test",
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.apiUrl,
      INSTANCES: "2",
    };
    instances = await Promise.all([startInstance(env), startInstance(env)]);
  });

  afterAll(async () => {
    for (const instance of instances) if (instance.child.exitCode === null) instance.child.kill("SIGKILL");
    await db?.close();
    await fake?.close();
    await dispose?.();
    rmSync(dir, { recursive: true, force: true });
  });

  it("both make up the missed reminder at start; it runs once and is posted once", async () => {
    await fake.waitFor(() => fake.messages(REVIEW).length > 0, 15_000, "reminder posted");
    await new Promise((r) => setTimeout(r, 1500));
    expect(await db.prisma.jobRun.count({ where: { job: "weekly-reminder" } })).toBe(1);
    expect(fake.messages(REVIEW)).toHaveLength(1);
  });

  it("a claim's thread is posted once though both instances run outbox workers", async () => {
    const client = await db.prisma.client.findUniqueOrThrow({ where: { name: "Copperline Manufacturing" } });
    const claim = await createClaim(services, { clientId: client.id, claimant: "U0DEMOREC1", reason: "two instances" });
    await fake.waitFor(() => fake.messages(APPROVALS).length === 1, 15_000, "thread posted");
    await new Promise((r) => setTimeout(r, 1500));
    expect(fake.messages(APPROVALS)).toHaveLength(1);

    // Deciding votes arrive at both instances at the same instant.
    const click = (instance: Instance, manager: string) =>
      postSigned(
        `http://127.0.0.1:${instance.port}/slack/events`,
        blockAction({
          userId: manager,
          actionId: ACTIONS.approve,
          value: String(claim.id),
          channelId: APPROVALS,
          responseUrl: fake.responseUrl(manager),
        }),
        SECRET,
      );
    const [a, b] = instances as [Instance, Instance];
    const answers = await Promise.all([click(a, MANAGERS[0] as string), click(b, MANAGERS[1] as string)]);
    expect(answers.map((r) => r.status)).toEqual([200, 200]);

    const told = () => fake.dms("U0DEMOREC1").filter((m) => m.text.includes("Copperline"));
    const decisionReplies = () =>
      (fake.messages(APPROVALS)[0]?.replies ?? []).filter((r) => r.text.startsWith("Approved"));
    await fake.waitFor(() => told().length > 0 && decisionReplies().length > 0, 15_000, "decision posted");
    await new Promise((r) => setTimeout(r, 1500));
    expect((await db.prisma.claim.findUniqueOrThrow({ where: { id: claim.id } })).status).toBe("APPROVED");
    expect(await db.prisma.auditEvent.count({ where: { claimId: claim.id, action: "claim.approved" } })).toBe(1);
    expect(await db.prisma.vote.count({ where: { claimId: claim.id } })).toBe(2);
    expect(told()).toHaveLength(1);
    expect(decisionReplies()).toHaveLength(1);
    expect(await db.prisma.outboxMessage.count({ where: { status: { not: "SENT" } } })).toBe(0);
  });

  it("each stops cleanly on SIGTERM", async () => {
    for (const instance of instances) instance.child.kill("SIGTERM");
    expect(await Promise.all(instances.map((i) => exitCode(i.child)))).toEqual([0, 0]);
  });
});
