import { describe, expect, it } from "vitest";
import {
  checkCanClaim,
  checkVote,
  checkWithdraw,
  eligibleVoters,
  expiryDate,
  isExpired,
  isOverride,
  tally,
  type VoteDecision,
} from "../../../src/domain/claims.js";
import { DEFAULT_POLICY, policySchema } from "../../../src/policy/schema.js";

const client = { id: 42, name: "Acme Labs" };
const approve = (voter: string) => ({ voter, decision: "APPROVE" as VoteDecision });
const reject = (voter: string) => ({ voter, decision: "REJECT" as VoteDecision });

describe("eligibleVoters", () => {
  it("recuses the claimant, the current owner and competing claimants", () => {
    expect(
      eligibleVoters({
        managers: ["U_M1", "U_M2", "U_M3", "U_M4", "U_M5"],
        claimant: "U_M1",
        currentOwner: "U_M3",
        competitors: ["U_M4"],
      }),
    ).toEqual(["U_M2", "U_M5"]);
  });

  it("removes duplicates and keeps the policy's order", () => {
    expect(
      eligibleVoters({
        managers: ["U_M3", "U_M1", "U_M3", "U_M2"],
        claimant: "U_R",
        currentOwner: null,
        competitors: [],
      }),
    ).toEqual(["U_M3", "U_M1", "U_M2"]);
  });
});

describe("checkCanClaim", () => {
  const base = {
    client,
    claimant: "U_RECRUITER",
    managers: ["U_M1", "U_M2"],
    currentOwner: null,
    pendingClaimants: [],
  };

  it("allows a claim with eligible voters", () => {
    expect(checkCanClaim(base)).toBeNull();
  });

  it("refuses a claim nobody may vote on because the policy names no managers, and says why", () => {
    const error = checkCanClaim({ ...base, managers: [] });
    expect(error?.code).toBe("NO_ELIGIBLE_VOTER");
    expect(error?.message).toContain("the policy names no managers");
    expect(error?.context).toMatchObject({ clientId: 42, claimant: "U_RECRUITER" });
  });

  it("refuses a claim when every manager is recused", () => {
    const error = checkCanClaim({
      ...base,
      claimant: "U_M1",
      currentOwner: { owner: "U_M2", via: "parent" },
    });
    expect(error?.code).toBe("NO_ELIGIBLE_VOTER");
    expect(error?.message).toContain("Acme Labs");
    expect(error?.message).toContain("may vote");
  });

  it("refuses a claim by the recruiter who already owns the client directly", () => {
    const error = checkCanClaim({ ...base, currentOwner: { owner: "U_RECRUITER", via: "self" } });
    expect(error?.code).toBe("ALREADY_OWNER");
  });

  it("allows the owner of the parent to claim the subsidiary itself", () => {
    expect(checkCanClaim({ ...base, currentOwner: { owner: "U_RECRUITER", via: "parent" } })).toBeNull();
  });

  it("refuses a second claim by the same recruiter while one is pending", () => {
    expect(checkCanClaim({ ...base, pendingClaimants: ["U_RECRUITER"] })?.code).toBe("CLAIM_PENDING");
  });

  it("allows a competing claim when voters remain after recusing the competitor", () => {
    const managers = ["U_M1", "U_M2"];
    expect(checkCanClaim({ ...base, managers, pendingClaimants: ["U_M1"] })).toBeNull();
    expect(
      checkCanClaim({ ...base, managers, pendingClaimants: ["U_M1"], currentOwner: { owner: "U_M2", via: "self" } })
        ?.code,
    ).toBe("NO_ELIGIBLE_VOTER");
  });
});

