import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { verifySlackRequest } from "@slack/bolt";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDeliverer, type Deliverer } from "../../../src/playground/deliver.js";
import { type Json, Workspace } from "../../../src/playground/workspace.js";

/**
 * What the playground sends an app, checked the way the app checks it: Bolt's own
 * signature verification, and the fields of Slack's payloads the listeners read.
 */

const SECRET = "playground-test-secret";
const MAYA = "U0DEMOREC1";
const GRACE = "U0DEMOMGR1";

interface Received {
  headers: IncomingMessage["headers"];
  body: string;
}

type Answer = (req: Received, res: ServerResponse) => void;

function parsed(received: Received | undefined): Record<string, unknown> {
  if (!received) throw new Error("the app received nothing");
  if (received.headers["content-type"]?.startsWith("application/json")) return JSON.parse(received.body);
  const form = Object.fromEntries(new URLSearchParams(received.body));
  return form.payload ? JSON.parse(form.payload) : form;
}

const claimModal: Json = {
  type: "modal",
  callback_id: "rate",
  title: { type: "plain_text", text: "Rate client" },
  submit: { type: "plain_text", text: "Save" },
  private_metadata: '{"clientId":7}',
  blocks: [
    {
      type: "input",
      block_id: "strategic",
      label: { type: "plain_text", text: "Strategic importance" },
      element: {
        type: "static_select",
        action_id: "value",
        options: [
          { text: { type: "plain_text", text: "3 — solid" }, value: "3" },
          { text: { type: "plain_text", text: "5 — vital" }, value: "5" },
        ],
      },
    },
    {
      type: "input",
      block_id: "since",
      label: { type: "plain_text", text: "Since" },
      element: { type: "datepicker", action_id: "day" },
    },
    {
      type: "input",
      block_id: "why",
      label: { type: "plain_text", text: "Why" },
      element: { type: "plain_text_input", action_id: "text", multiline: true },
    },
  ],
};

