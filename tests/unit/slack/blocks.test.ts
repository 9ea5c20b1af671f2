import type { ActionsBlock, Button, InputBlock, KnownBlock, StaticSelect } from "@slack/types";
import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY } from "../../../src/policy/schema.js";
import {
  approvalRootMessage,
  decisionDm,
  decisionThreadMessage,
  disputeNoticeDm,
  tallyLine,
  voteReplyMessage,
} from "../../../src/slack/blocks/approval.js";
import { appHome } from "../../../src/slack/blocks/home.js";
import {
  clientAddedMessage,
  deliveryDelayedMessage,
  errorMessage,
  helpMessage,
  historyMessage,
  listMessage,
  loggedMessage,
  mineMessage,
  parsePickValue,
  pendingMessage,
  pickListMessage,
  policyMessage,
  releaseConfirmMessage,
  unknownClientMessage,
} from "../../../src/slack/blocks/messages.js";
import {
  claimModal,
  parseClientMetadata,
  parseVoteReasonMetadata,
  rateModal,
  voteReasonModal,
} from "../../../src/slack/blocks/modals.js";
import type { ClaimView } from "../../../src/slack/blocks/models.js";
import { scoreCardMessage } from "../../../src/slack/blocks/score-card.js";
import type { BlockMessage } from "../../../src/slack/blocks/text.js";
import { ACTIONS, FIELDS, VIEWS } from "../../../src/slack/ids.js";
import {
  claimView,
  expectInert,
  expectWellFormedMrkdwn,
  expectWithinSlackLimits,
  forumScore,
  historyEntry,
  INJECTION,
  keyScore,
  mrkdwnOf,
  ownedAccount,
  ownedBy,
} from "./fixtures.js";

const TZ = "UTC";
const LONG = `${INJECTION} ${"very long words ".repeat(250)}`; // > 4,000 characters

const actionsOf = (blocks: KnownBlock[]): ActionsBlock[] =>
  blocks.filter((b): b is ActionsBlock => b.type === "actions");
const buttonsOf = (blocks: KnownBlock[]): Button[] =>
  actionsOf(blocks).flatMap((b) => b.elements.filter((e): e is Button => e.type === "button"));
const inputsOf = (blocks: unknown[]): InputBlock[] =>
  (blocks as KnownBlock[]).filter((b): b is InputBlock => b.type === "input");

const expectMessage = (message: BlockMessage): void => {
  expect(message.text.trim().length).toBeGreaterThan(0);
  expectWellFormedMrkdwn(message.text);
  expectWithinSlackLimits(message.blocks, 50);
};

