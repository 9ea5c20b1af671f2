import type { InputBlock, KnownBlock, ModalView, PlainTextOption } from "@slack/types";
import { z } from "zod";
import { FIELDS, type RatingKey, VIEWS } from "../ids.js";
import type { VerdictView, VoteChoice } from "./models.js";
import { reasonBullets, scoreLine } from "./score-card.js";
import { inline, MAX_MODAL_BUTTON, MAX_MODAL_TITLE, MAX_PRIVATE_METADATA, plain, section } from "./text.js";

/** Longest reason a user may type; Slack's own cap for a plain-text input is 3,000. */
export const MAX_REASON_INPUT = 2000;

function modal(args: {
  callbackId: string;
  title: string;
  submit: string;
  metadata: Record<string, unknown>;
  blocks: KnownBlock[];
}): ModalView {
  const privateMetadata = JSON.stringify(args.metadata);
  // Metadata is a handful of IDs; a longer one is a bug, not user input.
  if (privateMetadata.length > MAX_PRIVATE_METADATA) {
    throw new RangeError(`private_metadata of ${args.callbackId} is ${privateMetadata.length} characters`);
  }
  return {
    type: "modal",
    callback_id: args.callbackId,
    title: plain(args.title, MAX_MODAL_TITLE),
    submit: plain(args.submit, MAX_MODAL_BUTTON),
    close: plain("Cancel", MAX_MODAL_BUTTON),
    private_metadata: privateMetadata,
    blocks: args.blocks,
  };
}

function reasonInput(label: string, placeholder: string, hint: string): InputBlock {
  return {
    type: "input",
    block_id: FIELDS.reason.block,
    label: plain(label, 2000),
    hint: plain(hint, 2000),
    element: {
      type: "plain_text_input",
      action_id: FIELDS.reason.action,
      multiline: true,
      min_length: 1,
      max_length: MAX_REASON_INPUT,
      placeholder: plain(placeholder, 150),
    },
  };
}

/**
 * The claim form: the client (fixed by the command), its score and verdict, an
 * override warning when the verdict is not KEY, and a required reason.
 */
export function claimModal(args: {
  clientId: number;
  client: string;
  score: number;
  verdict: VerdictView;
  verdictReasons: readonly string[];
}): ModalView {
  const { clientId, client, score, verdict, verdictReasons } = args;
  const blocks: KnownBlock[] = [
    section(`*Client:* ${inline(client, 200)}\n${scoreLine(score, verdict)}\n${reasonBullets(verdictReasons)}`),
  ];
  if (verdict !== "KEY") {
    blocks.push(
      section(
        `*Override needed: the score's verdict is ${verdict}.* Managers can still approve your claim, but only by overriding the score with a reason, so explain why this client should be your Key Account.`,
      ),
    );
  }
  blocks.push(
    reasonInput(
      "Why should this be your Key Account?",
      "Your history with the client, what you are working on, what is coming up",
      "Managers see this in the approval thread, and it is kept in the audit trail.",
    ),
  );
  return modal({
    callbackId: VIEWS.claim,
    title: "Claim Key Account",
    submit: "Submit claim",
    metadata: { clientId },
    blocks,
  });
}

/** A manager asks the others to revoke a recruiter's Key Account; the reason is required. */
export function revokeModal(args: { clientId: number; client: string; owner: string }): ModalView {
  const { clientId, client, owner } = args;
  return modal({
    callbackId: VIEWS.revoke,
    title: "Revoke Key Account",
    submit: "Ask to revoke",
    metadata: { clientId },
    blocks: [
      section(
        `*Client:* ${inline(client, 200)}\nOwned by <@${owner.replace(/[^A-Z0-9]/g, "")}>. The other managers vote on the revocation in the approvals channel; the owner may answer there.`,
      ),
      reasonInput(
        "Why should this Key Account be revoked?",
        "What has changed with the client or the ownership",
        "Shown in the approval thread and kept in the audit trail.",
      ),
    ],
  });
}

