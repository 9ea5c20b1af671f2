/**
 * A small staffing firm's three years of history, for `keyholder demo` and for
 * trying the app without real data. Deterministic: the same `now` always gives
 * the same data set, so screenshots, docs and tests can rely on it.
 */
import {
  type ClientRow,
  type EngagementKind,
  type EngagementRow,
  engagementImportKey,
  type FeedbackRow,
  feedbackImportKey,
} from "../imports/rows.js";

/** The forum thread's case: an old client's subsidiary with no history of its own. */
export const FORUM_PARENT = "Harbor Logistics Group";
export const FORUM_SUBSIDIARY = "Harbor Freight Solutions";

export interface DemoPerson {
  slackId: string;
  name: string;
  email: string;
  role: "recruiter" | "manager";
}

export interface DemoDataset {
  people: DemoPerson[];
  clients: ClientRow[];
  engagements: EngagementRow[];
  feedback: FeedbackRow[];
}

const person = (slackId: string, name: string, role: DemoPerson["role"]): DemoPerson => ({
  slackId,
  name,
  email: `${name.toLowerCase().replace(" ", ".")}@example.com`,
  role,
});

const RECRUITERS = [
  person("U0DEMOREC1", "Maya Okafor", "recruiter"),
  person("U0DEMOREC2", "Daniel Reyes", "recruiter"),
  person("U0DEMOREC3", "Priya Natarajan", "recruiter"),
  person("U0DEMOREC4", "Tom Becker", "recruiter"),
  person("U0DEMOREC5", "Sofia Lindqvist", "recruiter"),
];
const MANAGERS = [
  person("U0DEMOMGR1", "Grace Whitfield", "manager"),
  person("U0DEMOMGR2", "Marcus Chen", "manager"),
  person("U0DEMOMGR3", "Elena Rossi", "manager"),
];

/** The demo firm's people: five recruiters and three managers. */
export const DEMO_PEOPLE: readonly DemoPerson[] = [...RECRUITERS, ...MANAGERS];

const [REC1, REC2, REC3] = RECRUITERS.map((recruiter) => recruiter.slackId) as [string, string, string];

interface ClientSpec {
  name: string;
  lines: string[];
  parent?: string;
  aliases?: string[];
}

interface RegularSpec extends ClientSpec {
  /** A standing agreement: months since it started, months until it ends (null: open-ended). */
  contract?: { startedMonthsAgo: number; endsInMonths: number | null; exclusive: boolean };
  /** An existing Key Account: who owns it, and since how many months (and days) ago. */
  owner?: { slackId: string; monthsAgo: number; daysAgo?: number };
  /** Ratings never set, to show "unknown" criteria on the score card. */
  unrated?: true;
}

