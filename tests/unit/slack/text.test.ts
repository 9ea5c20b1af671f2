import type { KnownBlock } from "@slack/types";
import { describe, expect, it } from "vitest";
import {
  clampMrkdwn,
  escapeMrkdwn,
  fitBlocks,
  formatDate,
  mention,
  plural,
  rowBlocks,
  section,
  truncate,
} from "../../../src/slack/blocks/text.js";

describe("escapeMrkdwn", () => {
  it("turns broadcasts, mentions and links typed by users into plain text", () => {
    expect(escapeMrkdwn("<!channel>")).toBe("&lt;!channel&gt;");
    expect(escapeMrkdwn("<@U123|x>")).toBe("&lt;@U123|x&gt;");
    expect(escapeMrkdwn("<http://x|y>")).toBe("&lt;http://x|y&gt;");
    expect(escapeMrkdwn("Smith & Sons")).toBe("Smith &amp; Sons");
  });

  it("cuts to a maximum without splitting an entity", () => {
    const cut = escapeMrkdwn("<<<<<<", 7);
    expect(cut.length).toBeLessThanOrEqual(7);
    expect(cut).toBe("&lt;…");
    expect(escapeMrkdwn("short", 10)).toBe("short");
  });
});

describe("mention", () => {
  it("mentions Slack user IDs and escapes anything else", () => {
    expect(mention("U012ABCDEF")).toBe("<@U012ABCDEF>");
    expect(mention("W0ENTERPRISE1")).toBe("<@W0ENTERPRISE1>");
    expect(mention("<!channel>")).toBe("&lt;!channel&gt;");
    expect(mention("u012abc")).toBe("u012abc");
    expect(mention("ann@example.com")).toBe("ann@example.com");
    expect(mention("U1|x>")).toBe("U1|x&gt;");
  });
});

describe("truncate and plural", () => {
  it("ends cut text with an ellipsis and leaves short text alone", () => {
    expect(truncate("abcdef", 4)).toBe("abc…");
    expect(truncate("abc", 4)).toBe("abc");
    expect(truncate("ab😀cd", 4)).toBe("ab…");
  });

  it("counts with thousands separators and irregular plurals", () => {
    expect(plural(1, "client")).toBe("1 client");
    expect(plural(0, "client")).toBe("0 clients");
    expect(plural(5000, "entry", "entries")).toBe("5,000 entries");
  });
});

describe("formatDate", () => {
  it("shows the calendar date in the firm's time zone", () => {
    const lateEvening = new Date("2025-06-15T23:30:00Z");
    expect(formatDate(lateEvening, "UTC")).toBe("2025-06-15");
    expect(formatDate(lateEvening, "Europe/Berlin")).toBe("2025-06-16");
    expect(formatDate(new Date("2025-06-15T03:00:00Z"), "America/Los_Angeles")).toBe("2025-06-14");
  });
});

describe("fitBlocks", () => {
  const many = (n: number): KnownBlock[] => Array.from({ length: n }, (_, i) => section(`row ${i}`));

  it("keeps blocks that fit as they are", () => {
    expect(fitBlocks(many(3), 50)).toHaveLength(3);
  });

  it("cuts 5,000 blocks to the limit with a final “…and N more”", () => {
    const fitted = fitBlocks(many(5000), 50);
    expect(fitted).toHaveLength(50);
    expect(fitted[49]).toMatchObject({ type: "context", elements: [{ type: "mrkdwn", text: "…and 4,951 more" }] });
  });

  it("counts rows, not sections, when rows are packed into sections", () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `row ${i}`);
    const blocks = rowBlocks(rows, 6, { rowsPerSection: 20 });
    expect(blocks).toHaveLength(6);
    expect(JSON.stringify(blocks.at(-1))).toContain("…and 4,900 more");
  });
});

describe("clampMrkdwn", () => {
  it("never leaves half a mention or entity at the cut", () => {
    const text = `${"a".repeat(2990)} <@U012ABCDEF> &amp; more`;
    const clamped = clampMrkdwn(text, 3000);
    expect(clamped.length).toBeLessThanOrEqual(3000);
    expect(clamped).not.toMatch(/<[^>]*…$/);
    expect(clamped.endsWith("…")).toBe(true);
  });
});