describe("score card", () => {
  it("shows an open client with its verdict, reasons, a bar per criterion and both buttons", () => {
    const message = scoreCardMessage(forumScore(), { timezone: TZ, pendingClaim: null, viewer: "U0VIEWER" });
    expectMessage(message);
    const text = mrkdwnOf(message.blocks);
    expect(text).toContain("Open — no Key Account owner");
    expect(text).toContain("does not qualify as a Key Account");
    expect(text).toContain("no engagement in 24 months");
    expect(text).toContain("Last engagement: 2022-06-15 at parent *Northwind Holdings*");
    expect(text).toContain("Parent: *Northwind Holdings*");
    expect(text).toContain("Data on 5 of 9 criteria");
    expect(text).toContain("`··········` Strategic importance: unknown");
    expect(text).toMatch(/`█*░+` Revenue: \$0 of \$50,000/);
    expect(buttonsOf(message.blocks).map((b) => [b.action_id, b.value])).toEqual([
      [ACTIONS.claimButton, "7"],
      [ACTIONS.historyButton, "7"],
    ]);
  });

  it("names a direct owner with the date, and a parent's owner with the parent", () => {
    const direct = scoreCardMessage(keyScore(1, "Acme Labs", ownedBy("U0OWNER")), {
      timezone: TZ,
      pendingClaim: null,
      viewer: "U0VIEWER",
    });
    expect(mrkdwnOf(direct.blocks)).toContain("Owner: <@U0OWNER> since 2024-01-02");
    const viaParent = scoreCardMessage(forumScore({ owner: ownedBy("U0OWNER", "parent", 3) }), {
      timezone: TZ,
      pendingClaim: null,
      viewer: "U0VIEWER",
    });
    expect(mrkdwnOf(viaParent.blocks)).toContain("Owner: <@U0OWNER> via parent *Northwind Holdings*");
  });

  it("hides the claim button from the direct owner and while a claim is pending, and links the pending claim", () => {
    const owned = scoreCardMessage(keyScore(1, "Acme Labs", ownedBy("U0VIEWER")), {
      timezone: TZ,
      pendingClaim: null,
      viewer: "U0VIEWER",
    });
    expect(buttonsOf(owned.blocks).map((b) => b.action_id)).toEqual([ACTIONS.historyButton]);

    const pending = scoreCardMessage(keyScore(), {
      timezone: TZ,
      pendingClaim: {
        claimId: 9,
        claimant: "U0OTHER",
        permalink: "https://x.slack.com/archives/C1/p1?thread_ts=1&cid=C1",
      },
      viewer: "U0VIEWER",
    });
    expect(buttonsOf(pending.blocks).map((b) => b.action_id)).toEqual([ACTIONS.historyButton]);
    expect(mrkdwnOf(pending.blocks)).toContain(
      "Pending claim by <@U0OTHER>: <https://x.slack.com/archives/C1/p1?thread_ts=1&amp;cid=C1|open the approval thread>",
    );
  });

  it("keeps a subsidiary's claim button for the parent's owner: a direct claim is still possible", () => {
    const message = scoreCardMessage(forumScore({ owner: ownedBy("U0VIEWER", "parent", 3) }), {
      timezone: TZ,
      pendingClaim: null,
      viewer: "U0VIEWER",
    });
    expect(buttonsOf(message.blocks).map((b) => b.action_id)).toContain(ACTIONS.claimButton);
  });

  it("escapes markup typed into client and parent names and stays within limits with 4,000-character names", () => {
    const message = scoreCardMessage(forumScore({ name: LONG, parent: LONG, owner: ownedBy("U0OWNER", "parent", 3) }), {
      timezone: TZ,
      pendingClaim: { claimId: 1, claimant: "<!channel>", permalink: "javascript:alert(1)" },
      viewer: "U0VIEWER",
    });
    expectMessage(message);
    expectInert(message.blocks);
    expect(message.text).not.toContain("<!channel>");
    expect(mrkdwnOf(message.blocks)).not.toContain("javascript:");
    expect(message.blocks[0]).toMatchObject({ type: "header", text: { type: "plain_text" } });
  });
});