// Parents come before their subsidiaries, so that a loader can create clients in list order.
const REGULARS: RegularSpec[] = [
  {
    name: "Northwind Traders Inc.",
    lines: ["IT", "Finance", "Admin"],
    aliases: ["Northwind", "NWT"],
    contract: { startedMonthsAgo: 20, endsInMonths: 16, exclusive: true },
    owner: { slackId: REC1, monthsAgo: 14 },
  },
  { name: "Café Lumière Ltd", lines: ["Admin", "Finance"], aliases: ["Lumière Bistros"] },
  { name: "Baker & Sons Construction", lines: ["Engineering", "Admin"] },
  {
    name: "Meridian Health Group",
    lines: ["Healthcare", "Admin", "Finance"],
    aliases: ["MHG"],
    contract: { startedMonthsAgo: 30, endsInMonths: 7, exclusive: false },
    owner: { slackId: REC2, monthsAgo: 9 },
  },
  { name: "Meridian Health Clinics", parent: "Meridian Health Group", lines: ["Healthcare"] },
  { name: "Meridian Urgent Care Ltd", parent: "Meridian Health Clinics", lines: ["Healthcare", "Admin"] },
  { name: "Atlas Industrial Holdings", lines: ["Engineering", "Finance"], aliases: ["Atlas Group"] },
  { name: "Atlas Fabrication Inc.", parent: "Atlas Industrial Holdings", lines: ["Engineering", "Logistics"] },
  { name: "Atlas Robotics", parent: "Atlas Industrial Holdings", lines: ["Engineering", "IT"] },
  { name: "Brightwater Analytics", lines: ["IT", "Finance"] },
  {
    name: "Kestrel Aerospace Ltd",
    lines: ["Engineering"],
    contract: { startedMonthsAgo: 10, endsInMonths: 26, exclusive: true },
    // Its annual review falls in about two weeks, so the weekly reminder has one to show.
    owner: { slackId: REC3, monthsAgo: 11, daysAgo: 16 },
  },
  { name: "Sørensen Shipping", lines: ["Logistics", "Admin"] },
  { name: "Pinecrest Senior Living", lines: ["Healthcare", "Admin"] },
  {
    name: "Oakridge Credit Union",
    lines: ["Finance", "Admin"],
    contract: { startedMonthsAgo: 14, endsInMonths: null, exclusive: false },
  },
  { name: "Vantage Point Software Inc.", lines: ["IT"], unrated: true },
  { name: "Crescent Foods & Beverage", lines: ["Logistics", "Admin"] },
  {
    name: "Halden Engineering Partners",
    lines: ["Engineering"],
    contract: { startedMonthsAgo: 34, endsInMonths: -4, exclusive: false },
  },
  { name: "Bluebird Dental Group", lines: ["Healthcare", "Admin"] },
  {
    name: "Summit Ridge Logistics",
    lines: ["Logistics"],
    contract: { startedMonthsAgo: 6, endsInMonths: 18, exclusive: false },
  },
  { name: "Ironclad Security Systems", lines: ["IT", "Engineering"] },
  { name: "Greenfield Municipal Utilities", lines: ["Engineering", "Admin"], unrated: true },
  { name: "Lakeshore Insurance Ltd", lines: ["Finance", "IT"] },
  {
    name: "Nordlicht Energie GmbH",
    lines: ["Engineering"],
    contract: { startedMonthsAgo: 22, endsInMonths: 3, exclusive: false },
  },
  { name: "Redwood Property Management", lines: ["Admin", "Finance"] },
  { name: "Quantum Leap Labs Inc.", lines: ["IT", "Engineering"] },
  { name: "Alder & Finch Legal", lines: ["Admin"], unrated: true },
  {
    name: "Copperline Manufacturing",
    lines: ["Engineering", "Logistics"],
    contract: { startedMonthsAgo: 18, endsInMonths: 30, exclusive: false },
  },
  { name: "St. Bridget's Hospital", lines: ["Healthcare"], aliases: ["Saint Bridget's"] },
  { name: "Montclair Retail Group", lines: ["Logistics", "Admin", "Finance"] },
  { name: "Tidewater Freight Co.", lines: ["Logistics"] },
];

