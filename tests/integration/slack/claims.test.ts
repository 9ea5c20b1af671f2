import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { FORUM_SUBSIDIARY } from "../../../src/demo/dataset.js";
import { rootKey } from "../../../src/services/claims.js";
import { ACTIONS, FIELDS, VIEWS } from "../../../src/slack/ids.js";
import { PROVIDERS } from "../../support/databases.js";
import {
  APPROVALS,
  MANAGERS,
  RECRUITERS,
  type SlackHarness,
  type SlackJson,
  startSlackHarness,
} from "../../support/slack-harness.js";

const [M1, M2, M3] = MANAGERS;
const [R1, R2] = RECRUITERS;
const text = (m: { text?: string; blocks?: unknown }) => `${m.text ?? ""}\n${JSON.stringify(m.blocks ?? [])}`;
const reasonValues = (reason: string) => ({
  [FIELDS.reason.block]: { [FIELDS.reason.action]: { type: "plain_text_input", value: reason } },
});

describe.each(PROVIDERS)("claims and votes through Slack on %s", (provider) => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness(provider, "claims");
  });
  afterAll(async () => {
    await h?.close();
  });
  afterEach(() => {
    h.fake.setDown(false);
  });

  const clientId = async (name: string) => (await h.db.prisma.client.findUniqueOrThrow({ where: { name } })).id;

  /** `/keyaccount claim <client>` → the modal → submitted with a reason; returns the claim id. */
  async function claim(
    user: string,
    client: string,
    reason: string,
    beforeSubmit?: () => void,
  ): Promise<{ claimId: number; modal: unknown; answer: SlackJson }> {
    const before = h.fake.views.opened.length;
    const res = await h.command(user, `claim ${client}`);
    expect(res.status).toBe(200);
    await h.slack.idle();
    await h.fake.waitFor(() => h.fake.views.opened.length > before, 5000, "claim modal opened");
    const modal = h.fake.views.opened.at(-1) as { callback_id: string; private_metadata: string };
    beforeSubmit?.();
    expect(modal.callback_id).toBe(VIEWS.claim);
    const submitted = await h.submit(user, VIEWS.claim, modal.private_metadata, reasonValues(reason));
    expect(submitted.status).toBe(200);
    const stored = await h.db.prisma.claim.findFirstOrThrow({
      where: { claimant: user, client: { name: client } },
      orderBy: { id: "desc" },
    });
    return { claimId: stored.id, modal, answer: submitted.json };
  }

  /** A manager clicks Approve or Reject; a reason modal, when one opens, is submitted with `reason`. */
  async function vote(user: string, claimId: number, decision: "APPROVE" | "REJECT", reason?: string) {
    const before = h.fake.views.opened.length;
    const click = await h.click(user, {
      actionId: decision === "APPROVE" ? ACTIONS.approve : ACTIONS.reject,
      value: String(claimId),
      channelId: APPROVALS,
    });
    expect(click.status).toBe(200);
    await h.slack.idle();
    if (reason !== undefined) {
      await h.fake.waitFor(() => h.fake.views.opened.length > before, 5000, "reason modal opened");
      const modal = h.fake.views.opened.at(-1) as { callback_id: string; private_metadata: string };
      expect(modal.callback_id).toBe(VIEWS.voteReason);
      const submitted = await h.submit(user, VIEWS.voteReason, modal.private_metadata, reasonValues(reason));
      await h.slack.idle();
      return { status: submitted.status, responseUrl: click.responseUrl };
    }
    return click;
  }

  const rootOf = async (claimId: number) => {
    await h.slack.outbox.drain();
    const row = await h.db.prisma.outboxMessage.findUniqueOrThrow({ where: { key: rootKey(claimId) } });
    const root = h.fake.messages(APPROVALS).find((m) => m.ts === row.ts);
    if (!root) throw new Error(`root of claim ${claimId} not in ${APPROVALS}`);
    return root;
  };

  it("the forum case end to end: an override needs reasons, two managers approve, the owner is set and told", async () => {
    const { claimId, modal, answer } = await claim(
      R1,
      FORUM_SUBSIDIARY,
      "They asked me directly for two IT contractors.",
    );
    expect(text(modal as object)).toMatch(/override needed/i);
    expect(answer.response_action).toBe("update");

    let root = await rootOf(claimId);
    expect(text(root)).toContain("Override needed");
    expect(text(root)).toContain("NOT_KEY");
    expect(text(root)).toContain("0 of 2 approvals");
    expect(text(root)).toContain(ACTIONS.approve);

    // An override approval without a reason is not possible: the button opens the reason modal.
    const first = await vote(M1, claimId, "APPROVE", "New contact at the subsidiary; worth a try.");
    expect(first.status).toBe(200);
    await h.slack.outbox.drain();
    root = await rootOf(claimId);
    expect(text(root)).toContain("1 of 2 approvals");
    expect(root.replies.map((r) => r.text).join("\n")).toMatch(/approved/i);

    await vote(M2, claimId, "APPROVE", "Agreed; review in a year.");
    await h.slack.outbox.drain();

    const decided = await h.db.prisma.claim.findUniqueOrThrow({ where: { id: claimId } });
    expect(decided.status).toBe("APPROVED");
    const owner = await h.db.prisma.ownership.findUniqueOrThrow({
      where: { currentFor: await clientId(FORUM_SUBSIDIARY) },
    });
    expect(owner.owner).toBe(R1);
    expect(owner.reviewDueAt.getTime()).toBeGreaterThan(owner.since.getTime() + 360 * 86_400_000);

    root = await rootOf(claimId);
    expect(text(root)).not.toContain(ACTIONS.approve);
    expect(text(root)).toMatch(/Approved/);
    expect(root.replies.length).toBe(3);
    expect(
      h.fake
        .dms(R1)
        .map((m) => m.text)
        .join("\n"),
    ).toMatch(/approved/i);

    const audit = await h.db.prisma.auditEvent.findMany({ where: { claimId }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual([
      "claim.opened",
      "vote.cast",
      "vote.cast",
      "ownership.granted",
      "claim.approved",
    ]);
    expect(audit.filter((a) => a.action === "vote.cast").map((a) => a.reason)).toEqual([
      "New contact at the subsidiary; worth a try.",
      "Agreed; review in a year.",
    ]);
    expect(audit.every((a) => a.policyVersion === h.services.policy.version)).toBe(true);
  });

  it("a dispute: the current owner is told, recused from voting, and told again when it is decided", async () => {
    const owned = await h.db.prisma.ownership.findFirstOrThrow({
      where: { owner: R2, currentFor: { not: null } },
      include: { client: true },
    });
    const { claimId } = await claim(R1, owned.client.name, "I have placed three people there this quarter.");
    await h.slack.outbox.drain();
    expect(text(await rootOf(claimId))).toContain(`Dispute: currently owned by <@${R2}>`);
    expect(h.fake.dms(R2).length).toBe(1);

    const stored = await h.db.prisma.claim.findUniqueOrThrow({ where: { id: claimId } });
    const approveReason = stored.verdictAtClaim === "KEY" ? undefined : "override";
    await vote(M1, claimId, "APPROVE", approveReason);
    await vote(M2, claimId, "APPROVE", approveReason);
    await h.slack.outbox.drain();
    expect((await h.db.prisma.claim.findUniqueOrThrow({ where: { id: claimId } })).status).toBe("APPROVED");
    expect((await h.db.prisma.ownership.findUniqueOrThrow({ where: { currentFor: owned.clientId } })).owner).toBe(R1);
    const ended = await h.db.prisma.ownership.findUniqueOrThrow({ where: { id: owned.id } });
    expect(ended.endReason).toBe("replaced");
    expect(h.fake.dms(R2).length).toBe(2);
  });

  it("a second claim on a client with a pending claim is refused with a pointer to the open one", async () => {
    const target = "Copperline Manufacturing";
    const first = await claim(R1, target, "first");
    const before = h.fake.views.opened.length;
    await h.command(R2, `claim ${target}`);
    await h.fake.waitFor(() => h.fake.views.opened.length > before);
    const modal = h.fake.views.opened.at(-1) as { private_metadata: string };
    const second = await h.submit(R2, VIEWS.claim, modal.private_metadata, reasonValues("second"));
    expect(second.json.response_action).toBe("errors");
    expect(second.json.errors[FIELDS.reason.block]).toMatch(/already has a pending claim/);
    expect(await h.db.prisma.claim.count({ where: { client: { name: target } } })).toBe(1);
    expect(first.claimId).toBeGreaterThan(0);

    // The score card points at the open claim and offers no second one.
    await h.slack.outbox.drain();
    const card = await h.command(R2, target);
    expect(text(card.json)).toMatch(/pending claim/i);
    expect(text(card.json)).toContain(`<@${R1}>`);
    expect(text(card.json)).not.toContain(ACTIONS.claimButton);
  });

  it("a double click counts once, and so do twenty identical clicks at the same instant", async () => {
    const { claimId } = await claim(R1, "Oakridge Credit Union", "regular client of mine");
    await vote(M3, claimId, "APPROVE");
    await vote(M3, claimId, "APPROVE");
    await Promise.all(Array.from({ length: 20 }, () => vote(M1, claimId, "APPROVE")));
    expect(await h.db.prisma.vote.count({ where: { claimId } })).toBe(2);
    expect(await h.db.prisma.voteChange.count({ where: { claimId } })).toBe(2);
  });

  it("two managers' deciding votes at the same instant make one decision and one decision message", async () => {
    const { claimId } = await claim(R2, "Summit Ridge Logistics", "I run their warehouse hiring");
    await Promise.all([vote(M1, claimId, "APPROVE"), vote(M3, claimId, "APPROVE")]);
    await h.slack.outbox.drain();
    expect((await h.db.prisma.claim.findUniqueOrThrow({ where: { id: claimId } })).status).toBe("APPROVED");
    expect(await h.db.prisma.auditEvent.count({ where: { claimId, action: "claim.approved" } })).toBe(1);
    expect(await h.db.prisma.ownership.count({ where: { claimId } })).toBe(1);
    const root = await rootOf(claimId);
    expect(
      root.replies.filter(
        (r) => /decided|approved by the policy|Approved/i.test(r.text) && !/<@U0DEMOMGR\d> approved/.test(r.text),
      ).length,
    ).toBe(1);
    expect(h.fake.dms(R2).filter((m) => m.text.includes("Summit Ridge")).length).toBe(1);
  });

  it("refuses a non-manager and the claimant, privately, and stores nothing", async () => {
    const { claimId } = await claim(R1, "Nordlicht Energie GmbH", "mine");
    for (const user of [R2, R1]) {
      const click = await vote(user, claimId, "APPROVE");
      const answers = h.fake.responses(click.responseUrl);
      await h.fake.waitFor(() => h.fake.responses(click.responseUrl).length > 0 || answers.length > 0);
      expect(JSON.stringify(h.fake.responses(click.responseUrl))).toContain("You are not an approver for this claim");
    }
    expect(await h.db.prisma.vote.count({ where: { claimId } })).toBe(0);
  });

  it("keeps a changed vote in the history and counts only the latest", async () => {
    const { claimId } = await claim(R1, "Pinecrest Senior Living", "growing account");
    await vote(M1, claimId, "REJECT", "Not yet: only one placement this year.");
    await vote(M1, claimId, "APPROVE");
    const votes = await h.db.prisma.vote.findMany({ where: { claimId } });
    expect(votes.map((v) => v.decision)).toEqual(["APPROVE"]);
    const history = await h.db.prisma.voteChange.findMany({ where: { claimId }, orderBy: { id: "asc" } });
    expect(history.map((v) => v.decision)).toEqual(["REJECT", "APPROVE"]);
    await h.slack.outbox.drain();
    expect(text(await rootOf(claimId))).toContain("1 of 2 approvals · 0 rejections");
  });

  it("refuses clicks on a decided claim and on an expired one", async () => {
    const decided = await h.db.prisma.claim.findFirstOrThrow({ where: { status: "APPROVED" } });
    const late = await vote(M3, decided.id, "APPROVE");
    await h.fake.waitFor(() => h.fake.responses(late.responseUrl).length > 0);
    expect(JSON.stringify(h.fake.responses(late.responseUrl))).toMatch(/decided|already/i);

    const { claimId } = await claim(R2, "Montclair Retail Group", "expiring");
    await h.db.prisma.claim.update({ where: { id: claimId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await vote(M1, claimId, "APPROVE");
    await h.fake.waitFor(() => h.fake.responses(expired.responseUrl).length > 0);
    expect(JSON.stringify(h.fake.responses(expired.responseUrl))).toMatch(/expired/i);
    expect(await h.db.prisma.vote.count({ where: { claimId } })).toBe(0);
  });

  it("posts the thread once when Slack answers 500 while the claim is made, and tells the claimant it is delayed", async () => {
    const calls = h.fake.callsTo("chat.postMessage").length;
    const { claimId, answer } = await claim(R1, "Lakeshore Insurance Ltd", "they called me", () =>
      h.fake.setDown(true),
    );
    expect(answer.response_action).toBe("update");
    expect(JSON.stringify(answer.view)).toMatch(/saved/i);
    const row = await h.db.prisma.outboxMessage.findUniqueOrThrow({ where: { key: rootKey(claimId) } });
    expect(row.status).toBe("PENDING");
    expect(row.attempts).toBeGreaterThan(0);

    h.fake.setDown(false);
    await h.db.prisma.outboxMessage.update({ where: { id: row.id }, data: { nextAttemptAt: new Date() } });
    await h.slack.outbox.drain();
    const posted = h.fake.messages(APPROVALS).filter((m) => text(m).includes("Lakeshore Insurance"));
    expect(posted).toHaveLength(1);
    expect(h.fake.callsTo("chat.postMessage").length).toBeGreaterThan(calls);
  });

  it("honours 429 Retry-After before posting again", async () => {
    const { claimId } = await claim(R2, "Redwood Property Management", "rate limited", () =>
      h.fake.failNext("chat.postMessage", { retryAfter: 2 }),
    );
    const row = await h.db.prisma.outboxMessage.findUniqueOrThrow({ where: { key: rootKey(claimId) } });
    expect(row.lastError).toBe("rate limited for 2s");
    const limited = h.fake.callsTo("chat.postMessage").find((c) => c.status === 429);
    expect(limited).toBeDefined();
    expect(row.nextAttemptAt.getTime()).toBeGreaterThanOrEqual((limited?.at ?? 0) + 1900);

    await h.fake.waitFor(() => h.fake.messages(APPROVALS).some((m) => text(m).includes("Redwood Property")), 6000);
    const retried = h.fake.callsTo("chat.postMessage").filter((c) => c.at > (limited?.at ?? 0) && c.status === 200);
    expect(retried[0]?.at ?? 0).toBeGreaterThanOrEqual((limited?.at ?? 0) + 1900);
    expect(h.fake.messages(APPROVALS).filter((m) => text(m).includes("Redwood Property"))).toHaveLength(1);
  });

  it("a manager's revocation goes to the other managers' vote and, approved, ends the ownership", async () => {
    const owned = await h.db.prisma.ownership.findFirstOrThrow({
      where: { owner: RECRUITERS[2], currentFor: { not: null } },
      include: { client: true },
    });
    const opened = h.fake.views.opened.length;
    await h.command(M1, `revoke ${owned.client.name}`);
    await h.slack.idle();
    expect(h.fake.views.opened.length).toBe(opened + 1);
    const modal = h.fake.views.opened.at(-1) as { callback_id: string; private_metadata: string };
    expect(modal.callback_id).toBe(VIEWS.revoke);
    const submitted = await h.submit(
      M1,
      VIEWS.revoke,
      modal.private_metadata,
      reasonValues("No placements in a year."),
    );
    expect(submitted.json.response_action).toBe("update");
    const revocation = await h.db.prisma.claim.findFirstOrThrow({
      where: { kind: "revoke", clientId: owned.clientId },
    });
    expect(text(await rootOf(revocation.id))).toMatch(/revoke/i);

    // The manager who asked is recused; the other two decide.
    const own = await vote(M1, revocation.id, "APPROVE");
    expect(JSON.stringify(h.fake.responses(own.responseUrl))).toContain("You are not an approver for this claim");
    await vote(M2, revocation.id, "APPROVE");
    await vote(M3, revocation.id, "APPROVE");
    await h.slack.outbox.drain();
    expect((await h.db.prisma.ownership.findUniqueOrThrow({ where: { id: owned.id } })).endReason).toBe("revoked");
    expect(await h.db.prisma.ownership.count({ where: { currentFor: owned.clientId } })).toBe(0);
    expect(await h.db.prisma.auditEvent.count({ where: { claimId: revocation.id, action: "ownership.revoked" } })).toBe(
      1,
    );
    expect(h.fake.dms(RECRUITERS[2]).length).toBeGreaterThan(0);

    const recruiter = await h.command(R1, `revoke ${owned.client.name}`);
    await h.slack.idle();
    expect(JSON.stringify(h.fake.responses(recruiter.responseUrl))).toMatch(/Only the managers/);
  });

  it("answers 401 to a forged signature and to a 6-minute-old timestamp, 400 to a malformed body, and runs nothing", async () => {
    const claims = await h.db.prisma.claim.count();
    const body = `command=%2Fkeyaccount&text=help&user_id=${R1}`;
    expect((await h.post(body, { signature: "v0=0000" })).status).toBe(401);
    expect((await h.post(body, { signature: "" })).status).toBe(401);
    expect((await h.post(body, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 })).status).toBe(401);
    expect((await h.post("payload=%7Bnot-json", {})).status).toBe(400);
    expect(await h.db.prisma.claim.count()).toBe(claims);
  });

  it("never writes a token into the logs", () => {
    expect(h.logs().length).toBeGreaterThan(0);
    expect(h.logs()).not.toMatch(/xox[abepr]-/);
  });
});
