import type { HomeView, KnownBlock } from "@slack/types";
import { claimLine, ownedAccountRows } from "./messages.js";
import type { ClaimView, OwnedAccount } from "./models.js";
import { context, count, divider, header, plural, rowBlocks, section } from "./text.js";

/** Blocks each list may use, so three lists with their headers stay within the Home tab's 100 blocks. */
const LIST_BUDGET = 30;

/**
 * The App Home tab: the viewer's Key Accounts with lapse warnings first, claims
 * awaiting their vote (managers only: `awaitingVote` is null for everyone else)
 * and their own open claims.
 */
export function appHome(args: {
  mine: readonly OwnedAccount[];
  awaitingVote: readonly ClaimView[] | null;
  myClaims: readonly ClaimView[];
  timezone: string;
  permalinks: ReadonlyMap<number, string>;
}): HomeView {
  const { mine, awaitingVote, myClaims, timezone, permalinks } = args;
  const blocks: KnownBlock[] = [header("Your Key Accounts")];
  const warned = mine.filter((a) => a.lapse.warn).length;
  if (mine.length === 0) {
    blocks.push(section("You hold no Key Accounts. Claim one with `/keyaccount claim &lt;client&gt;`."));
  } else {
    if (warned > 0) {
      blocks.push(section(`*${plural(warned, "Key Account")} ${warned === 1 ? "lapses" : "lapse"} soon.*`));
    }
    blocks.push(...rowBlocks(ownedAccountRows(mine, timezone), LIST_BUDGET));
  }

  if (awaitingVote !== null) {
    blocks.push(divider(), header(`Awaiting your vote (${count(awaitingVote.length)})`));
    blocks.push(
      ...(awaitingVote.length === 0
        ? [section("Nothing awaits your vote.")]
        : rowBlocks(
            awaitingVote.map((claim) => claimLine(claim, permalinks, timezone, "voter")),
            LIST_BUDGET,
          )),
    );
  }

  blocks.push(divider(), header(`Your open claims (${count(myClaims.length)})`));
  blocks.push(
    ...(myClaims.length === 0
      ? [section("You have no open claims.")]
      : rowBlocks(
          myClaims.map((claim) => claimLine(claim, permalinks, timezone, "claimant")),
          LIST_BUDGET,
        )),
  );
  blocks.push(context("Type `/keyaccount help` in any channel for every command."));
  return { type: "home", blocks };
}
