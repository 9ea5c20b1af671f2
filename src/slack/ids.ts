/**
 * Every action_id, callback_id and block_id the app sends to Slack, so a builder
 * and the listener that answers it cannot drift apart.
 */

/** Buttons and selects in messages and the Home tab (`app.action(...)`). */
export const ACTIONS = {
  claimButton: "claim_open",
  historyButton: "history_show",
  approve: "vote_approve",
  reject: "vote_reject",
  pickClient: "client_pick",
  renew: "review_renew",
  release: "review_release",
  releaseConfirm: "release_confirm",
} as const;

/** Modal callback IDs (`app.view(...)`). */
export const VIEWS = {
  claim: "claim_modal",
  voteReason: "vote_reason_modal",
  rate: "rate_modal",
  revoke: "revoke_modal",
} as const;

/** Block IDs of message blocks that carry actions. */
export const BLOCKS = {
  scoreCardActions: "score_card_actions",
  approvalActions: "approval_actions",
  releaseConfirmActions: "release_confirm_actions",
} as const;

/**
 * Modal inputs: a submitted value is at `view.state.values[block][action]`.
 * The three ratings share one action ID; their block tells them apart.
 */
export const FIELDS = {
  reason: { block: "reason", action: "reason_input" },
  ratings: {
    strategicImportance: { block: "rating_strategic_importance", action: "rating_select" },
    longTermPotential: { block: "rating_long_term_potential", action: "rating_select" },
    exclusivity: { block: "rating_exclusivity", action: "rating_select" },
  },
} as const;

export type ActionId = (typeof ACTIONS)[keyof typeof ACTIONS];
export type ViewId = (typeof VIEWS)[keyof typeof VIEWS];
export type RatingKey = keyof typeof FIELDS.ratings;
