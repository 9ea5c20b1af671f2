import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import type { Services } from "../../../services/context.js";
import { type ClientScore, scoreOne } from "../../../services/score.js";
import { errorMessage } from "../../blocks/messages.js";
import type { BlockMessage } from "../../blocks/text.js";

export type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** A button's value as a positive integer id; button values are untrusted. */
export function idFrom(value: string | undefined): number | null {
  const id = Number(value);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

/** An answer only the clicker sees, below the message they clicked in. */
export const privately = (respond: ButtonArgs["respond"], message: BlockMessage) =>
  respond({ response_type: "ephemeral", replace_original: false, ...message });

/**
 * The client a score-card button names, scored now; null (and the clicker told)
 * when the value is not a client or the client is gone.
 */
export async function clientOnButton(
  services: Services,
  args: Pick<ButtonArgs, "action" | "respond">,
): Promise<{ clientId: number; score: ClientScore } | null> {
  const clientId = idFrom(args.action.value);
  const score = clientId ? await scoreOne(services, clientId) : null;
  if (!clientId || !score) {
    await privately(args.respond, errorMessage("That client no longer exists."));
    return null;
  }
  return { clientId, score };
}
