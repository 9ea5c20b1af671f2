import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.js";
import { createLogger } from "../../../src/logger.js";
import { createSlackApp } from "../../../src/slack/app.js";
import { VIEWS } from "../../../src/slack/ids.js";
import { BOT_TOKEN, MANAGERS, RECRUITERS, type SlackHarness, startSlackHarness } from "../../support/slack-harness.js";

const [M1] = MANAGERS;
const [R1, R2] = RECRUITERS;
const said = (json: { text?: string; blocks?: unknown[] }) =>
  `${json.text ?? ""}\n${JSON.stringify(json.blocks ?? [])}`;

/** Every answer stays inside Slack's limits. */
function withinLimits(json: { blocks?: Array<{ type: string; text?: { text: string } }> }) {
  expect((json.blocks ?? []).length).toBeLessThanOrEqual(50);
  for (const block of json.blocks ?? []) expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(3000);
}

describe("/keyaccount sub-commands and bad input", () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness("sqlite", "more");
  });
  afterAll(async () => {
    await h?.close();
  });

  it("an unknown word is read as a client name and answered with suggestions", async () => {
    const res = await h.command(R1, "Northwnd Tradrs Incorporated Worldwide Group");
    expect(res.json.response_type).toBe("ephemeral");
    expect(said(res.json)).toMatch(/No client named|did you mean/i);
  });

  it("an ambiguous name gets a short pick list", async () => {
    const res = await h.command(R1, "Meridian");
    expect(said(res.json)).toContain("client_pick");
    withinLimits(res.json);
  });

  it("a sub-command without its client says the right form", async () => {
    const res = await h.command(R1, "claim");
    expect(said(res.json)).toMatch(/\/keyaccount claim (<|&lt;)client(>|&gt;)/);
  });

  it("escapes markup and mentions typed into a name", async () => {
    const res = await h.command(R1, "<!channel> <@U0DEMOMGR1> *bold* <http://evil.example|click>");
    const text = said(res.json);
    expect(text).not.toContain("<!channel>");
    expect(text).not.toContain("<http://evil.example|click>");
    withinLimits(res.json);
  });

  it("refuses 4,000 characters of text with the right form", async () => {
    const res = await h.command(R1, "x".repeat(4000));
    expect(said(res.json)).toMatch(/at most 500/);
    withinLimits(res.json);
  });

  it("log records an engagement credited to the sender, and refuses a bad fee or date with the right form", async () => {
    const before = await h.db.prisma.engagement.count({ where: { recruiter: R2 } });
    const ok = await h.command(R2, "log Harbor Freight Solutions 12,500 2026-11-30 placement");
    expect(said(ok.json)).toMatch(/Logged a placement/);
    expect(await h.db.prisma.engagement.count({ where: { recruiter: R2 } })).toBe(before + 1);

    const badFee = await h.command(R2, "log Harbor Freight Solutions -40");
    expect(said(badFee.json)).toMatch(/fee/i);
    expect(said(badFee.json)).toContain("/keyaccount log");
    const badDate = await h.command(R2, "log Harbor Freight Solutions 100 2026-02-30");
    expect(said(badDate.json)).toMatch(/2026-02-30/);
    expect(await h.db.prisma.engagement.count({ where: { recruiter: R2 } })).toBe(before + 1);
  });

  it("add creates a client under a parent; adding it again says it exists", async () => {
    const res = await h.command(R1, "add Harbor Marine Services parent Harbor Logistics Group");
    expect(said(res.json)).toContain("Harbor Marine Services");
    const created = await h.db.prisma.client.findUniqueOrThrow({
      where: { name: "Harbor Marine Services" },
      include: { parent: true },
    });
    expect(created.parent?.name).toBe("Harbor Logistics Group");
    const again = await h.command(R1, "add Harbor Marine Services");
    expect(said(again.json)).toMatch(/already exists/);
  });

  it("mine, list, pending, history and policy answer within Slack's limits", async () => {
    const owner = await h.db.prisma.ownership.findFirstOrThrow({
      where: { currentFor: { not: null } },
      include: { client: true },
    });
    const mine = await h.command(owner.owner, "mine");
    expect(said(mine.json)).toContain(owner.client.name);
    for (const text of [
      "list",
      "list key",
      "list candidates",
      "list lapsing",
      "pending",
      `history ${owner.client.name}`,
      "policy",
    ]) {
      const res = await h.command(M1, text);
      expect(res.status, text).toBe(200);
      expect(res.json.response_type, text).toBe("ephemeral");
      withinLimits(res.json);
    }
    expect(said((await h.command(M1, "policy")).json)).toContain(h.services.policy.version);
    expect(said((await h.command(M1, "list sideways")).json)).toContain("/keyaccount list [key|candidates|lapsing]");
  });

  it("rate opens the ratings form for managers only, and a submission sets the ratings", async () => {
    const refused = await h.command(R1, "rate Harbor Freight Solutions");
    await h.slack.idle();
    expect(JSON.stringify(h.fake.responses(refused.responseUrl))).toMatch(/Only the managers/);

    const opened = h.fake.views.opened.length;
    await h.command(M1, "rate Harbor Freight Solutions");
    await h.slack.idle();
    expect(h.fake.views.opened.length).toBe(opened + 1);
    const modal = h.fake.views.opened.at(-1) as { callback_id: string; private_metadata: string };
    expect(modal.callback_id).toBe(VIEWS.rate);
    const option = (value: string) => ({
      type: "static_select",
      selected_option: { value, text: { type: "plain_text" as const, text: value } },
    });
    const res = await h.submit(M1, VIEWS.rate, modal.private_metadata, {
      rating_strategic_importance: { rating_select: option("4") },
      rating_long_term_potential: { rating_select: option("5") },
      rating_exclusivity: { rating_select: { type: "static_select", selected_option: null } },
    });
    expect(res.status).toBe(200);
    const client = await h.db.prisma.client.findUniqueOrThrow({
      where: { name: "Harbor Freight Solutions" },
      include: { ratings: true },
    });
    expect(Object.fromEntries(client.ratings.map((r) => [r.criterion, r.value]))).toEqual({
      strategicImportance: 4,
      longTermPotential: 5,
    });
  });

  it("App Home shows my Key Accounts, and a redelivered event is handled once", async () => {
    const owner = await h.db.prisma.ownership.findFirstOrThrow({
      where: { currentFor: { not: null } },
      include: { client: true },
    });
    const event = {
      token: "x",
      team_id: "T0KEYHOLDER",
      api_app_id: "A0KEYHOLDER",
      type: "event_callback",
      event_id: "Ev0HOME1",
      event_time: Math.floor(Date.now() / 1000),
      event: { type: "app_home_opened", user: owner.owner, channel: "D0HOME", tab: "home", event_ts: "1.2" },
    };
    const body = JSON.stringify(event);
    expect((await h.post(body, { contentType: "application/json" })).status).toBe(200);
    await h.slack.idle();
    await h.fake.waitFor(() => h.fake.callsTo("views.publish").length === 1);
    expect(JSON.stringify(h.fake.views.published[owner.owner])).toContain(owner.client.name);

    expect((await h.post(body, { contentType: "application/json", retryNum: 1 })).status).toBe(200);
    await h.slack.idle();
    expect(h.fake.callsTo("views.publish")).toHaveLength(1);
  });
});