describe("requests the playground sends the app", () => {
  let app: Server;
  let received: Received[] = [];
  let answer: Answer = (_req, res) => res.writeHead(200).end();
  let workspace: Workspace;
  let deliver: Deliverer;
  let appUrl: string;

  beforeAll(async () => {
    app = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const entry = { headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
        received.push(entry);
        answer(entry, res);
      });
    });
    await new Promise<void>((ready) => app.listen(0, "127.0.0.1", ready));
    appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/slack/events`;
  });
  afterAll(async () => {
    app.closeAllConnections();
    await new Promise((done) => app.close(done));
  });

  beforeEach(() => {
    received = [];
    answer = (_req, res) => res.writeHead(200).end();
    workspace = new Workspace(
      "Test",
      [
        { id: MAYA, name: "Maya Okafor", role: "recruiter" },
        { id: GRACE, name: "Grace Whitfield", role: "manager" },
      ],
      [{ id: "C0APPROVALS", name: "key-account-approvals", kind: "channel" }],
    );
    deliver = createDeliverer({
      workspace,
      signingSecret: SECRET,
      appUrl: () => appUrl,
      baseUrl: () => "http://localhost:9",
      ackTimeoutMs: 300,
    });
  });

  const verify = (r: Received | undefined) => {
    if (!r) throw new Error("nothing received");
    verifySlackRequest({
      signingSecret: SECRET,
      body: r.body,
      headers: {
        "x-slack-signature": String(r.headers["x-slack-signature"]),
        "x-slack-request-timestamp": Number(r.headers["x-slack-request-timestamp"]),
      },
    });
  };

  it("signs a slash command as Slack does, with a response URL and a trigger the workspace honours", async () => {
    await deliver.command({ userId: MAYA, channelId: "C0APPROVALS", command: "/keyaccount", text: "mine" });
    expect(() => verify(received[0])).not.toThrow();
    expect(() =>
      verifySlackRequest({
        signingSecret: "another-secret",
        body: received[0]?.body ?? "",
        headers: {
          "x-slack-signature": String(received[0]?.headers["x-slack-signature"]),
          "x-slack-request-timestamp": Number(received[0]?.headers["x-slack-request-timestamp"]),
        },
      }),
    ).toThrow();
    const form = parsed(received[0]);
    expect(form).toMatchObject({
      command: "/keyaccount",
      text: "mine",
      user_id: MAYA,
      user_name: "maya.okafor",
      channel_id: "C0APPROVALS",
      channel_name: "key-account-approvals",
      team_id: "T0PLAYGROUND",
      api_app_id: "A0KEYHOLDER",
    });
    const responseUrl = String(form.response_url);
    expect(responseUrl).toMatch(/^http:\/\/localhost:9\/response\/[a-f0-9]+$/);
    const token = responseUrl.split("/").pop() ?? "";
    expect(workspace.respond(token, { text: "Your Key Accounts: none" }).status).toBe(200);
    const opened = workspace.call("views.open", { trigger_id: String(form.trigger_id), view: claimModal });
    expect(opened.ok).toBe(true);
    expect(workspace.snapshot().modals[MAYA]).toHaveLength(1);
  });

  it("sends a click on a message with the message, its container and a response URL for that message", async () => {
    const posted = workspace.call("chat.postMessage", {
      channel: "C0APPROVALS",
      text: "claim",
      blocks: [
        {
          type: "actions",
          block_id: "vote",
          elements: [
            {
              type: "button",
              action_id: "approve",
              value: "12",
              style: "primary",
              text: { type: "plain_text", text: "Approve" },
            },
          ],
        },
      ],
    });
    const ts = String(posted.ts);
    await deliver.action({
      userId: GRACE,
      channelId: "C0APPROVALS",
      messageTs: ts,
      blockId: "vote",
      actionId: "approve",
      type: "button",
      value: "12",
    });
    verify(received[0]);
    const payload = parsed(received[0]);
    expect(payload).toMatchObject({
      type: "block_actions",
      user: { id: GRACE, username: "grace.whitfield" },
      container: { type: "message", message_ts: ts, channel_id: "C0APPROVALS", is_ephemeral: false },
      channel: { id: "C0APPROVALS" },
      message: { ts, text: "claim" },
      actions: [
        {
          type: "button",
          action_id: "approve",
          block_id: "vote",
          value: "12",
          style: "primary",
          text: { type: "plain_text", text: "Approve" },
        },
      ],
    });
    const token = String(payload.response_url).split("/").pop() ?? "";
    workspace.respond(token, { replace_original: true, text: "Approved" });
    expect(workspace.message("C0APPROVALS", ts)?.text).toBe("Approved");
  });

  it("leaves out the message of a click on an ephemeral one, as Slack does", async () => {
    const posted = workspace.call("chat.postEphemeral", { channel: "C0APPROVALS", user: MAYA, text: "only you" });
    await deliver.action({
      userId: MAYA,
      channelId: "C0APPROVALS",
      messageTs: String(posted.message_ts),
      blockId: "b0",
      actionId: "history",
      type: "button",
      value: "3",
    });
    const payload = parsed(received[0]);
    expect(payload.container).toMatchObject({ type: "message", is_ephemeral: true });
    expect(payload.message).toBeUndefined();
  });

  it("submits a modal with Slack's state values: option labels, dates and text, and applies the app's errors", async () => {
    const opened = workspace.call("views.open", { trigger_id: workspace.issueTrigger(GRACE), view: claimModal });
    const viewId = String((opened.view as { id: string }).id);
    answer = (_req, res) =>
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ response_action: "errors", errors: { why: "Say why in a sentence." } }));

    const result = await deliver.submit({
      userId: GRACE,
      viewId,
      values: [
        { blockId: "strategic", actionId: "value", type: "static_select", value: "5" },
        { blockId: "since", actionId: "day", type: "datepicker", value: "2026-01-05" },
        { blockId: "why", actionId: "text", type: "plain_text_input", value: null },
      ],
    });
    verify(received[0]);
    expect(result.status).toBe(200);
    const payload = parsed(received[0]) as { type: string; view: { [key: string]: Json } };
    expect(payload.type).toBe("view_submission");
    expect(payload.view).toMatchObject({
      id: viewId,
      callback_id: "rate",
      private_metadata: '{"clientId":7}',
      state: {
        values: {
          strategic: {
            value: { type: "static_select", selected_option: { text: { text: "5 — vital" }, value: "5" } },
          },
          since: { day: { type: "datepicker", selected_date: "2026-01-05" } },
          why: { text: { type: "plain_text_input", value: null } },
        },
      },
    });
    expect(workspace.modal(viewId)?.errors).toEqual({ why: "Say why in a sentence." });

    answer = (_req, res) => res.writeHead(200).end();
    await deliver.submit({ userId: GRACE, viewId, values: [] });
    expect(workspace.modal(viewId)).toBeUndefined();
  });

  it("sends app_home_opened as an Events API callback with a fresh event id each time", async () => {
    await deliver.homeOpened(MAYA);
    await deliver.homeOpened(MAYA);
    verify(received[0]);
    const [first, second] = received.map(parsed);
    expect(first).toMatchObject({
      type: "event_callback",
      team_id: "T0PLAYGROUND",
      event: { type: "app_home_opened", user: MAYA, tab: "home", channel: workspace.dmChannelId(MAYA) },
    });
    expect(first?.event_id).not.toBe(second?.event_id);
  });

  it("reports an app that does not acknowledge in time, or fails, in Slack's words", async () => {
    answer = (_req, res) => setTimeout(() => res.writeHead(200).end(), 1_000);
    expect(
      await deliver.command({ userId: MAYA, channelId: "C0APPROVALS", command: "/keyaccount", text: "" }),
    ).toMatchObject({ failure: "operation_timeout" });
    answer = (_req, res) => res.writeHead(500).end();
    expect(
      await deliver.command({ userId: MAYA, channelId: "C0APPROVALS", command: "/keyaccount", text: "" }),
    ).toMatchObject({ status: 500, failure: "dispatch_failed" });
  });
});
