import { castVote } from "../../../services/claims.js";
import type { SlackDeps } from "../../app.js";
import { MAX_REASON_INPUT, parseVoteReasonMetadata } from "../../blocks/modals.js";
import { FIELDS } from "../../ids.js";
import { explain } from "../errors.js";
import { type SubmissionArgs, textValue } from "./submission.js";

/** A rejection or an override approval, with its reason. */
export function voteReasonSubmitted({ services, log, outbox }: SlackDeps) {
  return async ({ ack, body, view }: SubmissionArgs): Promise<void> => {
    const reasonError = (message: string) =>
      ack({ response_action: "errors", errors: { [FIELDS.reason.block]: message } });
    const meta = parseVoteReasonMetadata(view.private_metadata);
    const reason = textValue(body, FIELDS.reason.block, FIELDS.reason.action);
    if (!meta) return reasonError("This form is out of date; close it and click the button again.");
    if (!reason) return reasonError("A reason is required; it is shown in the thread and kept in the audit trail.");
    if (reason.length > MAX_REASON_INPUT) return reasonError(`Keep the reason under ${MAX_REASON_INPUT} characters.`);
    try {
      await castVote(services, { claimId: meta.claimId, voter: body.user.id, decision: meta.decision, reason });
    } catch (error) {
      return reasonError(explain(error, log, { user: body.user.id, claimId: meta.claimId }));
    }
    await ack();
    outbox.kick();
  };
}
