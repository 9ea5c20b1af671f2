import type { VoteDecision } from "../../../domain/claims.js";
import { castVote, checkVoter } from "../../../services/claims.js";
import type { SlackDeps } from "../../app.js";
import { errorMessage } from "../../blocks/messages.js";
import { voteReasonModal } from "../../blocks/modals.js";
import { explain } from "../errors.js";
import { type ButtonArgs, idFrom } from "./button.js";

/**
 * Approve / Reject in an approval thread. A rejection, and an approval that
 * overrides the verdict, need a reason: those open a modal. A vote that needs no
 * reason is stored before the click is acknowledged (a few milliseconds), so an
 * acknowledged vote is never lost, even if the process dies right after. Whoever may
 * not vote is told so, privately, and nothing is stored.
 */
export function voteButton({ services, log, outbox }: SlackDeps, decision: VoteDecision) {
  return async ({ ack, action, body, client, respond }: ButtonArgs): Promise<void> => {
    const voter = body.user.id;
    const tell = (text: string) =>
      respond({ response_type: "ephemeral", replace_original: false, ...errorMessage(text) });
    const claimId = idFrom(action.value);
    if (!claimId) {
      await ack();
      await tell("That button does not belong to a claim.");
      return;
    }
    let refusal: string | null = null;
    let reasonModal: Parameters<typeof voteReasonModal>[0] | null = null;
    try {
      const check = await checkVoter(services, { claimId, voter, decision });
      if (check.needsReason) reasonModal = { claimId, client: check.client, decision, override: check.override };
      else await castVote(services, { claimId, voter, decision, reason: null });
    } catch (error) {
      refusal = explain(error, log, { user: voter, action: decision });
    }
    await ack();
    try {
      if (refusal) await tell(refusal);
      else if (reasonModal)
        await client.views.open({ trigger_id: body.trigger_id, view: voteReasonModal(reasonModal) });
      else outbox.kick();
    } catch (error) {
      log.error({ err: error, user: voter, claimId }, "could not answer a vote click");
    }
  };
}
