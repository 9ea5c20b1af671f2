import { clientHistory } from "../../../services/accounts.js";
import type { SlackDeps } from "../../app.js";
import { errorMessage, historyMessage } from "../../blocks/messages.js";
import { explain } from "../errors.js";
import { type ButtonArgs, clientOnButton, privately } from "./button.js";

/** "History" on a score card: the client's audit trail, for the clicker only. */
export function historyButton({ services, log }: SlackDeps) {
  return async ({ ack, action, body, respond }: ButtonArgs): Promise<void> => {
    await ack();
    try {
      const found = await clientOnButton(services, { action, respond });
      if (!found) return;
      const entries = await clientHistory(services, found.clientId);
      await privately(respond, historyMessage(found.score.card.client, entries, services.policy.policy.timezone));
    } catch (error) {
      await privately(respond, errorMessage(explain(error, log, { user: body.user.id, action: "history" })));
    }
  };
}
