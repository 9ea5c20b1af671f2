import { releaseAccount } from "../../../services/accounts.js";
import type { SlackDeps } from "../../app.js";
import { errorMessage, releasedMessage } from "../../blocks/messages.js";
import { explain } from "../errors.js";
import { type ButtonArgs, idFrom } from "./button.js";

/** The owner confirmed giving up a Key Account. */
export function releaseConfirm({ services, log, outbox }: SlackDeps) {
  return async ({ ack, action, body, respond }: ButtonArgs): Promise<void> => {
    await ack();
    try {
      const clientId = idFrom(action.value);
      if (!clientId) throw new Error("release button without a client");
      const client = await releaseAccount(services, { clientId, owner: body.user.id });
      outbox.kick();
      await respond({ response_type: "ephemeral", replace_original: true, ...releasedMessage(client) });
    } catch (error) {
      const problem = explain(error, log, { user: body.user.id, action: "release" });
      await respond({ response_type: "ephemeral", replace_original: true, ...errorMessage(problem) });
    }
  };
}