describe("approval thread", () => {
  it("formats the tally exactly", () => {
    expect(tallyLine({ approvals: 2, rejections: 0, needed: 2, waitingOn: ["U1", "U2"] })).toBe(
      "2 of 2 approvals · 0 rejections · waiting on <@U1>, <@U2>",
    );
    expect(tallyLine({ approvals: 0, rejections: 1, needed: 1, waitingOn: [] })).toBe("0 of 1 approval · 1 rejection");
    expect(tallyLine({ approvals: 1, rejections: 0, needed: 2, waitingOn: ["U1"] }, { final: true })).toBe(
      "1 of 2 approvals · 0 rejections",
    );
  });

  it("shows claimant, client, verdict, override need, dispute, reason, tally and both buttons while pending", () => {
    const claim = claimView({ disputedOwner: "U0OWNER" });
    const message = approvalRootMessage(claim, TZ);
    expectMessage(message);
    const text = mrkdwnOf(message.blocks);
    expect(text).toContain("<@U0CLAIMANT> claims *Northwind Logistics* as their Key Account");
    expect(text).toContain("Override needed: the score's verdict is NOT_KEY");
    expect(text).toContain("Dispute: currently owned by <@U0OWNER>");
    expect(text).toContain("> I placed their ops lead last month");
    expect(text).toContain("0 of 2 approvals · 0 rejections · waiting on <@U1>, <@U2>");
    expect(text).toContain("Expires 2025-06-22");
    const buttons = buttonsOf(message.blocks);
    expect(buttons.map((b) => [b.action_id, b.style, b.value])).toEqual([
      [ACTIONS.approve, "primary", "42"],
      [ACTIONS.reject, "danger", "42"],
    ]);
  });

  it("asks for no override when the verdict is KEY", () => {
    const text = mrkdwnOf(approvalRootMessage(claimView({ verdict: "KEY", score: 72 }), TZ).blocks);
    expect(text).not.toContain("Override needed");
  });

  it.each([
    ["APPROVED", "✅ Approved on 2025-06-16 · 2 of 2 approvals · 0 rejections"],
    ["REJECTED", "Rejected on 2025-06-16 · 2 of 2 approvals · 0 rejections"],
    ["EXPIRED", "Expired on 2025-06-16 without a decision"],
    ["WITHDRAWN", "Withdrawn by <@U0CLAIMANT> on 2025-06-16"],
  ] as const)("once %s, drops the buttons and shows the outcome and final tally", (status, outcome) => {
    const claim = claimView({
      status,
      decidedAt: new Date("2025-06-16T09:00:00Z"),
      tally: { approvals: 2, rejections: 0, needed: 2, waitingOn: [] },
    });
    const message = approvalRootMessage(claim, TZ);
    expectMessage(message);
    expect(actionsOf(message.blocks)).toHaveLength(0);
    expect(mrkdwnOf(message.blocks)).toContain(outcome);
  });

  it("escapes the claimant's reason and fits a 4,000-character reason and client name", () => {
    const message = approvalRootMessage(claimView({ reason: LONG, client: LONG, verdictReasons: [LONG, LONG] }), TZ);
    expectMessage(message);
    expectInert(message.blocks);
    expect(message.text).not.toContain("<!channel>");
  });

  it("replies in the thread for each vote, naming overrides and changed votes", () => {
    const claim = claimView();
    const approved = voteReplyMessage(
      {
        claimId: 42,
        voter: "U1",
        decision: "APPROVE",
        reason: "New CFO is a former client.",
        changedFrom: null,
        override: true,
      },
      claim,
    );
    expect(approved.text).toBe("<@U1> approved (override): New CFO is a former client.");
    const changed = voteReplyMessage(
      { claimId: 42, voter: "U2", decision: "REJECT", reason: INJECTION, changedFrom: "APPROVE", override: false },
      claim,
    );
    expect(mrkdwnOf(changed.blocks)).toContain("<@U2> changed their vote to reject:");
    expectInert(changed.blocks);
    expect(changed.text).not.toContain("<!channel>");
    const rejected = voteReplyMessage(
      {
        claimId: 42,
        voter: "U2",
        decision: "REJECT",
        reason: "No work in two years.",
        changedFrom: null,
        override: false,
      },
      claim,
    );
    expect(rejected.text).toBe("<@U2> rejected: No work in two years.");
  });

  it("announces the decision in the thread and by DM to the claimant and the previous owner", () => {
    const approved = claimView({
      status: "APPROVED",
      disputedOwner: "U0OWNER",
      decidedAt: new Date("2025-06-16T09:00:00Z"),
      tally: { approvals: 2, rejections: 0, needed: 2, waitingOn: [] },
    });
    expect(decisionThreadMessage(approved).text).toContain("<@U0CLAIMANT> now owns *Northwind Logistics*");
    expect(decisionDm(approved, "claimant").text).toContain("Your claim on *Northwind Logistics* was approved");
    expect(decisionDm(approved, "previousOwner").text).toContain("no longer yours");

    const rejected: ClaimView = {
      ...approved,
      status: "REJECTED",
      votes: [{ voter: "U1", decision: "REJECT", reason: "No engagement in two years." }],
    };
    expect(decisionDm(rejected, "previousOwner").text).toContain("stays your Key Account");
    const toClaimant = decisionDm(rejected, "claimant", { permalink: "https://x.slack.com/archives/C1/p1" });
    expect(mrkdwnOf(toClaimant.blocks)).toContain("<@U1>: No engagement in two years.");
    expect(mrkdwnOf(toClaimant.blocks)).toContain("<https://x.slack.com/archives/C1/p1|Open the approval thread>");
  });

  it("tells the current owner of a dispute that they can answer in the thread", () => {
    const notice = disputeNoticeDm(claimView({ disputedOwner: "U0OWNER", reason: INJECTION }), {
      permalink: "https://x.slack.com/archives/C1/p1",
      timezone: "Europe/Berlin",
    });
    expectMessage(notice);
    expectInert(notice.blocks);
    const text = mrkdwnOf(notice.blocks);
    expect(text).toContain("<@U0CLAIMANT> has claimed *Northwind Logistics*");
    expect(text).toContain("You can give your side in <https://x.slack.com/archives/C1/p1|the approval thread>");
  });
});

