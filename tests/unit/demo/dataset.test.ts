import dayjs from "dayjs";
import utc from "dayjs/plugin/utc.js";
import { describe, expect, it } from "vitest";
import { buildDemoDataset, FORUM_PARENT, FORUM_SUBSIDIARY } from "../../../src/demo/dataset.js";
import { stripLegalSuffix } from "../../../src/domain/names.js";
import type { ClientRow, EngagementRow, FeedbackRow } from "../../../src/imports/csv.js";
import { validateRecord } from "../../../src/imports/csv.js";

dayjs.extend(utc);

const now = new Date("2025-06-18T14:30:00Z");
const data = buildDemoDataset(now);

const iso = (date: Date | null | undefined): string => date?.toISOString().slice(0, 10) ?? "";
const money = (cents: number): string => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
const rating = (value: number | null): string => (value === null ? "" : String(value));

/** The row written out as CSV cells, the way an export of it would look. */
const clientCells = (row: ClientRow) => ({
  name: row.name,
  parent: row.parent ?? "",
  aliases: row.aliases.join("|"),
  strategic_importance: rating(row.strategicImportance),
  long_term_potential: rating(row.longTermPotential),
  exclusivity: rating(row.exclusivity),
  contract_start: iso(row.contract?.start),
  contract_end: iso(row.contract?.end),
  contract_exclusive: row.contract === null ? "" : row.contract.exclusive ? "yes" : "no",
  owner: row.owner ?? "",
  owner_since: iso(row.ownerSince),
});
const engagementCells = (row: EngagementRow) => ({
  id: row.id ?? "",
  client: row.client,
  date: iso(row.date),
  fee: money(row.feeCents),
  recruiter: row.recruiter,
  kind: row.kind,
  service_line: row.serviceLine,
});
const feedbackCells = (row: FeedbackRow) => ({
  client: row.client,
  date: iso(row.date),
  rating: String(row.rating),
  comment: row.comment ?? "",
});

const engagementsOf = (name: string) => data.engagements.filter((row) => row.client === name);
const clientNamed = (name: string) => data.clients.find((row) => row.name === name);

