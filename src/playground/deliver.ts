import { createHmac } from "node:crypto";
import type { Json, SubmittedValue, View } from "./web/protocol.js";
import { APP_ID, TEAM_ID, type Workspace } from "./workspace.js";

export type { SubmittedValue };

/**
 * What Slack sends an app, built the way Slack builds it: slash commands, button
 * clicks and select changes, modal submissions and App Home events, each signed with
 * the signing secret and posted to the app's `/slack/events`. What the app answers
 * in the HTTP response (an immediate message, modal errors) is applied to the
 * workspace as Slack would.
 */

/** Slack waits three seconds for an acknowledgement, then tells the user the app timed out. */
const ACK_TIMEOUT_MS = 3_000;
const VERIFICATION_TOKEN = "playground-verification-token";
const TEAM_DOMAIN = "keyholder-playground";

export interface DeliveryResult {
  status: number;
  /** The app's response body, parsed when it is JSON. */
  answer?: { [key: string]: Json };
  /** What Slack would tell the user when the app failed to acknowledge. */
  failure?: string;
}

export interface Deliverer {
  command(args: { userId: string; channelId: string; command: string; text: string }): Promise<DeliveryResult>;
  action(args: ActionArgs): Promise<DeliveryResult>;
  submit(args: { userId: string; viewId: string; values: SubmittedValue[] }): Promise<DeliveryResult>;
  homeOpened(userId: string): Promise<DeliveryResult>;
}

export interface ActionArgs {
  userId: string;
  blockId: string;
  actionId: string;
  type: string;
  value?: string;
  /** Where the element was: a message (channel and ts) or a view (modal or App Home). */
  channelId?: string;
  messageTs?: string;
  viewId?: string;
  /** The modal's inputs at the time of the click. */
  values?: SubmittedValue[];
}

export function signature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

type Element = { [key: string]: Json };

/** Every interactive element of a view's blocks, by block id and action id, to put option labels in payloads. */
function findElement(blocks: Json | undefined, blockId: string, actionId: string): Element | undefined {
  if (!Array.isArray(blocks)) return undefined;
  for (const [index, block] of blocks.entries()) {
    if (!block || typeof block !== "object" || Array.isArray(block)) continue;
    const id = typeof block.block_id === "string" ? block.block_id : `b${index}`;
    if (id !== blockId) continue;
    const candidates = [block.element, block.accessory, ...(Array.isArray(block.elements) ? block.elements : [])];
    for (const element of candidates) {
      if (element && typeof element === "object" && !Array.isArray(element) && element.action_id === actionId) {
        return element;
      }
    }
  }
  return undefined;
}

function optionsOf(element: Element | undefined): Element[] {
  if (!element) return [];
  const direct = Array.isArray(element.options) ? element.options : [];
  const grouped = Array.isArray(element.option_groups)
    ? element.option_groups.flatMap((g) =>
        g && typeof g === "object" && !Array.isArray(g) && Array.isArray(g.options) ? g.options : [],
      )
    : [];
  return [...direct, ...grouped].filter((o): o is Element => Boolean(o) && typeof o === "object" && !Array.isArray(o));
}

function option(element: Element | undefined, value: string): Element {
  return optionsOf(element).find((o) => o.value === value) ?? { text: { type: "plain_text", text: value }, value };
}

/** A control's value in Slack's `view.state.values` shape. */
function stateValue(view: View | undefined, submitted: SubmittedValue): Element {
  const element = findElement(view?.view.blocks, submitted.blockId, submitted.actionId);
  const value = submitted.value ?? null;
  switch (submitted.type) {
    case "static_select":
    case "radio_buttons":
      return { type: submitted.type, selected_option: value ? option(element, value) : null };
    case "multi_static_select":
    case "checkboxes":
      return { type: submitted.type, selected_options: (submitted.values ?? []).map((v) => option(element, v)) };
    case "datepicker":
      return { type: submitted.type, selected_date: value || null };
    default:
      return { type: submitted.type, value };
  }
}

function stateValues(view: View | undefined, values: SubmittedValue[] = []): Element {
  const out: Record<string, Element> = {};
  for (const submitted of values) {
    const block = out[submitted.blockId] ?? {};
    block[submitted.actionId] = stateValue(view, submitted);
    out[submitted.blockId] = block;
  }
  return out;
}

