import { outboxStatus } from "../../../db/repositories/outbox.js";
import { isDomainError } from "../../../domain/errors.js";
import { createClaim, rootKey } from "../../../services/claims.js";
import type { SlackDeps } from "../../app.js";
import { claimOpenedModal } from "../../blocks/confirmations.js";
import { MAX_REASON_INPUT, parseClientMetadata } from "../../blocks/modals.js";
import { FIELDS } from "../../ids.js";
import { explain } from "../errors.js";
import { type SubmissionArgs, textValue } from "./submission.js";

/** How long the modal waits for the approval thread to be posted before saying it is delayed. */
const POST_WAIT_MS = 1_500;

/**
 * The claim modal was submitted: the claim and its thread's intent are stored
 * together, then the modal says where the thread is — or that Slack is slow and the
 * thread will follow. Problems come back as errors on the modal's field.
 */
export function claimSubmitted({ services, log, outbox }: SlackDeps, kind: "claim" | "revoke" = "claim") {
  return async ({ ack, body, view }: SubmissionArgs): Promise<void> => {
    const reasonError = (message: string) =>
      ack({ response_action: "errors", errors: { [FIELDS.reason.block]: message } });
    const meta = parseClientMetadata(view.private_metadata);
    const reason = textValue(body, FIELDS.reason.block, FIELDS.reason.action);
    if (!meta) return reasonError(`This form is out of date; close it and run /keyaccount ${kind} again.`);
    if (!reason) {
      return reasonError(
        kind === "claim"
          ? "Say why you should own this client; the managers decide on it."
          : "Say why this Key Account should be revoked; the other managers decide on it.",
      );
    }
    if (reason.length > MAX_REASON_INPUT) return reasonError(`Keep the reason under ${MAX_REASON_INPUT} characters.`);

    let claimId: number;
    let client: string;
    try {
      const claim = await createClaim(services, { clientId: meta.clientId, claimant: body.user.id, reason, kind });
      claimId = claim.id;
      client = claim.client;
    } catch (error) {
      if (isDomainError(error)) return reasonError(explain(error, log, {}));
      return reasonError(explain(error, log, { user: body.user.id, clientId: meta.clientId }));
    }

    outbox.kick();
    const deadline = Date.now() + POST_WAIT_MS;
    let status = await outboxStatus(services.db, rootKey(claimId));
    while (status?.status === "PENDING" && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      status = await outboxStatus(services.db, rootKey(claimId));
    }
    const posted = status?.status === "SENT";
    await ack({
      response_action: "update",
      view: claimOpenedModal({ client, permalink: null, delayed: !posted, kind }),
    });
  };
}
