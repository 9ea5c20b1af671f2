import { clientHistory } from "../../../services/accounts.js";
import { scoreOne } from "../../../services/score.js";
import type { SlackDeps } from "../../app.js";
import { errorMessage, historyMessage } from "../../blocks/messages.js";
import { explain } from "../errors.js";
import { type ButtonArgs, idFrom } from "./button.js";

/** "History" on a score card: the client's audit trail, for the clicker only. */
export function historyButton({ services, log }: SlackDeps) {
  return async ({ ack, action, body, respond }: ButtonArgs): Promise<void> => {
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
      const entries = await clientHistory(services, clientId);
      await respond({
        response_type: "ephemeral",
        replace_original: false,
        ...historyMessage(score.card.client, entries, services.policy.policy.timezone),
      });
    } catch (error) {
      const problem = explain(error, log, { user: body.user.id, action: "history" });
      await respond({ response_type: "ephemeral", replace_original: false, ...errorMessage(problem) });
    }
  };
}
