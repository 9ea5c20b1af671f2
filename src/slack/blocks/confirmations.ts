import type { ModalView } from "@slack/types";
import { deliveryDelayedMessage } from "./messages.js";
import { inline, link, plain, section } from "./text.js";

/** What the claim modal turns into once the claim is stored. */
export function claimOpenedModal(args: {
  client: string;
  permalink: string | null;
  delayed: boolean;
  kind?: "claim" | "revoke";
}): ModalView {
  const what = args.kind === "revoke" ? "request to revoke" : "claim on";
  const body = args.delayed
    ? deliveryDelayedMessage().text
    : `Your ${what} *${inline(args.client, 150)}* is open. The managers vote in ${link(args.permalink, "the approval thread")}; you will get a direct message when it is decided.`;
  return {
    type: "modal",
    title: plain(args.kind === "revoke" ? "Request opened" : "Claim opened", 24),
    close: plain("Done", 24),
    blocks: [section(body)],
  };
}
