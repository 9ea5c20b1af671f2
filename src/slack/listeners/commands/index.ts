import type { App } from "@slack/bolt";
import type { SlackDeps } from "../../app.js";
import { keyaccountCommand } from "./keyaccount.js";

export function registerCommands(app: App, deps: SlackDeps): void {
  app.command("/keyaccount", keyaccountCommand(deps));
  // The manifests add /ka as a short alias.
  app.command("/ka", keyaccountCommand(deps));
}
