import type { SlackDeps } from "../../app.js";
import { errorMessage } from "../../blocks/messages.js";
import { claimModal } from "../../blocks/modals.js";
import { explain } from "../errors.js";
import { type ButtonArgs, clientOnButton, privately } from "./button.js";

/** "Claim as Key Account" on a score card: opens the claim modal. */
export function claimButton({ services, log }: SlackDeps) {
  return async ({ ack, action, body, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    try {
      const found = await clientOnButton(services, { action, respond });
      if (!found) return;
      const { card } = found.score;
      await client.views.open({
        trigger_id: body.trigger_id,
        view: claimModal({
          clientId: found.clientId,
          client: card.client,
          score: card.score,
          verdict: card.verdict,
          verdictReasons: card.reasons,
        }),
      });
    } catch (error) {
      await privately(respond, errorMessage(explain(error, log, { user: body.user.id, action: "claim" })));
    }
  };
}
