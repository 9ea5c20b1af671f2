/**
 * Requests Slack sends to an app over HTTP, built from `@slack/bolt`'s payload types and signed as Slack signs
 * them, so a test can drive the app's real receiver (signature check, parsing, ack) end to end.
 */
import { createHmac, randomBytes } from "node:crypto";
import type {
  BlockAction,
  ButtonAction,
  SlashCommand,
  ViewOutput,
  ViewStateSelectedOption,
  ViewStateValue,
  ViewSubmitAction,
} from "@slack/bolt";

export const TEAM_ID = "T0KEYHOLDER";
export const TEAM_DOMAIN = "keyholder-test";
export const APP_ID = "A0KEYHOLDER";
/** The deprecated verification token Slack still puts in every payload; Bolt ignores it. */
export const VERIFICATION_TOKEN = "fake-verification-token";

export interface SlackSignatureHeaders {
  "x-slack-signature": string;
  "x-slack-request-timestamp": string;
}

/** Slack's v0 signature: `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<raw body>` keyed by the signing secret. */
export function signSlackRequest(
  body: string,
  secret: string,
  timestamp: number = Math.floor(Date.now() / 1000),
): SlackSignatureHeaders {
  const digest = createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex");
  return { "x-slack-signature": `v0=${digest}`, "x-slack-request-timestamp": String(timestamp) };
}

/** A trigger id in Slack's shape (`<digits>.<digits>.<hex>`); the fake's `triggerId()` gives one it will check. */
export function fakeTriggerId(): string {
  return `${Date.now()}.${Math.floor(Math.random() * 1e10)}.${randomBytes(16).toString("hex")}`;
}

const fakeResponseUrl = () =>
  `https://hooks.slack.com/commands/${TEAM_ID}/${Math.floor(Math.random() * 1e12)}/${randomBytes(12).toString("hex")}`;

const actionTs = () => (Date.now() / 1000).toFixed(6);

const channelName = (channelId: string) => (channelId.startsWith("D") ? "directmessage" : "keyholder");

export interface SlashCommandArgs {
  text: string;
  userId: string;
  userName?: string;
  channelId?: string;
  responseUrl?: string;
  triggerId?: string;
  command?: string;
}

/** The form-encoded body of a slash command, with every field Slack sends. */
export function slashCommand(args: SlashCommandArgs): string {
  const channelId = args.channelId ?? "C0KEYHOLDER";
  const command: SlashCommand = {
    token: VERIFICATION_TOKEN,
    team_id: TEAM_ID,
    team_domain: TEAM_DOMAIN,
    channel_id: channelId,
    channel_name: channelName(channelId),
    user_id: args.userId,
    user_name: args.userName ?? args.userId.toLowerCase(),
    command: args.command ?? "/keyaccount",
    text: args.text,
    api_app_id: APP_ID,
    is_enterprise_install: "false",
    response_url: args.responseUrl ?? fakeResponseUrl(),
    trigger_id: args.triggerId ?? fakeTriggerId(),
  };
  return new URLSearchParams(Object.entries(command).map(([k, v]): [string, string] => [k, String(v)])).toString();
}

/** A `ViewOutput` as Slack sends it inside payloads, with `partial` laid over plausible defaults. */
export function viewOutput(partial: Partial<ViewOutput> = {}): ViewOutput {
  const id = partial.id ?? "V0FAKEVIEW";
  return {
    id,
    team_id: TEAM_ID,
    type: "modal",
    callback_id: "",
    private_metadata: "",
    title: { type: "plain_text", text: "Keyholder", emoji: true },
    close: { type: "plain_text", text: "Cancel", emoji: true },
    submit: { type: "plain_text", text: "Submit", emoji: true },
    blocks: [],
    state: { values: {} },
    hash: `${Math.floor(Date.now() / 1000)}.${randomBytes(4).toString("hex")}`,
    clear_on_close: false,
    notify_on_close: false,
    root_view_id: id,
    previous_view_id: null,
    app_id: APP_ID,
    app_installed_team_id: TEAM_ID,
    bot_id: "B0KEYHOLDER",
    external_id: "",
    ...partial,
  };
}

const formPayload = (payload: object) => new URLSearchParams({ payload: JSON.stringify(payload) }).toString();

export interface BlockActionArgs {
  userId: string;
  actionId: string;
  value?: string;
  blockId?: string;
  channelId?: string;
  messageTs?: string;
  threadTs?: string;
  triggerId?: string;
  responseUrl?: string;
  /** For an action inside a modal or the Home tab: the container becomes that view. */
  view?: Partial<ViewOutput>;
  userName?: string;
}

