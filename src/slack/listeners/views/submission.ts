import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";

export type SubmissionArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** The text typed into a modal input, trimmed; "" when absent. */
export function textValue(body: ViewSubmitAction, block: string, action: string): string {
  return (body.view.state.values[block]?.[action]?.value ?? "").trim();
}