describe("modals", () => {
  it("warns that the forum thread's subsidiary needs an override, and asks for a required reason", () => {
    const { card } = forumScore();
    expect(card.verdict).toBe("NOT_KEY");
    const view = claimModal({
      clientId: card.clientId,
      client: card.client,
      score: card.score,
      verdict: card.verdict,
      verdictReasons: card.reasons,
    });
    expect(view.callback_id).toBe(VIEWS.claim);
    expect(view.title.text).toBe("Claim Key Account");
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    const text = mrkdwnOf(view.blocks);
    expect(text).toContain("*Client:* Northwind Logistics");
    expect(text).toContain("Override needed: the score's verdict is NOT_KEY");
    expect(text).toContain("no engagement in 24 months");
    const [reason] = inputsOf(view.blocks);
    expect(reason).toMatchObject({
      block_id: FIELDS.reason.block,
      element: { type: "plain_text_input", action_id: FIELDS.reason.action, multiline: true, max_length: 2000 },
    });
    expect(reason?.optional).not.toBe(true);
    expect(parseClientMetadata(view.private_metadata)).toEqual({ clientId: 7 });
    expectWithinSlackLimits(view.blocks, 100);
  });

  it("gives a KEY client's claim no override warning", () => {
    const { card } = keyScore();
    const view = claimModal({
      clientId: 1,
      client: card.client,
      score: card.score,
      verdict: "KEY",
      verdictReasons: [],
    });
    expect(mrkdwnOf(view.blocks)).not.toContain("Override needed");
  });

  it("keeps titles within 24 characters and user text escaped and bounded", () => {
    const views = [
      claimModal({ clientId: 1, client: LONG, score: 3, verdict: "BORDERLINE", verdictReasons: [LONG] }),
      voteReasonModal({ claimId: 5, client: LONG, decision: "APPROVE", override: true }),
      voteReasonModal({ claimId: 5, client: LONG, decision: "APPROVE", override: false }),
      voteReasonModal({ claimId: 5, client: LONG, decision: "REJECT", override: false }),
      rateModal({
        clientId: 1,
        client: LONG,
        current: { strategicImportance: null, longTermPotential: 3, exclusivity: 0 },
      }),
    ];
    for (const view of views) {
      expect(view.title.text.length).toBeLessThanOrEqual(24);
      expect(view.submit?.text.length ?? 0).toBeLessThanOrEqual(24);
      expect(view.private_metadata?.length ?? 0).toBeLessThanOrEqual(3000);
      expectWithinSlackLimits(view.blocks, 100);
      expectInert(view.blocks);
    }
  });

  it("round-trips the vote modal's metadata and refuses metadata that is not ours", () => {
    const view = voteReasonModal({ claimId: 5, client: "Acme", decision: "REJECT", override: false });
    expect(view.callback_id).toBe(VIEWS.voteReason);
    expect(parseVoteReasonMetadata(view.private_metadata)).toEqual({ claimId: 5, decision: "REJECT" });
    expect(parseVoteReasonMetadata('{"claimId":5,"decision":"MAYBE"}')).toBeNull();
    expect(parseVoteReasonMetadata("not json")).toBeNull();
    expect(parseClientMetadata('{"clientId":-1}')).toBeNull();
    expect(parseClientMetadata(undefined)).toBeNull();
  });

  it("offers 0–5 for each rating with the current one preselected", () => {
    const view = rateModal({
      clientId: 3,
      client: "Acme",
      current: { strategicImportance: 4, longTermPotential: null, exclusivity: 0 },
    });
    expect(view.callback_id).toBe(VIEWS.rate);
    expect(parseClientMetadata(view.private_metadata)).toEqual({ clientId: 3 });
    const inputs = inputsOf(view.blocks);
    expect(inputs.map((i) => i.block_id)).toEqual([
      FIELDS.ratings.strategicImportance.block,
      FIELDS.ratings.longTermPotential.block,
      FIELDS.ratings.exclusivity.block,
    ]);
    const selects = inputs.map((i) => i.element as StaticSelect);
    expect(selects.map((s) => s.options?.map((o) => o.value))).toEqual(Array(3).fill(["0", "1", "2", "3", "4", "5"]));
    expect(selects.map((s) => s.initial_option?.value)).toEqual(["4", undefined, "0"]);
    for (const option of selects.flatMap((s) => s.options ?? []))
      expect(option.text.text.length).toBeLessThanOrEqual(75);
  });
});