describe("Socket Mode", () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness("sqlite", "socket");
  });
  afterAll(async () => {
    await h?.close();
  });

  it("receives a slash command over the WebSocket and answers in the acknowledgement", async () => {
    const config = loadConfig({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_APP_TOKEN: "xapp-1-A0KEYHOLDER-test",
      SLACK_API_URL: h.fake.apiUrl,
      PORT: "0",
    });
    const socketApp = createSlackApp({
      config,
      services: h.services,
      log: createLogger("silent"),
      health: (_req, res) => {
        res.end("ok");
      },
    });
    await socketApp.start();
    try {
      await h.fake.socketConnected();
      const { ack } = await h.fake.deliver("slash_commands", {
        token: "x",
        team_id: "T0KEYHOLDER",
        team_domain: "keyholder-test",
        channel_id: "C0KEYHOLDER",
        channel_name: "general",
        user_id: R1,
        user_name: "r1",
        command: "/keyaccount",
        text: "Harbor Freight Solutions",
        api_app_id: "A0KEYHOLDER",
        is_enterprise_install: "false",
        response_url: h.fake.responseUrl("socket"),
        trigger_id: h.fake.triggerId(),
      });
      expect(JSON.stringify(ack.payload)).toContain("Harbor Freight Solutions");
      expect(JSON.stringify(ack.payload)).toMatch(/no engagement in 24 months/);
      expect(h.fake.callsTo("apps.connections.open").at(-1)?.token).toMatch(/^xapp-/);
    } finally {
      await socketApp.stop();
      await h.fake.waitFor(() => h.fake.socketConnections() === 0, 5000);
    }
  });
});