/** The form body (`payload=<JSON>`) of a button click, as a `BlockAction<ButtonAction>`. */
export function blockAction(args: BlockActionArgs): string {
  const channelId = args.channelId ?? "C0KEYHOLDER";
  const messageTs = args.messageTs ?? "1733333333.000100";
  const username = args.userName ?? args.userId.toLowerCase();
  const action: ButtonAction = {
    type: "button",
    action_id: args.actionId,
    block_id: args.blockId ?? "actions",
    text: { type: "plain_text", text: args.actionId, emoji: true },
    action_ts: actionTs(),
    ...(args.value !== undefined ? { value: args.value } : {}),
  };
  const view = args.view ? viewOutput(args.view) : undefined;
  const inMessage = !view || args.channelId !== undefined || args.messageTs !== undefined;
  const body: BlockAction<ButtonAction> = {
    type: "block_actions",
    user: { id: args.userId, username, name: username, team_id: TEAM_ID },
    api_app_id: APP_ID,
    token: VERIFICATION_TOKEN,
    container: view
      ? { type: "view", view_id: view.id }
      : {
          type: "message",
          message_ts: messageTs,
          channel_id: channelId,
          is_ephemeral: false,
          ...(args.threadTs ? { thread_ts: args.threadTs } : {}),
        },
    trigger_id: args.triggerId ?? fakeTriggerId(),
    team: { id: TEAM_ID, domain: TEAM_DOMAIN },
    is_enterprise_install: false,
    response_url: args.responseUrl ?? fakeResponseUrl(),
    actions: [action],
    ...(inMessage
      ? {
          channel: { id: channelId, name: channelName(channelId) },
          message: {
            type: "message",
            user: "U0KEYHOLDER",
            ts: messageTs,
            text: "",
            blocks: [],
            ...(args.threadTs ? { thread_ts: args.threadTs } : {}),
          },
        }
      : {}),
    ...(view ? { view } : {}),
  };
  return formPayload(body);
}

/** A submitted input's state; `selected_option.text` is filled in from its value when omitted. */
export type SubmittedValue = Omit<ViewStateValue, "selected_option"> & {
  selected_option?: (Partial<ViewStateSelectedOption> & { value: string }) | null;
};

export interface ViewSubmissionArgs {
  userId: string;
  callbackId: string;
  privateMetadata?: string;
  /** `values[blockId][actionId]`. */
  values: Record<string, Record<string, SubmittedValue>>;
  viewId?: string;
  userName?: string;
  triggerId?: string;
}

/** The form body (`payload=<JSON>`) of a modal submission, as a `ViewSubmitAction`. */
export function viewSubmission(args: ViewSubmissionArgs): string {
  const values: Record<string, Record<string, ViewStateValue>> = {};
  for (const [blockId, actions] of Object.entries(args.values)) {
    const block: Record<string, ViewStateValue> = {};
    for (const [actionId, state] of Object.entries(actions)) {
      const { selected_option, ...rest } = state;
      block[actionId] = {
        ...rest,
        ...(selected_option === undefined
          ? {}
          : {
              selected_option:
                selected_option === null
                  ? null
                  : {
                      value: selected_option.value,
                      text: selected_option.text ?? { type: "plain_text", text: selected_option.value },
                    },
            }),
      };
    }
    values[blockId] = block;
  }
  const username = args.userName ?? args.userId.toLowerCase();
  const body: ViewSubmitAction = {
    type: "view_submission",
    team: { id: TEAM_ID, domain: TEAM_DOMAIN },
    user: { id: args.userId, name: username, team_id: TEAM_ID },
    api_app_id: APP_ID,
    token: VERIFICATION_TOKEN,
    trigger_id: args.triggerId ?? fakeTriggerId(),
    is_enterprise_install: false,
    view: viewOutput({
      ...(args.viewId ? { id: args.viewId, root_view_id: args.viewId } : {}),
      callback_id: args.callbackId,
      private_metadata: args.privateMetadata ?? "",
      state: { values },
    }),
    response_urls: [],
  };
  return formPayload(body);
}

export interface PostSignedOptions {
  /** Unix seconds used in the signature and the timestamp header (default now). */
  timestamp?: number;
  /** Default `application/x-www-form-urlencoded`. */
  contentType?: string;
  /** Sent instead of the computed signature; "" sends no signature header at all. */
  signature?: string;
  /** Adds `X-Slack-Retry-Num` (and `X-Slack-Retry-Reason: http_timeout`), as Slack's event redeliveries carry. */
  retryNum?: number;
}

export interface PostSignedResult {
  status: number;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: Json;
  headers: Record<string, string>;
}

// biome-ignore lint/suspicious/noExplicitAny: a response body is arbitrary JSON.
type Json = any;

/** POSTs `body` signed with `secret` as Slack would, through the global fetch (undici; connections kept alive). */
export async function postSigned(
  url: string,
  body: string,
  secret: string,
  options: PostSignedOptions = {},
): Promise<PostSignedResult> {
  const signed = signSlackRequest(body, secret, options.timestamp);
  const headers: Record<string, string> = {
    "content-type": options.contentType ?? "application/x-www-form-urlencoded",
    "x-slack-request-timestamp": signed["x-slack-request-timestamp"],
    "user-agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
  };
  const signature = options.signature ?? signed["x-slack-signature"];
  if (signature !== "") headers["x-slack-signature"] = signature;
  if (options.retryNum !== undefined) {
    headers["x-slack-retry-num"] = String(options.retryNum);
    headers["x-slack-retry-reason"] = "http_timeout";
  }
  const response = await fetch(url, { method: "POST", headers, body });
  const text = await response.text();
  let json: Json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json, headers: Object.fromEntries(response.headers.entries()) };
}
