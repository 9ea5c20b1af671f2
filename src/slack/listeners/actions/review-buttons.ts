import { endAtReview, renewReview } from "../../../services/accounts.js";
import type { SlackDeps } from "../../app.js";
import { errorMessage } from "../../blocks/messages.js";
import { explain } from "../errors.js";
import { type ButtonArgs, idFrom } from "./button.js";

/** Renew / Release on a Key Account due for review, in the weekly reminder (managers only). */
export function reviewButton({ services, log, outbox }: SlackDeps, choice: "renew" | "release") {
  return async ({ ack, action, body, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const tell = (text: string) => respond({ response_type: "ephemeral", replace_original: false, text });
    try {
      const ownershipId = idFrom(action.value);
      if (!ownershipId) throw new Error("review button without an ownership");
      const input = { ownershipId, manager: body.user.id };
      if (choice === "renew") {
        const client = await renewReview(services, input);
        await tell(`Renewed: *${client}* stays a Key Account until its next review.`);
      } else {
        const client = await endAtReview(services, input);
        outbox.kick();
        await tell(`Not renewed: *${client}* is open again; its owner has been told.`);
      }
    } catch (error) {
      await respond({
        response_type: "ephemeral",
        replace_original: false,
        ...errorMessage(explain(error, log, { user: body.user.id })),
      });
    }
  };
}
