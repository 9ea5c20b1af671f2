import { clientHistory, pendingClaimRef } from "../../../services/accounts.js";
import { scoreOne } from "../../../services/score.js";
import type { SlackDeps } from "../../app.js";
import { errorMessage, historyMessage, parsePickValue } from "../../blocks/messages.js";
import { claimModal } from "../../blocks/modals.js";
import { scoreCardMessage } from "../../blocks/score-card.js";
import { explain } from "../errors.js";
import type { ButtonArgs } from "./button.js";

/** A client chosen from a pick list: carry on with what the person asked for. */
export function pickClient({ services, log }: SlackDeps) {
  return async ({ ack, action, body, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const reply = (message: { text: string; blocks?: unknown[] }) =>
      respond({ response_type: "ephemeral", replace_original: true, ...(message as { text: string }) });
    try {
      const picked = parsePickValue(action.value ?? "");
      const score = picked ? await scoreOne(services, picked.clientId) : null;
      if (!picked || !score) {
        await reply(errorMessage("That choice is no longer valid; run the command again."));
        return;
      }
      if (picked.subcommand === "claim") {
        await client.views.open({
          trigger_id: body.trigger_id,
          view: claimModal({
            clientId: picked.clientId,
            client: score.card.client,
            score: score.card.score,
            verdict: score.card.verdict,
            verdictReasons: score.card.reasons,
          }),
        });
        return;
      }
      if (picked.subcommand === "history") {
        await reply(
          historyMessage(
            score.card.client,
            await clientHistory(services, picked.clientId),
            services.policy.policy.timezone,
          ),
        );
        return;
      }
      const pending = await pendingClaimRef(services, picked.clientId);
      await reply(
        scoreCardMessage(score, {
          timezone: services.policy.policy.timezone,
          pendingClaim: pending ? { claimId: pending.claimId, claimant: pending.claimant, permalink: null } : null,
          viewer: body.user.id,
        }),
      );
    } catch (error) {
      await reply(errorMessage(explain(error, log, { user: body.user.id, action: "pick" })));
    }
  };
}
