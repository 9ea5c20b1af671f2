import type { App } from "@slack/bolt";
import type { SlackDeps } from "../../app.js";
import { VIEWS } from "../../ids.js";
import { claimSubmitted } from "./claim-submitted.js";
import { rateSubmitted } from "./rate-submitted.js";
import { voteReasonSubmitted } from "./vote-reason-submitted.js";

export function registerViews(app: App, deps: SlackDeps): void {
  app.view(VIEWS.claim, claimSubmitted(deps, "claim"));
  app.view(VIEWS.revoke, claimSubmitted(deps, "revoke"));
  app.view(VIEWS.voteReason, voteReasonSubmitted(deps));
  app.view(VIEWS.rate, rateSubmitted(deps));
}
