import type { VoteDecision } from "../../../domain/claims.js";
import { castVote, checkVoter } from "../../../services/claims.js";
import type { SlackDeps } from "../../app.js";
import { errorMessage } from "../../blocks/messages.js";
import { voteReasonModal } from "../../blocks/modals.js";
import { explain } from "../errors.js";
import { type ButtonArgs, idFrom } from "./button.js";

/**
 * Approve / Reject in an approval thread. A rejection, and an approval that
 * overrides the score's verdict, need a reason: those open a modal. Whoever may not
 * vote is told so, privately, and nothing is stored.
 */
export function voteButton({ services, log, outbox }: SlackDeps, decision: VoteDecision) {
  return async ({ ack, action, body, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const voter = body.user.id;
    const tell = (text: string) =>
      respond({ response_type: "ephemeral", replace_original: false, ...errorMessage(text) });
    try {
      const claimId = idFrom(action.value);
      if (!claimId) {
        await tell("That button does not belong to a claim.");
        return;
      }
      const check = await checkVoter(services, { claimId, voter, decision });
      if (check.needsReason) {
        await client.views.open({
          trigger_id: body.trigger_id,
          view: voteReasonModal({ claimId, client: check.client, decision, override: check.override }),
        });
        return;
      }
      await castVote(services, { claimId, voter, decision, reason: null });
      outbox.kick();
    } catch (error) {
      await tell(explain(error, log, { user: voter, action: decision }));
    }
  };
}