describe("checkVote", () => {
  const NOW = new Date("2025-06-15T12:00:00Z");
  const vote = {
    status: "PENDING" as const,
    voter: "U_M1",
    eligible: ["U_M1", "U_M2"],
    decision: "APPROVE" as VoteDecision,
    reason: null,
    verdict: "KEY" as const,
    expiresAt: new Date("2025-06-20T12:00:00Z"),
  };

  it("accepts an eligible approval of a KEY client without a reason", () => {
    expect(checkVote(vote, NOW)).toBeNull();
  });

  it("tells someone who may not vote that they are not an approver", () => {
    const error = checkVote({ ...vote, voter: "U_CLAIMANT" }, NOW);
    expect(error?.code).toBe("NOT_APPROVER");
    expect(error?.message).toBe("you are not an approver for this claim");
  });

  it("refuses votes on a decided claim", () => {
    for (const status of ["APPROVED", "REJECTED", "EXPIRED", "WITHDRAWN"] as const) {
      expect(checkVote({ ...vote, status }, NOW)?.code).toBe("CLAIM_DECIDED");
    }
  });

  it("refuses votes from the moment the claim expires", () => {
    expect(checkVote({ ...vote, expiresAt: NOW }, NOW)?.code).toBe("CLAIM_EXPIRED");
    expect(checkVote({ ...vote, expiresAt: new Date("2025-06-15T12:00:00.001Z") }, NOW)).toBeNull();
  });

  it("requires a reason to reject", () => {
    expect(checkVote({ ...vote, decision: "REJECT" }, NOW)?.code).toBe("REASON_REQUIRED");
    expect(checkVote({ ...vote, decision: "REJECT", reason: "   " }, NOW)?.code).toBe("REASON_REQUIRED");
    expect(checkVote({ ...vote, decision: "REJECT", reason: "no recent work" }, NOW)).toBeNull();
  });

  it("requires a reason to approve a client whose verdict is not KEY (an override)", () => {
    for (const verdict of ["BORDERLINE", "NOT_KEY"] as const) {
      expect(checkVote({ ...vote, verdict }, NOW)?.code).toBe("REASON_REQUIRED");
      expect(checkVote({ ...vote, verdict, reason: "new framework deal signed" }, NOW)).toBeNull();
    }
  });
});

