import type { ChildProcess } from "node:child_process";
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
import { scoreAll } from "../../src/services/score.js";
import { ACTIONS } from "../../src/slack/ids.js";
import { freshDatabase } from "../support/databases.js";
import { type FakeSlack, startFakeSlack } from "../support/fake-slack.js";
import { startInstance } from "../support/instances.js";
import { blockAction, postSigned } from "../support/slack-requests.js";

const SECRET = "faults-signing-secret";
const MANAGERS = ["U0DEMOMGR1", "U0DEMOMGR2", "U0DEMOMGR3"] as const;

describe("kill -9 in the middle of a burst of votes (PostgreSQL)", () => {
  let fake: FakeSlack;
  let db: Database;
  let services: Services;
  let dispose: () => Promise<void>;
  let dir: string;
  let env: Record<string, string>;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    fake = await startFakeSlack();
    const fresh = await freshDatabase("postgresql", "faults");
    dispose = fresh.dispose;
    await migrate(fresh.url);
    db = openDatabase(fresh.url);
    // Every client qualifies, so an approval needs no reason and a click is a whole vote.
    const policyInput = {
      managers: MANAGERS,
      approvalsChannel: "C0APPROVALS",
      keyThreshold: 0,
      borderlineBand: 0,
      activityWindowMonths: 120,
    };
    const policy = parsePolicy(policyInput, "test");
    await recordPolicyVersion(db, policy, new Date());
    services = { db, policy, clock: systemClock };
    await loadDemo(services, "test");
    dir = mkdtempSync(join(tmpdir(), "keyholder-faults-"));
    writeFileSync(join(dir, "policy.json"), JSON.stringify(policyInput));
    env = {
      DATABASE_URL: fresh.url,
      POLICY_FILE: join(dir, "policy.json"),
      SLACK_BOT_TOKEN: "xoxb-faults-test",
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.apiUrl,
    };
  });

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await db?.close();
    await fake?.close();
    await dispose?.();
    rmSync(dir, { recursive: true, force: true });
  });

  it("keeps every acknowledged vote, doubles none, and decides each claim once after a restart", async () => {
    const open = (await scoreAll(services)).filter((s) => s.owner === null).slice(0, 30);
    const claims = [];
    for (const s of open)
      claims.push(await createClaim(services, { clientId: s.card.clientId, claimant: "U0DEMOREC1", reason: "burst" }));

    const first = await startInstance(env);
    children.push(first.child);
    const clicks = claims.flatMap((c) => [MANAGERS[0], MANAGERS[1]].map((m) => ({ claimId: c.id, manager: m })));
    const acknowledged: typeof clicks = [];
    let sent = 0;
    let killed = false;
    const worker = async () => {
      for (;;) {
        const click = clicks[sent++];
        if (!click) return;
        if (!killed && sent > clicks.length / 2) {
          killed = true;
          first.child.kill("SIGKILL");
        }
        try {
          const res = await postSigned(
            `http://127.0.0.1:${first.port}/slack/events`,
            blockAction({
              userId: click.manager,
              actionId: ACTIONS.approve,
              value: String(click.claimId),
              channelId: "C0APPROVALS",
            }),
            SECRET,
          );
          if (res.status === 200) acknowledged.push(click);
        } catch {
          // The process is gone: the click was not acknowledged.
        }
      }
    };
    await Promise.all(Array.from({ length: 6 }, worker));
    expect(killed).toBe(true);
    expect(acknowledged.length).toBeGreaterThan(10);
    expect(acknowledged.length).toBeLessThan(clicks.length);

    const second = await startInstance(env);
    children.push(second.child);

    for (const click of acknowledged) {
      const vote = await db.prisma.vote.findUnique({
        where: { claimId_voter: { claimId: click.claimId, voter: click.manager } },
      });
      expect(vote, `acknowledged vote of ${click.manager} on claim ${click.claimId}`).not.toBeNull();
    }
    for (const claim of claims) {
      const stored = await db.prisma.claim.findUniqueOrThrow({ where: { id: claim.id }, include: { votes: true } });
      const approvals = stored.votes.filter((v) => v.decision === "APPROVE").length;
      expect(stored.votes.length).toBeLessThanOrEqual(2);
      expect(stored.status, `claim ${claim.id} with ${approvals} approvals`).toBe(
        approvals >= 2 ? "APPROVED" : "PENDING",
      );
      expect(await db.prisma.auditEvent.count({ where: { claimId: claim.id, action: "claim.approved" } })).toBe(
        approvals >= 2 ? 1 : 0,
      );
      expect(await db.prisma.ownership.count({ where: { claimId: claim.id } })).toBe(approvals >= 2 ? 1 : 0);
    }
    second.child.kill("SIGTERM");
  });
});