describe("long lists", () => {
  const scores = Array.from({ length: 5000 }, (_, i) =>
    keyScore(i + 1, `Client ${i + 1}`, i % 2 ? ownedBy("U0OWNER") : null),
  );

  it("lists 5,000 clients within 50 blocks and says how many more there are", () => {
    const message = listMessage("Key Accounts", scores, TZ);
    expectMessage(message);
    expect(mrkdwnOf(message.blocks)).toContain("…and 4,900 more");
  });

  it("fits 5,000 Key Accounts, history entries and pending claims in a message", () => {
    const mine = mineMessage(
      Array.from({ length: 5000 }, (_, i) => ownedAccount(`Client ${i}`, i % 7 === 0)),
      TZ,
    );
    expectMessage(mine);
    expect(mrkdwnOf(mine.blocks)).toMatch(/…and [\d,]+ more/);
    expect(mrkdwnOf(mine.blocks)).toContain("*lapses in 16 days* (on 2025-07-01)");

    const history = historyMessage(
      "Acme",
      Array.from({ length: 5000 }, (_, i) => historyEntry(i)),
      TZ,
    );
    expectMessage(history);
    const shown = mrkdwnOf(history.blocks)
      .split("\n")
      .filter((line) => line.startsWith("2025-")).length;
    const more = Number(/…and ([\d,]+) more/.exec(mrkdwnOf(history.blocks))?.[1]?.replace(/,/g, ""));
    expect(shown + more).toBe(5000);

    const claims = Array.from({ length: 5000 }, (_, i) => claimView({ id: i + 1 }));
    const pending = pendingMessage(
      { awaitingMyVote: claims, myClaims: claims },
      new Map([[1, "https://x.slack.com/p1"]]),
      TZ,
    );
    expectMessage(pending);
    expect(mrkdwnOf(pending.blocks)).toContain("<https://x.slack.com/p1|open thread>");
  });

  it("fits the App Home tab within 100 blocks, with the managers' list only for managers", () => {
    const claims = Array.from({ length: 5000 }, (_, i) => claimView({ id: i + 1, client: `${INJECTION} ${i}` }));
    const mine = Array.from({ length: 5000 }, (_, i) => ownedAccount(`${INJECTION} ${i}`, i === 3));
    const home = appHome({ mine, awaitingVote: claims, myClaims: claims, timezone: TZ, permalinks: new Map() });
    expect(home.type).toBe("home");
    expectWithinSlackLimits(home.blocks, 100);
    expectInert(home.blocks);
    expect(JSON.stringify(home.blocks)).toContain("Awaiting your vote (5,000)");

    const recruiter = appHome({ mine: [], awaitingVote: null, myClaims: [], timezone: TZ, permalinks: new Map() });
    expectWithinSlackLimits(recruiter.blocks, 100);
    expect(JSON.stringify(recruiter.blocks)).not.toContain("Awaiting your vote");
    expect(mrkdwnOf(recruiter.blocks)).toContain("You hold no Key Accounts");
  });
});