export function createDeliverer(args: {
  workspace: Workspace;
  /** The app's request URL, e.g. http://127.0.0.1:3001/slack/events */
  appUrl: () => string;
  signingSecret: string;
  /** The playground's own address, for response URLs. */
  baseUrl: () => string;
  /** How long to wait for the acknowledgement (Slack: three seconds). */
  ackTimeoutMs?: number;
}): Deliverer {
  const { workspace, signingSecret } = args;

  const user = (userId: string) => {
    const person = workspace.person(userId);
    return { id: userId, username: person?.name.toLowerCase().replace(/\s+/g, ".") ?? userId, team_id: TEAM_ID };
  };
  const team = { id: TEAM_ID, domain: TEAM_DOMAIN };
  const responseUrl = (target: Parameters<Workspace["issueResponseToken"]>[0]) =>
    `${args.baseUrl()}/response/${workspace.issueResponseToken(target)}`;

  async function post(body: string, contentType: string): Promise<DeliveryResult> {
    const timestamp = Math.floor(Date.now() / 1000);
    let response: Response;
    let text: string;
    try {
      response = await fetch(args.appUrl(), {
        method: "POST",
        headers: {
          "content-type": contentType,
          "x-slack-request-timestamp": String(timestamp),
          "x-slack-signature": signature(signingSecret, timestamp, body),
        },
        body,
        signal: AbortSignal.timeout(args.ackTimeoutMs ?? ACK_TIMEOUT_MS),
      });
      // The acknowledgement's body counts toward the three seconds too.
      text = await response.text();
    } catch (error) {
      const timedOut = (error as Error).name === "TimeoutError";
      return { status: 0, failure: timedOut ? "operation_timeout" : "dispatch_failed" };
    }
    if (response.status !== 200) return { status: response.status, failure: "dispatch_failed" };
    if (!text) return { status: 200 };
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
        return { status: 200, answer: parsed as { [key: string]: Json } };
      }
    } catch {
      // A plain-text acknowledgement is shown as the message text.
    }
    return { status: 200, answer: { text } };
  }

  const postPayload = (payload: Element) =>
    post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), "application/x-www-form-urlencoded");

  return {
    command({ userId, channelId, command, text }) {
      const channel = workspace.channel(channelId);
      const form: Record<string, string> = {
        token: VERIFICATION_TOKEN,
        team_id: TEAM_ID,
        team_domain: TEAM_DOMAIN,
        channel_id: channelId,
        channel_name: channel?.kind === "dm" ? "directmessage" : (channel?.name ?? channelId),
        user_id: userId,
        user_name: user(userId).username,
        command,
        text,
        api_app_id: APP_ID,
        is_enterprise_install: "false",
        response_url: responseUrl({ userId, channel: channelId }),
        trigger_id: workspace.issueTrigger(userId),
      };
      return post(new URLSearchParams(form).toString(), "application/x-www-form-urlencoded");
    },

    action(a) {
      const actionTs = (Date.now() / 1000).toFixed(6);
      const view = a.viewId ? (workspace.modal(a.viewId) ?? workspace.home(a.userId)) : undefined;
      const message = a.channelId && a.messageTs ? workspace.message(a.channelId, a.messageTs) : undefined;
      const blocks = view?.view.blocks ?? message?.blocks;
      const element = findElement(blocks, a.blockId, a.actionId);
      const action: Element = { type: a.type, action_id: a.actionId, block_id: a.blockId, action_ts: actionTs };
      if (a.type === "button") {
        action.text = element?.text ?? { type: "plain_text", text: a.actionId };
        if (a.value !== undefined) action.value = a.value;
        if (element?.style) action.style = element.style;
      } else if (a.type === "static_select" || a.type === "overflow") {
        action.selected_option = option(element, a.value ?? "");
      } else if (a.type === "datepicker") {
        action.selected_date = a.value ?? null;
      }
      const payload: Element = {
        type: "block_actions",
        user: user(a.userId),
        api_app_id: APP_ID,
        token: VERIFICATION_TOKEN,
        trigger_id: workspace.issueTrigger(a.userId),
        team,
        enterprise: null,
        is_enterprise_install: false,
        actions: [action],
      };
      if (view) {
        payload.container = { type: "view", view_id: view.id };
        payload.view = {
          ...view.view,
          id: view.id,
          hash: view.hash,
          team_id: TEAM_ID,
          app_id: APP_ID,
          state: { values: stateValues(view, a.values) },
        };
      } else if (a.channelId) {
        const ephemeral = Boolean(message?.ephemeralTo);
        payload.container = {
          type: "message",
          message_ts: a.messageTs ?? null,
          channel_id: a.channelId,
          is_ephemeral: ephemeral,
        };
        payload.channel = { id: a.channelId, name: a.channelId };
        payload.state = { values: {} };
        payload.response_url = responseUrl({ userId: a.userId, channel: a.channelId, messageTs: a.messageTs });
        // Slack sends the clicked message, except for an ephemeral one it did not store.
        if (message && !ephemeral) {
          payload.message = {
            type: "message",
            user: message.author,
            text: message.text,
            ts: message.ts,
            ...(message.blocks ? { blocks: message.blocks } : {}),
            ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
          };
        }
      }
      return postPayload(payload);
    },

    async submit({ userId, viewId, values }) {
      const view = workspace.modal(viewId);
      if (!view) return { status: 404, failure: "view_not_found" };
      const payload: Element = {
        type: "view_submission",
        team,
        user: user(userId),
        api_app_id: APP_ID,
        token: VERIFICATION_TOKEN,
        trigger_id: workspace.issueTrigger(userId),
        view: {
          ...view.view,
          id: view.id,
          team_id: TEAM_ID,
          app_id: APP_ID,
          hash: view.hash,
          root_view_id: view.id,
          previous_view_id: null,
          state: { values: stateValues(view, values) },
        },
        response_urls: [],
        is_enterprise_install: false,
        enterprise: null,
      };
      const result = await postPayload(payload);
      if (result.status === 200) workspace.afterSubmission(viewId, result.answer);
      return result;
    },

    homeOpened(userId) {
      const now = Date.now();
      const body = {
        token: VERIFICATION_TOKEN,
        team_id: TEAM_ID,
        api_app_id: APP_ID,
        type: "event_callback",
        event_id: `Ev${now.toString(36).toUpperCase()}${Math.floor(Math.random() * 1e6)}`,
        event_time: Math.floor(now / 1000),
        event: {
          type: "app_home_opened",
          user: userId,
          channel: workspace.dmChannelId(userId),
          tab: "home",
          event_ts: (now / 1000).toFixed(6),
          ...(workspace.home(userId) ? { view: workspace.home(userId)?.view ?? null } : {}),
        },
      };
      return post(JSON.stringify(body), "application/json");
    },
  };
}