const OCCASIONALS: ClientSpec[] = [
  { name: "Acorn Valley Farms", lines: ["Logistics"] },
  { name: "Ambrose & Clarke Accountants", lines: ["Finance"] },
  { name: "Beacon Hill Academy", lines: ["Admin"] },
  { name: "Birchwood Veterinary Clinic", lines: ["Healthcare"] },
  { name: "Bright Horizons Print Co.", lines: ["Admin"] },
  { name: "Cascade Outdoor Gear", lines: ["Logistics"] },
  { name: "Cedar & Pine Interiors", lines: ["Admin"] },
  { name: "Château Belmont Wines", lines: ["Logistics"], aliases: ["Chateau Belmont"] },
  { name: "Clearwater Pools Inc.", lines: ["Engineering"] },
  { name: "Cobalt Data Systems", lines: ["IT"] },
  { name: "Cornerstone Church Services", lines: ["Admin"] },
  { name: "Crown Point Hotels", lines: ["Admin"] },
  { name: "Delta Harbor Marine", lines: ["Engineering"] },
  { name: "Dunmore Textiles Ltd", lines: ["Logistics"] },
  { name: "Eastgate Pharmacy", lines: ["Healthcare"] },
  { name: "Elm Street Bakery", lines: ["Admin"] },
  { name: "Emberly Candle Co.", lines: ["Logistics"] },
  { name: "Fairview Orthopedics", lines: ["Healthcare"] },
  { name: "Falcon Ridge Golf Club", lines: ["Admin"] },
  { name: "Foxglove Florists", lines: ["Admin"] },
  { name: "Garnet Mining Ltd", lines: ["Engineering"] },
  { name: "Gladstone Publishing", lines: ["Finance"] },
  { name: "Golden Gate Couriers", lines: ["Logistics"] },
  { name: "Granite State Roofing", lines: ["Engineering"] },
  { name: "Hawthorne Family Dental", lines: ["Healthcare"] },
  { name: "Highland Dairy Co-op", lines: ["Logistics"] },
  { name: "Hollis & Wren Architects", lines: ["Engineering"] },
  { name: "Juniper Home Care", lines: ["Healthcare"] },
  { name: "Keystone Plumbing Inc.", lines: ["Engineering"] },
  { name: "Lantern Bay Resort", lines: ["Admin"] },
  { name: "Linden Tree Daycare", lines: ["Admin"] },
  { name: "Lumen Solar Ltd", lines: ["Engineering"] },
  { name: "Maplewood Auto Group", lines: ["Finance"] },
  { name: "Marlowe Events", lines: ["Admin"] },
  { name: "Midtown Physical Therapy", lines: ["Healthcare"] },
  { name: "Millbrook Paper Mill", lines: ["Logistics"] },
  { name: "Mosaic Design Studio", lines: ["IT"] },
  { name: "Nakamura Precision Tools", lines: ["Engineering"] },
  { name: "Nightingale Nursing Agency", lines: ["Healthcare"] },
  { name: "Northstar Aviation Services", lines: ["Engineering"] },
  { name: "Olive Grove Restaurants", lines: ["Admin"] },
  { name: "Orchard Lane Cider", lines: ["Logistics"] },
  { name: "Pacific Rim Imports", lines: ["Logistics"] },
  { name: "Peregrine Consulting Ltd", lines: ["Finance"] },
  { name: "Pioneer Valley Transit", lines: ["Logistics"] },
  { name: "Quarry Hill Stoneworks", lines: ["Engineering"] },
  { name: "Raven Rock Brewing", lines: ["Logistics"] },
  { name: "Riverside Community Bank", lines: ["Finance"] },
  { name: "Rosewood Dermatology", lines: ["Healthcare"] },
  { name: "Saffron Kitchen Group", lines: ["Admin"] },
  { name: "Sandpiper Travel", lines: ["Admin"] },
  { name: "Silver Birch Software", lines: ["IT"] },
  { name: "Skyline Elevators Inc.", lines: ["Engineering"] },
  { name: "Stonebridge Capital", lines: ["Finance"] },
  { name: "Sunflower Early Learning", lines: ["Admin"] },
  { name: "Thistle & Thorn Garden Centre", lines: ["Logistics"] },
  { name: "Timberline Builders", lines: ["Engineering"] },
  { name: "Trillium Biotech", lines: ["Healthcare"] },
  { name: "Union Square Dental", lines: ["Healthcare"] },
  { name: "Verdant Landscaping", lines: ["Admin"] },
  { name: "Westbrook Logistics Ltd", lines: ["Logistics"] },
  { name: "Whitmore & Daughters Law", lines: ["Admin"] },
  { name: "Willow Creek Vineyards", lines: ["Logistics"] },
  { name: "Zenith Fitness Clubs", lines: ["Admin"] },
  { name: "Ångström Optics AB", lines: ["Engineering"] },
  { name: "Müller Präzisionstechnik GmbH", lines: ["Engineering"], aliases: ["Mueller Precision"] },
  { name: "Brightwater Analytics Europe", parent: "Brightwater Analytics", lines: ["IT"] },
  { name: "Montclair Outlet Stores", parent: "Montclair Retail Group", lines: ["Logistics"] },
];

