import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FORUM_PARENT, FORUM_SUBSIDIARY } from "../../../src/demo/dataset.js";
import { PROVIDERS } from "../../support/databases.js";
import { RECRUITERS, type SlackHarness, startSlackHarness } from "../../support/slack-harness.js";

const allText = (json: { text?: string; blocks?: unknown[] }) =>
  `${json.text ?? ""}\n${JSON.stringify(json.blocks ?? [])}`;

describe.each(PROVIDERS)("/keyaccount on %s", (provider) => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness(provider, "commands");
  });
  afterAll(async () => {
    await h?.close();
  });

  it("shows usage for help and for an empty command", async () => {
    for (const text of ["", "help"]) {
      const res = await h.command(RECRUITERS[0], text);
      expect(res.status).toBe(200);
      expect(res.json.response_type).toBe("ephemeral");
      expect(allText(res.json)).toContain("claim");
      expect(allText(res.json)).toContain("log");
    }
  });

  it("answers a client name with its score card, and the forum case is NOT_KEY because of the gate", async () => {
    const res = await h.command(RECRUITERS[0], FORUM_SUBSIDIARY);
    expect(res.status).toBe(200);
    const text = allText(res.json);
    expect(text).toContain(FORUM_SUBSIDIARY);
    expect(text).toMatch(/no engagement in 24 months/);
    expect(text).toContain(FORUM_PARENT);
    expect(text).toContain("claim_open");
  });
});
