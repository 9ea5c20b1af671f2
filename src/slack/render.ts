import type { WebClient } from "@slack/web-api";
import { sentMessage } from "../db/repositories/outbox.js";
import { isOverride } from "../domain/claims.js";
import { getClaimSummary, rootKey } from "../services/claims.js";
import type { Services } from "../services/context.js";
import {
  approvalRootMessage,
  decisionDm,
  decisionThreadMessage,
  disputeNoticeDm,
  voteReplyMessage,
} from "./blocks/approval.js";
import type { Renderer } from "./outbox-worker.js";

/**
 * Renders outbox intents at send time from the current state of the database, so a
 * message delayed by an outage still shows the latest tally when it goes out.
 */
export function createRenderer(services: Services, client: WebClient): Renderer {
  const timezone = services.policy.policy.timezone;

  async function permalinkOf(claimId: number): Promise<string | null> {
    const root = await sentMessage(services.db, rootKey(claimId));
    if (!root) return null;
    try {
      const result = await client.chat.getPermalink({ channel: root.channel, message_ts: root.ts });
      return (result.permalink as string | undefined) ?? null;
    } catch {
      return null;
    }
  }

  return async (payload) => {
    const claimId = Number(payload.claimId);
    const claim = Number.isFinite(claimId) ? await getClaimSummary(services, claimId) : null;
    switch (payload.render) {
      case "claimRoot":
        return claim ? approvalRootMessage(claim, timezone) : null;
      case "voteReply":
        return claim
          ? voteReplyMessage(
              {
                claimId,
                voter: String(payload.voter),
                decision: payload.decision === "REJECT" ? "REJECT" : "APPROVE",
                reason: (payload.reason as string | null) ?? null,
                changedFrom: (payload.changedFrom as "APPROVE" | "REJECT" | null) ?? null,
                override: payload.decision === "APPROVE" && claim.kind === "claim" && isOverride(claim.verdict),
              },
              claim,
            )
          : null;
      case "decisionReply":
        return claim ? decisionThreadMessage(claim) : null;
      case "decisionDm":
        return claim
          ? decisionDm(claim, payload.audience === "previousOwner" ? "previousOwner" : "claimant", {
              permalink: await permalinkOf(claimId),
            })
          : null;
      case "disputeNotice":
        return claim ? disputeNoticeDm(claim, { permalink: await permalinkOf(claimId), timezone }) : null;
      case "text":
        return { text: String(payload.text) };
      case "static":
        return { text: String(payload.text), blocks: payload.blocks as unknown[] };
      default:
        return null;
    }
  };
}