/** The reason asked for a rejection, or for an approval that overrides the score. */
export function voteReasonModal(args: {
  claimId: number;
  client: string;
  decision: VoteChoice;
  override: boolean;
}): ModalView {
  const { claimId, client, decision, override } = args;
  const name = `*${inline(client, 200)}*`;
  let title: string;
  let intro: string;
  if (decision === "REJECT") {
    title = "Reject claim";
    intro = `Say why you reject the claim on ${name}.`;
  } else if (override) {
    title = "Approve (override)";
    intro = `The score says ${name} does not qualify as a Key Account, so approving overrides the score. Say why.`;
  } else {
    title = "Approve claim";
    intro = `Say why you approve the claim on ${name}.`;
  }
  return modal({
    callbackId: VIEWS.voteReason,
    title,
    submit: decision === "REJECT" ? "Reject" : "Approve",
    metadata: { claimId, decision },
    blocks: [
      section(intro),
      reasonInput("Reason", "What the decision rests on", "Shown in the approval thread and kept in the audit trail."),
    ],
  });
}

const RATING_WORDS = ["none", "low", "modest", "medium", "high", "highest"] as const;

const RATING_OPTIONS: PlainTextOption[] = RATING_WORDS.map((word, value) => ({
  text: plain(`${value} – ${word}`),
  value: String(value),
}));

const RATING_LABELS: Record<RatingKey, { label: string; hint: string }> = {
  strategicImportance: {
    label: "Strategic importance",
    hint: "How much the client matters to the firm's direction.",
  },
  longTermPotential: {
    label: "Long-term potential",
    hint: "How much work the client is likely to bring in years to come.",
  },
  exclusivity: {
    label: "Exclusivity / competitive advantage",
    hint: "How far the firm is the client's preferred or only supplier. An active exclusive contract counts in full anyway.",
  },
};

function ratingInput(key: RatingKey, current: number | null): InputBlock {
  const { label, hint } = RATING_LABELS[key];
  const element: InputBlock["element"] = {
    type: "static_select",
    action_id: FIELDS.ratings[key].action,
    placeholder: plain("Not rated"),
    options: RATING_OPTIONS,
  };
  if (current !== null && Number.isFinite(current)) {
    const initial = RATING_OPTIONS[Math.min(5, Math.max(0, Math.round(current)))];
    if (initial !== undefined) element.initial_option = initial;
  }
  return {
    type: "input",
    block_id: FIELDS.ratings[key].block,
    optional: true,
    label: plain(label),
    hint: plain(hint),
    element,
  };
}

/** A manager's form for the three manual ratings, 0–5, showing the current ones. */
export function rateModal(args: {
  clientId: number;
  client: string;
  current: { strategicImportance: number | null; longTermPotential: number | null; exclusivity: number | null };
}): ModalView {
  const { clientId, client, current } = args;
  return modal({
    callbackId: VIEWS.rate,
    title: "Rate client",
    submit: "Save ratings",
    metadata: { clientId },
    blocks: [
      section(
        `*${inline(client, 200)}*\nRatings run from 0 (none) to 5 (highest) and count toward the score. A rating left empty stays unrated.`,
      ),
      ratingInput("strategicImportance", current.strategicImportance),
      ratingInput("longTermPotential", current.longTermPotential),
      ratingInput("exclusivity", current.exclusivity),
    ],
  });
}

const id = z.number().int().positive();
const clientMetadata = z.object({ clientId: id });
const voteMetadata = z.object({ claimId: id, decision: z.enum(["APPROVE", "REJECT"]) });

function parseJson<T>(schema: z.ZodType<T>, raw: string | undefined): T | null {
  if (raw === undefined) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The claim or rate modal's `private_metadata` read back; null when it is not ours (it is untrusted). */
export const parseClientMetadata = (raw: string | undefined): { clientId: number } | null =>
  parseJson(clientMetadata, raw);

/** The vote-reason modal's `private_metadata` read back; null when it is not ours. */
export const parseVoteReasonMetadata = (raw: string | undefined): { claimId: number; decision: VoteChoice } | null =>
  parseJson(voteMetadata, raw);

/** A rating select's submitted option as a number 0–5; null when left empty or not one of ours. */
export function ratingFromOption(value: string | null | undefined): number | null {
  if (value === null || value === undefined || !/^[0-5]$/.test(value)) return null;
  return Number(value);
}