const COMMENTS = [
  "Quick turnaround on the shortlist.",
  "Candidates were well prepared for interviews.",
  "Great communication throughout.",
  "The placement is working out really well.",
  "Would like more senior profiles next time.",
  "Temp cover arrived on time — thank you!",
  "Très bien: the whole team was impressed.",
  "Invoice was late, otherwise fine.",
];

/** mulberry32: small, fast and good enough to make varied but repeatable data. */
const seededRandom = (seed: number): (() => number) => {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

const DAY_MS = 86_400_000;

/** The same day `months` earlier (later when negative), clamped to the month's end like dayjs does. */
const monthsBefore = (day: Date, months: number): Date => {
  const year = day.getUTCFullYear();
  const month = day.getUTCMonth() - months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(day.getUTCDate(), lastDay)));
};

const FEE_RANGES: Record<EngagementKind, { min: number; max: number; step: number }> = {
  placement: { min: 8_000, max: 35_000, step: 250 },
  contract: { min: 3_000, max: 20_000, step: 100 },
  temp: { min: 500, max: 5_000, step: 25 },
};

export const buildDemoDataset = (now: Date): DemoDataset => {
  const random = seededRandom(0x4b455948);
  const between = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

  // Engagements and feedback are dated by day; nothing lies after today.
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const threeYearsAgo = monthsBefore(today, 36);
  const daysAgo = (days: number): Date => new Date(today.getTime() - days * DAY_MS);
  const dayBefore = (day: Date): Date => new Date(day.getTime() - DAY_MS);
  const dayIn = (from: Date, to: Date): Date =>
    new Date(from.getTime() + between(0, Math.round((to.getTime() - from.getTime()) / DAY_MS)) * DAY_MS);

  const fee = (kind: EngagementKind): number => {
    const { min, max, step } = FEE_RANGES[kind];
    return between(min / step, max / step) * step * 100;
  };
  const kindFor = (regular: boolean): EngagementKind => {
    const roll = random();
    if (regular) return roll < 0.5 ? "placement" : roll < 0.75 ? "contract" : "temp";
    return roll < 0.6 ? "placement" : roll < 0.85 ? "temp" : "contract";
  };

  type Draft = Omit<EngagementRow, "line" | "id" | "importKey">;
  const drafts: Draft[] = [];
  const engage = (client: ClientSpec, date: Date, recruiter: string, kind: EngagementKind): void => {
    drafts.push({ client: client.name, date, feeCents: fee(kind), recruiter, kind, serviceLine: pick(client.lines) });
  };

  type FeedbackDraft = Omit<FeedbackRow, "line" | "importKey">;
  const feedbackDrafts: FeedbackDraft[] = [];
  const rate = (client: ClientSpec, date: Date, rating: number): void => {
    feedbackDrafts.push({ client: client.name, date, rating, comment: random() < 0.6 ? pick(COMMENTS) : null });
  };

  const clients: Array<Omit<ClientRow, "line">> = [];
  const recruiterIds = RECRUITERS.map((recruiter) => recruiter.slackId);

  for (const spec of REGULARS) {
    const primary = spec.owner?.slackId ?? pick(recruiterIds);
    for (let year = 0; year < 3; year++) {
      const from = monthsBefore(today, 12 * (year + 1));
      const to = year === 0 ? today : dayBefore(monthsBefore(today, 12 * year));
      const count = between(3, 9);
      for (let i = 0; i < count; i++) {
        engage(spec, dayIn(from, to), random() < 0.7 ? primary : pick(recruiterIds), kindFor(true));
      }
      for (let i = between(1, 2); i > 0; i--) rate(spec, dayIn(from, to), pick([3, 4, 4, 4, 5, 5, 5]));
    }
    // An owner keeps a Key Account by working it: give each owner a recent engagement so it has not lapsed.
    if (spec.owner !== undefined) engage(spec, daysAgo(between(10, 50)), spec.owner.slackId, "placement");

    const contract = spec.contract;
    clients.push({
      name: spec.name,
      parent: spec.parent ?? null,
      aliases: [...(spec.aliases ?? [])],
      strategicImportance: spec.unrated ? null : between(2, 5),
      longTermPotential: spec.unrated ? null : between(2, 5),
      exclusivity: spec.unrated ? null : contract?.exclusive ? 5 : between(1, 4),
      contract:
        contract === undefined
          ? null
          : {
              start: monthsBefore(today, contract.startedMonthsAgo),
              end: contract.endsInMonths === null ? null : monthsBefore(today, -contract.endsInMonths),
              exclusive: contract.exclusive,
            },
      owner: spec.owner?.slackId ?? null,
      ownerSince:
        spec.owner === undefined
          ? null
          : new Date(monthsBefore(today, spec.owner.monthsAgo).getTime() - (spec.owner.daysAgo ?? 0) * DAY_MS),
    });
  }

  // The forum case goes first among the occasional clients, parent before subsidiary.
  const forumParent: ClientSpec = { name: FORUM_PARENT, lines: ["Logistics"] };
  const forumSubsidiary: ClientSpec = { name: FORUM_SUBSIDIARY, parent: FORUM_PARENT, lines: ["Logistics"] };
  drafts.push({
    client: FORUM_PARENT,
    date: threeYearsAgo,
    feeCents: 1_800_000,
    recruiter: REC1,
    kind: "placement",
    serviceLine: "Logistics",
  });

  const twoYearsAgo = monthsBefore(today, 24);
  for (const spec of [forumParent, forumSubsidiary, ...OCCASIONALS]) {
    const rated = spec !== forumParent && spec !== forumSubsidiary && random() < 0.15;
    clients.push({
      name: spec.name,
      parent: spec.parent ?? null,
      aliases: [...(spec.aliases ?? [])],
      strategicImportance: rated ? between(1, 3) : null,
      longTermPotential: rated ? between(1, 3) : null,
      exclusivity: null,
      contract: null,
      owner: null,
      ownerSince: null,
    });
    if (spec === forumParent || spec === forumSubsidiary) continue;

    // About four in ten have gone quiet: nothing in the last 24 months.
    const quiet = random() < 0.4;
    const to = quiet ? dayBefore(twoYearsAgo) : today;
    const dates = Array.from({ length: between(1, 2) }, () => dayIn(threeYearsAgo, to));
    for (const date of dates) engage(spec, date, pick(recruiterIds), kindFor(false));
    const last = dates.reduce((a, b) => (a.getTime() > b.getTime() ? a : b));
    if (random() < 0.2) rate(spec, dayIn(last, to), between(2, 5));
  }

  // Chronological order reads like the firm's ledger; the sort is stable, so ties keep their order.
  drafts.sort((a, b) => a.date.getTime() - b.date.getTime());
  feedbackDrafts.sort((a, b) => a.date.getTime() - b.date.getTime());

  return {
    people: [...RECRUITERS, ...MANAGERS].map((p) => ({ ...p })),
    clients: clients.map((client, i) => ({ line: i + 2, ...client })),
    engagements: drafts.map((draft, i) => {
      const row = { id: `DEMO-E${String(i + 1).padStart(4, "0")}`, ...draft };
      return { line: i + 2, ...row, importKey: engagementImportKey(row) };
    }),
    feedback: feedbackDrafts.map((draft, i) => ({ line: i + 2, ...draft, importKey: feedbackImportKey(draft) })),
  };
};
