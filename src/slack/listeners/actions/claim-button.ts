import { scoreOne } from "../../../services/score.js";
import type { SlackDeps } from "../../app.js";
import { errorMessage } from "../../blocks/messages.js";
import { claimModal } from "../../blocks/modals.js";
import { explain } from "../errors.js";
import { type ButtonArgs, idFrom } from "./button.js";

/** "Claim as Key Account" on a score card: opens the claim modal. */
export function claimButton({ services, log }: SlackDeps) {
  return async ({ ack, action, body, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    try {
      const clientId = idFrom(action.value);
      const score = clientId ? await scoreOne(services, clientId) : null;
      if (!clientId || !score) {
        await respond({
          response_type: "ephemeral",
          replace_original: false,
          ...errorMessage("That client no longer exists."),
        });
        return;
      }
      await client.views.open({
        trigger_id: body.trigger_id,
        view: claimModal({
          clientId,
          client: score.card.client,
          score: score.card.score,
          verdict: score.card.verdict,
          verdictReasons: score.card.reasons,
        }),
      });
    } catch (error) {
      const problem = explain(error, log, { user: body.user.id, action: "claim" });
      await respond({ response_type: "ephemeral", replace_original: false, ...errorMessage(problem) });
    }
  };
}
