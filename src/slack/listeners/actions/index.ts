import type { App } from "@slack/bolt";
import type { SlackDeps } from "../../app.js";
import { ACTIONS } from "../../ids.js";
import { claimButton } from "./claim-button.js";
import { historyButton } from "./history-button.js";
import { pickClient } from "./pick-client.js";
import { releaseConfirm } from "./release-confirm.js";
import { reviewButton } from "./review-buttons.js";
import { voteButton } from "./vote-button.js";

export function registerActions(app: App, deps: SlackDeps): void {
  app.action(ACTIONS.claimButton, claimButton(deps));
  app.action(ACTIONS.historyButton, historyButton(deps));
  app.action(ACTIONS.pickClient, pickClient(deps));
  app.action(ACTIONS.approve, voteButton(deps, "APPROVE"));
  app.action(ACTIONS.reject, voteButton(deps, "REJECT"));
  app.action(ACTIONS.releaseConfirm, releaseConfirm(deps));
  app.action(ACTIONS.renew, reviewButton(deps, "renew"));
  app.action(ACTIONS.release, reviewButton(deps, "release"));
}
