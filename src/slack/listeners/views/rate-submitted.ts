import { setRatings } from "../../../services/accounts.js";
import type { SlackDeps } from "../../app.js";
import { parseClientMetadata, ratingFromOption } from "../../blocks/modals.js";
import { FIELDS } from "../../ids.js";
import { explain } from "../errors.js";
import type { SubmissionArgs } from "./submission.js";

/** A manager set a client's manual ratings. */
export function rateSubmitted({ services, log }: SlackDeps) {
  return async ({ ack, body, view }: SubmissionArgs): Promise<void> => {
    const meta = parseClientMetadata(view.private_metadata);
    const firstBlock = FIELDS.ratings.strategicImportance.block;
    if (!meta) {
      await ack({
        response_action: "errors",
        errors: { [firstBlock]: "This form is out of date; run /keyaccount rate again." },
      });
      return;
    }
    const read = (field: { block: string; action: string }) =>
      ratingFromOption(view.state.values[field.block]?.[field.action]?.selected_option?.value);
    try {
      await setRatings(services, {
        clientId: meta.clientId,
        actor: body.user.id,
        ratings: {
          strategicImportance: read(FIELDS.ratings.strategicImportance),
          longTermPotential: read(FIELDS.ratings.longTermPotential),
          exclusivity: read(FIELDS.ratings.exclusivity),
        },
      });
      await ack();
    } catch (error) {
      await ack({ response_action: "errors", errors: { [firstBlock]: explain(error, log, { user: body.user.id }) } });
    }
  };
}