describe("buildDemoDataset", () => {
  it("gives the same data set for the same now", () => {
    expect(buildDemoDataset(new Date(now))).toEqual(data);
  });

  it("moves with now", () => {
    const later = buildDemoDataset(new Date("2026-01-05T00:00:00Z"));
    expect(later.engagements.at(-1)?.date.getTime()).not.toBe(data.engagements.at(-1)?.date.getTime());
  });

  it("has five recruiters and three managers with demo Slack IDs and example.com emails", () => {
    const recruiters = data.people.filter((p) => p.role === "recruiter");
    const managers = data.people.filter((p) => p.role === "manager");
    expect(recruiters.map((p) => p.slackId)).toEqual([
      "U0DEMOREC1",
      "U0DEMOREC2",
      "U0DEMOREC3",
      "U0DEMOREC4",
      "U0DEMOREC5",
    ]);
    expect(managers.map((p) => p.slackId)).toEqual(["U0DEMOMGR1", "U0DEMOMGR2", "U0DEMOMGR3"]);
    for (const p of data.people) {
      expect(p.email).toMatch(/^[a-z]+\.[a-z]+@example\.com$/);
      expect(p.name).toMatch(/^\S+ \S+$/);
    }
  });

  it("has about 30 regular and about 70 occasional clients", () => {
    const counts = data.clients.map((client) => engagementsOf(client.name).length);
    const regular = counts.filter((count) => count >= 9).length;
    const occasional = counts.filter((count) => count <= 2).length;
    expect(regular).toBeGreaterThanOrEqual(25);
    expect(regular).toBeLessThanOrEqual(35);
    expect(occasional).toBeGreaterThanOrEqual(60);
    expect(occasional).toBeLessThanOrEqual(80);
    expect(regular + occasional).toBe(data.clients.length);
  });

  it("gives regular clients engagements every year, several service lines, ratings and good feedback", () => {
    const regulars = data.clients.filter((client) => engagementsOf(client.name).length >= 9);
    for (const client of regulars) {
      const dates = engagementsOf(client.name).map((row) => row.date);
      for (let year = 0; year < 3; year++) {
        const from = dayjs
          .utc(now)
          .startOf("day")
          .subtract(12 * (year + 1), "month");
        const to = dayjs
          .utc(now)
          .startOf("day")
          .subtract(12 * year, "month");
        expect(
          dates.some((date) => !dayjs.utc(date).isBefore(from) && dayjs.utc(date).isBefore(to.add(1, "day"))),
        ).toBe(true);
      }
    }
    const multiLine = regulars.filter(
      (client) => new Set(engagementsOf(client.name).map((row) => row.serviceLine)).size > 1,
    );
    expect(multiLine.length).toBeGreaterThan(regulars.length / 2);
    expect(regulars.filter((client) => client.strategicImportance !== null).length).toBeGreaterThan(20);
    const regularFeedback = data.feedback.filter((row) => regulars.some((client) => client.name === row.client));
    const mean = regularFeedback.reduce((sum, row) => sum + row.rating, 0) / regularFeedback.length;
    expect(mean).toBeGreaterThan(3.8);
  });

  it("has contracts, one or two exclusive", () => {
    const contracts = data.clients.filter((client) => client.contract !== null);
    expect(contracts.length).toBeGreaterThanOrEqual(5);
    const exclusive = contracts.filter((client) => client.contract?.exclusive).length;
    expect(exclusive).toBeGreaterThanOrEqual(1);
    expect(exclusive).toBeLessThanOrEqual(2);
  });

  it("has occasional clients that went quiet more than 24 months ago", () => {
    const cutoff = dayjs.utc(now).subtract(24, "month");
    const quiet = data.clients.filter((client) => {
      const rows = engagementsOf(client.name);
      return rows.length > 0 && rows.length <= 2 && rows.every((row) => dayjs.utc(row.date).isBefore(cutoff));
    });
    expect(quiet.length).toBeGreaterThanOrEqual(10);
  });

  it("keeps fees in realistic ranges for each kind", () => {
    const ranges = { placement: [8_000_00, 35_000_00], contract: [3_000_00, 20_000_00], temp: [500_00, 5_000_00] };
    for (const row of data.engagements) {
      const [min, max] = ranges[row.kind];
      expect(row.feeCents).toBeGreaterThanOrEqual(min as number);
      expect(row.feeCents).toBeLessThanOrEqual(max as number);
    }
    expect(new Set(data.engagements.map((row) => row.kind))).toEqual(new Set(["placement", "contract", "temp"]));
    expect(new Set(data.engagements.map((row) => row.serviceLine))).toEqual(
      new Set(["IT", "Finance", "Engineering", "Healthcare", "Admin", "Logistics"]),
    );
  });

  it("spans three years of engagements ending at now, none in the future", () => {
    const start = dayjs.utc(now).startOf("day").subtract(36, "month").valueOf();
    for (const row of data.engagements) {
      expect(row.date.getTime()).toBeGreaterThanOrEqual(start);
      expect(row.date.getTime()).toBeLessThanOrEqual(now.getTime());
    }
    expect(data.engagements.at(-1)?.date.getTime()).toBeGreaterThan(now.getTime() - 30 * 86_400_000);
    for (const row of data.feedback) expect(row.date.getTime()).toBeLessThanOrEqual(now.getTime());
    for (const row of data.clients) {
      expect(row.contract?.start.getTime() ?? 0).toBeLessThanOrEqual(now.getTime());
      expect(row.ownerSince?.getTime() ?? 0).toBeLessThanOrEqual(now.getTime());
    }
  });

  it("holds the forum case: a parent with one placement 36 months ago and a subsidiary with nothing", () => {
    expect(clientNamed(FORUM_PARENT)).toMatchObject({ name: "Harbor Logistics Group", parent: null, owner: null });
    expect(engagementsOf(FORUM_PARENT)).toEqual([
      expect.objectContaining({
        date: dayjs.utc(now).startOf("day").subtract(36, "month").toDate(),
        kind: "placement",
        recruiter: "U0DEMOREC1",
        feeCents: 1_800_000,
        serviceLine: "Logistics",
      }),
    ]);
    expect(clientNamed(FORUM_SUBSIDIARY)).toEqual({
      line: expect.any(Number),
      name: "Harbor Freight Solutions",
      parent: FORUM_PARENT,
      aliases: [],
      strategicImportance: null,
      longTermPotential: null,
      exclusivity: null,
      contract: null,
      owner: null,
      ownerSince: null,
    });
    expect(engagementsOf(FORUM_SUBSIDIARY)).toEqual([]);
    expect(data.feedback.filter((row) => row.client === FORUM_SUBSIDIARY)).toEqual([]);
  });

  it("has parent groups of two and three levels, each parent listed before its subsidiaries", () => {
    const index = new Map(data.clients.map((client, i) => [client.name, i]));
    const depth = (client: ClientRow): number => {
      const parent = client.parent === null ? undefined : data.clients[index.get(client.parent) ?? -1];
      return parent === undefined ? 1 : 1 + depth(parent);
    };
    data.clients.forEach((client, i) => {
      if (client.parent !== null) expect(index.get(client.parent)).toBeLessThan(i);
    });
    const depths = data.clients.map(depth);
    expect(depths.filter((d) => d === 2).length).toBeGreaterThanOrEqual(3);
    expect(depths).toContain(3);
  });

  it("has existing owners among the regulars, one of them not recruiter 1, each with recent credited work", () => {
    const owned = data.clients.filter((client) => client.owner !== null);
    expect(owned.length).toBeGreaterThanOrEqual(2);
    expect(owned.some((client) => client.owner !== "U0DEMOREC1")).toBe(true);
    for (const client of owned) {
      expect(client.ownerSince).not.toBeNull();
      const recent = engagementsOf(client.name).filter(
        (row) => row.recruiter === client.owner && dayjs.utc(row.date).isAfter(dayjs.utc(now).subtract(3, "month")),
      );
      expect(recent.length).toBeGreaterThan(0);
    }
  });

  it("names clients variously, with accents, ampersands, legal forms and a few aliases, all distinct", () => {
    const names = data.clients.map((client) => client.name);
    expect(names.some((name) => /[À-ž]/.test(name))).toBe(true);
    expect(names.some((name) => name.includes("&"))).toBe(true);
    expect(names.some((name) => /\b(Inc\.|Ltd)/.test(name))).toBe(true);
    expect(data.clients.filter((client) => client.aliases.length > 0).length).toBeGreaterThanOrEqual(3);
    const keys = data.clients.flatMap((client) => [client.name, ...client.aliases]).map(stripLegalSuffix);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("credits engagements only to the demo recruiters, and gives each engagement a unique import key", () => {
    const recruiters = new Set(data.people.filter((p) => p.role === "recruiter").map((p) => p.slackId));
    const names = new Set(data.clients.map((client) => client.name));
    for (const row of data.engagements) {
      expect(recruiters.has(row.recruiter)).toBe(true);
      expect(names.has(row.client)).toBe(true);
    }
    for (const row of data.feedback) expect(names.has(row.client)).toBe(true);
    expect(new Set(data.engagements.map((row) => row.importKey)).size).toBe(data.engagements.length);
  });

  it("passes the same validation as a CSV import, row for row", () => {
    for (const row of data.clients) {
      expect(validateRecord("clients", clientCells(row), row.line)).toEqual({ row, errors: [] });
    }
    for (const row of data.engagements) {
      expect(validateRecord("engagements", engagementCells(row), row.line)).toEqual({ row, errors: [] });
    }
    for (const row of data.feedback) {
      expect(validateRecord("feedback", feedbackCells(row), row.line)).toEqual({ row, errors: [] });
    }
  });
});
