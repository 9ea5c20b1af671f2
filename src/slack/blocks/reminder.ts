import type { KnownBlock } from "@slack/types";
import type { ReminderData } from "../../services/jobs.js";
import { ACTIONS } from "../ids.js";
import { button, context, formatDate, header, inline, MAX_BLOCKS_MESSAGE, mention, mentions, section } from "./text.js";

/**
 * The weekly reminder, as one or more messages of at most 50 blocks each: pending
 * claims and who still has to vote, Key Accounts about to lapse, Key Accounts due
 * for review (with Renew / Release buttons for managers), and verdict changes.
 */
export function reminderMessages(data: ReminderData, timezone: string): Array<{ text: string; blocks: KnownBlock[] }> {
  const blocks: KnownBlock[] = [];
  const heading = (title: string, count: number) => blocks.push(header(`${title} (${count})`));

  heading("Claims waiting for a decision", data.pending.length);
  for (const c of data.pending) {
    const waiting = c.waitingOn.length > 0 ? `waiting on ${mentions(c.waitingOn)}` : "all votes in";
    blocks.push(
      section(
        `*${inline(c.client, 150)}*: ${c.kind} by ${mention(c.claimant)} · ${waiting} · expires ${formatDate(c.expiresAt, timezone)}`,
      ),
    );
  }
  if (data.pending.length === 0) blocks.push(context("None."));

  heading("Key Accounts about to lapse", data.lapsing.length);
  for (const l of data.lapsing) {
    blocks.push(
      section(
        `*${inline(l.client, 150)}* (${mention(l.owner)}) lapses on ${formatDate(l.lapsesAt, timezone)}: no credited engagement`,
      ),
    );
  }
  if (data.lapsing.length === 0) blocks.push(context("None."));

  heading("Key Accounts due for review", data.dueForReview.length);
  for (const r of data.dueForReview) {
    blocks.push(
      section(`*${inline(r.client, 150)}* (${mention(r.owner)}) review due ${formatDate(r.reviewDueAt, timezone)}`),
      {
        type: "actions",
        elements: [
          button({ text: "Renew", actionId: ACTIONS.renew, value: String(r.ownershipId), style: "primary" }),
          button({
            text: "Release",
            actionId: ACTIONS.release,
            value: String(r.ownershipId),
            style: "danger",
            confirm: {
              title: "Release this Key Account?",
              text: `*${inline(r.client, 150)}* will be open to claims again and ${mention(r.owner)} is told. This cannot be undone from here.`,
              confirm: "Release",
              deny: "Keep it",
            },
          }),
        ],
      },
    );
  }
  if (data.dueForReview.length === 0) blocks.push(context("None."));

  heading("Verdicts changed since the last reminder", data.verdictChanges.length);
  for (const v of data.verdictChanges) {
    blocks.push(section(`*${inline(v.client, 150)}*: ${v.from} → ${v.to} (score ${v.score})`));
  }
  if (data.verdictChanges.length === 0) blocks.push(context("None."));

  const pages: KnownBlock[][] = [];
  for (let i = 0; i < blocks.length; i += MAX_BLOCKS_MESSAGE) pages.push(blocks.slice(i, i + MAX_BLOCKS_MESSAGE));
  const summary = `Weekly Key Account reminder: ${data.pending.length} pending claims, ${data.lapsing.length} lapsing, ${data.dueForReview.length} due for review, ${data.verdictChanges.length} verdict changes`;
  return pages.map((page, i) => ({
    text: pages.length > 1 ? `${summary} (${i + 1}/${pages.length})` : summary,
    blocks: page,
  }));
}