describe("replies", () => {
  it("lists every sub-command in the help", () => {
    const help = helpMessage();
    expectMessage(help);
    const text = mrkdwnOf(help.blocks);
    for (const usage of [
      "/keyaccount &lt;client&gt;",
      "/keyaccount claim &lt;client&gt;",
      "/keyaccount release &lt;client&gt;",
      "/keyaccount mine",
      "/keyaccount list [key|candidates|lapsing]",
      "/keyaccount pending",
      "/keyaccount log &lt;client&gt; &lt;fee&gt; [YYYY-MM-DD] [kind]",
      "/keyaccount rate &lt;client&gt;",
      "/keyaccount add &lt;client&gt; [parent &lt;name&gt;]",
      "/keyaccount history &lt;client&gt;",
      "/keyaccount policy",
      "/keyaccount help",
    ]) {
      expect(text).toContain(`\`${usage}\``);
    }
  });

  it("says what was wrong, shows the right form, and echoes nothing live", () => {
    const message = errorMessage(
      `fee "${INJECTION}" is not a number`,
      "/keyaccount log <client> <fee> [YYYY-MM-DD] [kind]",
    );
    expectMessage(message);
    expectInert(message.blocks);
    expect(message.text).not.toContain("<!channel>");
    expect(mrkdwnOf(message.blocks)).toContain("Try: `/keyaccount log &lt;client&gt; &lt;fee&gt; [YYYY-MM-DD] [kind]`");
  });

  it("offers a short pick list whose button values parse back", () => {
    const candidates = Array.from({ length: 30 }, (_, i) => ({ id: i + 1, name: `${INJECTION} ${i}` }));
    const message = pickListMessage(INJECTION, candidates, `log 1200 2025-06-01 placement ${"x".repeat(3000)}`);
    expectMessage(message);
    expectInert(message.blocks);
    const buttons = message.blocks.flatMap((b) =>
      b.type === "section" && b.accessory?.type === "button" ? [b.accessory] : [],
    );
    expect(buttons).toHaveLength(10);
    for (const [i, b] of buttons.entries()) {
      expect(b.action_id).toBe(ACTIONS.pickClient);
      expect(b.value?.length ?? 0).toBeLessThanOrEqual(2000);
      expect(parsePickValue(b.value ?? "")).toMatchObject({ clientId: i + 1 });
      expect(parsePickValue(b.value ?? "")?.subcommand.startsWith("log 1200 2025-06-01 placement")).toBe(true);
    }
    expect(mrkdwnOf(message.blocks)).toContain("…and 20 more");
    const short = pickListMessage("acme", [{ id: 4, name: "Acme" }], "claim");
    expect(
      short.blocks.flatMap((b) => (b.type === "section" && b.accessory?.type === "button" ? [b.accessory.value] : [])),
    ).toEqual(['{"c":4,"s":"claim"}']);
    expect(parsePickValue('{"c":"4","s":"claim"}')).toBeNull();
  });

  it("suggests close names for an unknown client", () => {
    expect(unknownClientMessage("Acmee", ["Acme", "Acme Labs"]).text).toBe(
      "No client named *Acmee*; did you mean *Acme* or *Acme Labs*?",
    );
    expect(unknownClientMessage("Acmee", ["Acme", "Acme Labs", "Acne"]).text).toBe(
      "No client named *Acmee*; did you mean *Acme*, *Acme Labs* or *Acne*?",
    );
    const none = unknownClientMessage(INJECTION, []);
    expectInert(none.blocks);
    expect(none.text).not.toContain("<!channel>");
  });

  it("puts the policy in plain words with its version", () => {
    const message = policyMessage(
      { ...DEFAULT_POLICY, managers: ["U0MANAGER"], approvalsChannel: "C0APPROVALS" },
      "ab12cd34",
    );
    expectMessage(message);
    const text = mrkdwnOf(message.blocks);
    expect(text).toContain("Managers (approvers): <@U0MANAGER>");
    expect(text).toContain("<#C0APPROVALS>");
    expect(text).toContain("A score of 60 or more out of 100 qualifies; 50–59 is borderline.");
    expect(text).toContain("no engagement in the last 24 months");
    expect(text).toContain("$50,000");
    expect(text).toContain("ab12cd34");
  });

  it("confirms logging, adding, releasing and a delayed thread with non-empty text", () => {
    const messages = [
      loggedMessage({
        client: INJECTION,
        kind: "placement",
        feeCents: 1_200_000,
        date: new Date("2025-06-01T00:00:00Z"),
        timezone: TZ,
        score: { score: 64, verdict: "KEY" },
      }),
      clientAddedMessage({ client: INJECTION, parent: INJECTION }),
      releaseConfirmMessage({ clientId: 3, client: INJECTION }),
      deliveryDelayedMessage(),
    ];
    for (const message of messages) {
      expectMessage(message);
      expectInert(message.blocks);
      expect(message.text).not.toContain("<!channel>");
    }
    expect(messages[0]?.text).toContain("for $12,000, credited to you");
    expect(messages[3]?.text).toBe(
      "Slack is slow to answer; your claim is saved and the thread will be posted as soon as Slack is back",
    );
    expect(buttonsOf(messages[2]?.blocks ?? []).map((b) => [b.action_id, b.value, b.style])).toEqual([
      [ACTIONS.releaseConfirm, "3", "danger"],
    ]);
  });
});
