import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { myAccounts, pendingFor } from "../../../services/accounts.js";
import type { SlackDeps } from "../../app.js";
import { appHome } from "../../blocks/home.js";

/** App Home: my Key Accounts and lapse warnings; for managers, claims awaiting their vote. */
export function appHomeOpened({ services, log }: SlackDeps) {
  return async ({ event, client }: SlackEventMiddlewareArgs<"app_home_opened"> & AllMiddlewareArgs): Promise<void> => {
    if (event.tab !== "home") return;
    try {
      const [mine, pending] = await Promise.all([myAccounts(services, event.user), pendingFor(services, event.user)]);
      await client.views.publish({
        user_id: event.user,
        view: appHome({
          mine,
          awaitingVote: pending.isManager ? pending.awaitingMyVote : null,
          myClaims: pending.myClaims,
          timezone: services.policy.policy.timezone,
          permalinks: new Map(),
        }),
      });
    } catch (error) {
      log.error({ err: error, user: event.user }, "could not publish App Home");
    }
  };
}