describe("tally", () => {
  const policy = DEFAULT_POLICY; // minApprovals 2
  const three = ["U_A", "U_B", "U_C"];

  it("stays pending with no votes and waits on every eligible voter", () => {
    expect(tally([], three, policy)).toEqual({
      approvals: 0,
      rejections: 0,
      needed: 2,
      waitingOn: ["U_A", "U_B", "U_C"],
      outcome: "PENDING",
    });
  });

  it("approves with two approvals", () => {
    expect(tally([approve("U_A"), approve("U_C")], three, policy)).toEqual({
      approvals: 2,
      rejections: 0,
      needed: 2,
      waitingOn: ["U_B"],
      outcome: "APPROVED",
    });
  });

  it("needs only as many approvals as there are eligible voters when fewer than minApprovals", () => {
    expect(tally([approve("U_A")], ["U_A"], policy)).toMatchObject({ needed: 1, outcome: "APPROVED" });
    expect(tally([reject("U_A")], ["U_A"], policy)).toMatchObject({ needed: 1, outcome: "REJECTED" });
  });

  it("stays pending on a 1–1 tie while a third voter could still approve", () => {
    expect(tally([approve("U_A"), reject("U_B")], three, policy)).toMatchObject({
      approvals: 1,
      rejections: 1,
      waitingOn: ["U_C"],
      outcome: "PENDING",
    });
  });

  it("approves 2–1 once the third voter approves", () => {
    expect(tally([approve("U_A"), reject("U_B"), approve("U_C")], three, policy).outcome).toBe("APPROVED");
  });

  it("rejects a 1–1 tie when nobody is left to vote", () => {
    expect(tally([approve("U_A"), reject("U_B")], ["U_A", "U_B"], policy)).toMatchObject({
      approvals: 1,
      rejections: 1,
      waitingOn: [],
      outcome: "REJECTED",
    });
  });

  it("rejects when rejections reach minApprovals", () => {
    const five = ["U_A", "U_B", "U_C", "U_D", "U_E"];
    expect(tally([reject("U_A"), reject("U_B")], five, policy)).toMatchObject({ rejections: 2, outcome: "REJECTED" });
  });

  it("rejects as soon as approval can no longer be reached", () => {
    const needThree = policySchema.parse({ approval: { minApprovals: 3 } });
    const four = ["U_A", "U_B", "U_C", "U_D"];
    // One rejection leaves at most 3 approvals: still reachable.
    expect(tally([reject("U_A")], four, needThree).outcome).toBe("PENDING");
    // Two rejections leave at most 2 approvals of the 3 needed.
    expect(tally([reject("U_A"), reject("U_B")], four, needThree).outcome).toBe("REJECTED");
  });

  it("stays pending while the remaining voters could still outnumber the rejections", () => {
    const needThree = policySchema.parse({ approval: { minApprovals: 3 } });
    const five = ["U_A", "U_B", "U_C", "U_D", "U_E"];
    // 0 approvals + 3 remaining = the 3 needed, and 3 > 2 rejections.
    expect(tally([reject("U_A"), reject("U_B")], five, needThree).outcome).toBe("PENDING");
  });

  it("rejects a claim with no eligible voter, since no approval can outnumber the rejections", () => {
    expect(tally([approve("U_X")], [], policy)).toEqual({
      approvals: 0,
      rejections: 0,
      needed: 0,
      waitingOn: [],
      outcome: "REJECTED",
    });
  });

  it("counts a changed vote once, as its latest decision", () => {
    const votes = [reject("U_A"), approve("U_B"), approve("U_A")];
    expect(tally(votes, three, policy)).toMatchObject({ approvals: 2, rejections: 0, outcome: "APPROVED" });
  });

  it("counts a repeated vote once", () => {
    expect(tally([approve("U_A"), approve("U_A")], three, policy)).toMatchObject({
      approvals: 1,
      outcome: "PENDING",
    });
  });

  it("ignores votes of anyone not eligible", () => {
    expect(tally([approve("U_CLAIMANT"), approve("U_OWNER"), approve("U_A")], three, policy)).toMatchObject({
      approvals: 1,
      waitingOn: ["U_B", "U_C"],
      outcome: "PENDING",
    });
  });
});

describe("expiry", () => {
  const createdAt = new Date("2025-06-15T10:00:00Z");

  it("expires a claim expiresAfterDays after it was made", () => {
    expect(expiryDate(createdAt, DEFAULT_POLICY)).toEqual(new Date("2025-06-22T10:00:00Z"));
  });

  it("counts a pending claim as expired from its expiry moment on", () => {
    const expiresAt = new Date("2025-06-22T10:00:00Z");
    expect(isExpired({ status: "PENDING", expiresAt }, new Date("2025-06-22T09:59:59Z"))).toBe(false);
    expect(isExpired({ status: "PENDING", expiresAt }, expiresAt)).toBe(true);
  });

  it("never expires a decided claim", () => {
    const expiresAt = new Date("2025-06-22T10:00:00Z");
    expect(isExpired({ status: "APPROVED", expiresAt }, new Date("2025-07-01T00:00:00Z"))).toBe(false);
  });
});

describe("isOverride", () => {
  it("treats approving anything but a KEY verdict as an override", () => {
    expect(isOverride("KEY")).toBe(false);
    expect(isOverride("BORDERLINE")).toBe(true);
    expect(isOverride("NOT_KEY")).toBe(true);
  });
});

describe("checkWithdraw", () => {
  it("lets the claimant withdraw a pending claim", () => {
    expect(checkWithdraw({ status: "PENDING", claimant: "U_R" }, "U_R")).toBeNull();
  });

  it("refuses anyone else, and any decided claim", () => {
    expect(checkWithdraw({ status: "PENDING", claimant: "U_R" }, "U_X")?.code).toBe("NOT_CLAIMANT");
    expect(checkWithdraw({ status: "REJECTED", claimant: "U_R" }, "U_R")?.code).toBe("CLAIM_DECIDED");
  });
});
