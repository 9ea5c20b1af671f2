/**
 * Deterministic benchmark data: a staffing firm's clients (about a tenth of them
 * subsidiaries, up to three levels below a root) and three years of engagements
 * ending at a fixed day. The same seed and day always give the same data, so the
 * parent process and every child can rebuild it instead of shipping it around.
 */

import { stripLegalSuffix } from "../src/domain/names.js";
import { engagementImportKey, feedbackImportKey } from "../src/imports/rows.js";

export const SEED = 20_261_204;
export const CLIENTS = 10_000;
export const ENGAGEMENTS = 200_000;
const DAY_MS = 86_400_000;
const HISTORY_DAYS = 3 * 365;

/** mulberry32: small, fast and good enough for test data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type Random = () => number;
const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
const int = (random: Random, min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
const normal = (random: Random): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());

/**
 * How a DateTime is stored as text in SQLite: "offset" is how @prisma/adapter-better-sqlite3
 * writes it (2025-01-31T00:00:00.000+00:00), "zulu" is plain toISOString() (…Z). The
 * raw baselines store and bind dates the way the app stored the imported engagements.
 */
export type DateStyle = "offset" | "zulu";
export const storedDate = (ms: number | Date, style: DateStyle = "offset"): string => {
  const iso = new Date(typeof ms === "number" ? ms : ms.getTime()).toISOString();
  return style === "zulu" ? iso : iso.replace("Z", "+00:00");
};
/** As Prisma writes it: the style of every row the bench's set-up writes. */
export const sqliteDate = (ms: number | Date): string => storedDate(ms, "offset");
export const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** UTC midnight of the day `at` falls on: the fixed end of the generated history. */
export const dayOf = (at: Date): number => Math.floor(at.getTime() / DAY_MS) * DAY_MS;

const PREFIXES = [
  "Harbor",
  "Summit",
  "Northwind",
  "Blue Ridge",
  "Cedar",
  "Granite",
  "Silver Lake",
  "Redwood",
  "Ironclad",
  "Bright",
  "Evergreen",
  "Pioneer",
  "Atlas",
  "Keystone",
  "Lakeside",
  "Meridian",
  "Oakmont",
  "Pinnacle",
  "Riverbend",
  "Sterling",
  "Tidewater",
  "Union",
  "Vanguard",
  "Westfield",
  "Crescent",
  "Falcon",
  "Golden Gate",
  "Highland",
  "Liberty",
  "Maple",
  "Nova",
  "Orchard",
  "Prairie",
  "Quarry",
  "Sunrise",
  "Trident",
  "Upland",
  "Valley",
  "Willow",
  "Zenith",
] as const;
const CORES = [
  "Freight",
  "Health",
  "Capital",
  "Data",
  "Foods",
  "Energy",
  "Builders",
  "Media",
  "Pharma",
  "Metals",
  "Retail",
  "Textiles",
  "Robotics",
  "Insurance",
  "Dental",
  "Aviation",
  "Marine",
  "Software",
  "Chemicals",
  "Motors",
  "Paper",
  "Glass",
  "Logistics",
  "Telecom",
  "Farms",
  "Hotels",
  "Clinics",
  "Optics",
  "Plastics",
  "Tools",
  "Security",
  "Analytics",
  "Brewing",
  "Furniture",
  "Printing",
  "Solar",
  "Water",
  "Cloud",
  "Finance",
  "Labs",
] as const;
const SECTORS = [
  "Solutions",
  "Partners",
  "Group",
  "Systems",
  "Holdings",
  "Services",
  "Industries",
  "Works",
  "Associates",
  "Network",
] as const;
const SUFFIXES = ["", "", "", " Inc", " LLC", " Ltd", " GmbH", ", Inc.", " Corp", " PLC"] as const;
const REGIONS = [
  "Europe",
  "Asia",
  "Americas",
  "Nordics",
  "Iberia",
  "Benelux",
  "Canada",
  "Mexico",
  "Japan",
  "India",
  "Australia",
  "Brazil",
  "Texas",
  "Midwest",
  "Pacific",
  "Atlantic",
] as const;
export const SERVICE_LINES = ["IT", "Finance", "Engineering", "Healthcare", "Sales & Marketing", "Logistics"] as const;
const FIRST = ["ana", "ben", "chloe", "dev", "emma", "farid", "grace", "hugo", "ines", "jon", "kim", "leo"] as const;
const LAST = ["lopez", "smith", "chen", "okafor", "novak", "rossi", "haddad", "berg", "silva", "kowalski"] as const;

export interface GenClient {
  id: number;
  name: string;
  normalizedName: string;
  parentId: number | null;
  alias: string | null;
}

export interface GenRecruiter {
  slackId: string;
  email: string;
  /** Whether the app knows the person (a Person row with this email). */
  known: boolean;
}

export interface GenEngagement {
  /** External id; null for rows exported without one (the import key is then a hash of the row). */
  externalId: string | null;
  clientId: number;
  /** Client name as written in the file: usually exact, sometimes upper case or without the legal form. */
  clientCell: string;
  day: number;
  feeCents: number;
  /** What the file's recruiter cell holds: a Slack ID or an email (mixed case). */
  recruiterCell: string;
  /** What the app stores for the recruiter: the Slack ID, or the lower-cased email of an unknown person. */
  recruiterStored: string;
  kindCell: "" | "placement" | "contract" | "temp";
  serviceLine: string;
}

export interface Dataset {
  today: number;
  clients: GenClient[];
  recruiters: GenRecruiter[];
  engagements: GenEngagement[];
  ratings: Array<{ clientId: number; criterion: string; value: number; setAt: number }>;
  contracts: Array<{ clientId: number; start: number; end: number | null; exclusive: boolean }>;
  feedback: Array<{ clientId: number; day: number; rating: number; comment: string | null; importKey: string }>;
  owners: Array<{ clientId: number; owner: string; since: number }>;
}

function slackId(random: Random): string {
  const chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  let id = "U0";
  for (let i = 0; i < 9; i++) id += chars[Math.floor(random() * chars.length)];
  return id;
}

function buildClients(random: Random): GenClient[] {
  const keys = new Set<string>();
  const clients: GenClient[] = [];
  const add = (name: string, parentId: number | null): GenClient | null => {
    const key = stripLegalSuffix(name);
    if (keys.has(key)) return null;
    keys.add(key);
    const client = { id: clients.length + 1, name, normalizedName: key, parentId, alias: null };
    clients.push(client);
    return client;
  };

  // Roots: distinct prefix × core × sector combinations, drawn in a shuffled order.
  const combos: string[] = [];
  for (const p of PREFIXES) for (const c of CORES) for (const s of SECTORS) combos.push(`${p} ${c} ${s}`);
  for (let i = combos.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [combos[i], combos[j]] = [combos[j] as string, combos[i] as string];
  }
  const ROOTS = Math.round(CLIENTS * 0.9);
  for (let i = 0; i < ROOTS; i++) add(`${combos[i]}${pick(random, SUFFIXES)}`, null);

  // Subsidiaries: level 1 under roots, level 2 under level 1, level 3 under level 2.
  const depth1 = Math.round(CLIENTS * 0.07);
  const depth2 = Math.round(CLIENTS * 0.022);
  let parents = clients.slice();
  for (const [depth, count] of [depth1, depth2, CLIENTS - ROOTS - depth1 - depth2].entries()) {
    const level: GenClient[] = [];
    // Subsidiaries cluster under a few big parents, as groups do.
    const pool = depth === 0 ? parents.slice(0, 500) : parents;
    while (level.length < count) {
      const parent = pick(random, pool);
      const stem = parent.name.replace(/,? (Inc\.?|LLC|Ltd|GmbH|Corp|PLC)$/, "");
      const child = add(`${stem} ${pick(random, REGIONS)}${pick(random, SUFFIXES)}`, parent.id);
      if (child) level.push(child);
    }
    parents = level;
  }

  // A few clients are also known by a trading name.
  for (const client of clients) {
    if (random() >= 0.05) continue;
    const alias = `${client.normalizedName.split(" ")[0]} ${pick(random, ["Intl", "Direct", "Online", "Global"])}`;
    const key = stripLegalSuffix(alias);
    if (!keys.has(key)) {
      keys.add(key);
      client.alias = alias;
    }
  }
  return clients;
}

export function generateDataset(today: number): Dataset {
  const random = prng(SEED);
  const clients = buildClients(random);

  const recruiters: GenRecruiter[] = [];
  for (let i = 0; i < 120; i++) {
    recruiters.push({
      slackId: slackId(random),
      email: `${FIRST[i % FIRST.length]}.${LAST[Math.floor(i / FIRST.length) % LAST.length]}@firm.example`,
      known: i % 12 !== 0,
    });
  }

  // Engagement volume per client is heavy-tailed (log-normal); some clients have none.
  // Each client is active over its own span: some are new, some stopped years ago.
  const profile = clients.map(() => {
    const none = random() < 0.08;
    const startAgo = random() < 0.2 ? int(random, 30, HISTORY_DAYS) : HISTORY_DAYS;
    const endAgo = random() < 0.25 ? int(random, 0, startAgo) : 0;
    return {
      weight: none ? 0 : Math.exp(1.3 * normal(random)),
      startAgo,
      endAgo,
      line: pick(random, SERVICE_LINES),
      recruiter: pick(random, recruiters),
    };
  });
  const cumulative: number[] = [];
  let sum = 0;
  for (const p of profile) {
    sum += p.weight;
    cumulative.push(sum);
  }
  const pickClient = (): number => {
    const target = random() * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] as number) <= target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  const engagements: GenEngagement[] = [];
  const logMin = Math.log(500_00);
  const logMax = Math.log(35_000_00);
  for (let i = 0; i < ENGAGEMENTS; i++) {
    const index = pickClient();
    const client = clients[index] as GenClient;
    const p = profile[index] as (typeof profile)[number];
    const day = today - int(random, p.endAgo, p.startAgo) * DAY_MS;
    const feeCents = Math.min(35_000_00, Math.round(Math.exp(logMin + random() * (logMax - logMin)) / 50) * 50);
    const recruiter = random() < 0.6 ? p.recruiter : pick(random, recruiters);
    const byEmail = random() < 0.15;
    const variant = random();
    const clientCell = variant < 0.9 ? client.name : variant < 0.95 ? client.name.toUpperCase() : client.normalizedName;
    const kindRoll = random();
    engagements.push({
      externalId: random() < 0.9 ? `ATS-${String(i + 1).padStart(7, "0")}` : null,
      clientId: client.id,
      clientCell,
      day,
      feeCents,
      recruiterCell: byEmail ? (random() < 0.3 ? recruiter.email.toUpperCase() : recruiter.email) : recruiter.slackId,
      recruiterStored: byEmail && !recruiter.known ? recruiter.email : recruiter.slackId,
      kindCell: kindRoll < 0.03 ? "" : kindRoll < 0.55 ? "placement" : kindRoll < 0.8 ? "contract" : "temp",
      serviceLine: random() < 0.7 ? p.line : pick(random, SERVICE_LINES),
    });
  }

  const ratings: Dataset["ratings"] = [];
  const contracts: Dataset["contracts"] = [];
  const feedback: Dataset["feedback"] = [];
  const owners: Dataset["owners"] = [];
  for (const client of clients) {
    if (random() < 0.15) {
      for (const criterion of ["strategicImportance", "longTermPotential", "exclusivity"]) {
        if (random() < 0.6)
          ratings.push({
            clientId: client.id,
            criterion,
            value: int(random, 0, 5),
            setAt: today - int(random, 1, 700) * DAY_MS,
          });
      }
    }
    if (random() < 0.06) {
      const start = today - int(random, 30, HISTORY_DAYS) * DAY_MS;
      const end = random() < 0.4 ? null : start + int(random, 180, 3 * 365) * DAY_MS;
      contracts.push({ clientId: client.id, start, end, exclusive: random() < 0.3 });
    }
    if (random() < 0.2) {
      const n = int(random, 1, 8);
      for (let i = 0; i < n; i++) {
        const day = today - int(random, 0, 730) * DAY_MS;
        const rating = int(random, 1, 5);
        const comment =
          random() < 0.4 ? pick(random, ["Great candidates", "Slow to fill", "Good fit", "Too expensive"]) : null;
        const importKey = feedbackImportKey({ client: client.name, date: new Date(day), rating, comment });
        feedback.push({ clientId: client.id, day, rating, comment, importKey: `${importKey}:${i}` });
      }
    }
    if (random() < 0.04) {
      owners.push({
        clientId: client.id,
        owner: pick(random, recruiters).slackId,
        since: today - int(random, 10, 700) * DAY_MS,
      });
    }
  }

  return { today, clients, recruiters, engagements, ratings, contracts, feedback, owners };
}

const csvCell = (value: string): string => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

/** Fees as an accountant's export writes them: mostly 1234.50, sometimes "1,234.50" or $1234.5. */
function feeCell(cents: number, roll: number): string {
  const units = Math.floor(cents / 100);
  const rest = cents % 100;
  if (roll < 0.05) return `${units.toLocaleString("en-US")}.${String(rest).padStart(2, "0")}`;
  if (roll < 0.08 && rest % 10 === 0) return `$${units}.${rest / 10}`;
  return `${units}.${String(rest).padStart(2, "0")}`;
}

/** The engagements CSV, columns id,client,date,fee,recruiter,kind,service_line. */
export function engagementsCsv(data: Dataset): string {
  const random = prng(SEED + 1);
  const lines = ["id,client,date,fee,recruiter,kind,service_line"];
  for (const e of data.engagements) {
    lines.push(
      [
        e.externalId ?? "",
        csvCell(e.clientCell),
        isoDay(e.day),
        csvCell(feeCell(e.feeCents, random())),
        e.recruiterCell,
        e.kindCell,
        csvCell(e.serviceLine),
      ].join(","),
    );
  }
  return `${lines.join("\n")}\n`;
}

/** The Engagement rows the app ends up storing for the file, as positional SQL parameters. */
export function engagementRowsForSql(data: Dataset, createdAt: string, style: DateStyle): unknown[][] {
  return data.engagements.map((e) => {
    const kind = e.kindCell === "" ? "placement" : e.kindCell;
    const importKey = engagementImportKey({
      id: e.externalId,
      client: e.clientCell,
      date: new Date(e.day),
      feeCents: e.feeCents,
      recruiter: e.recruiterCell.includes("@") ? e.recruiterCell.toLowerCase() : e.recruiterCell,
      kind,
      serviceLine: e.serviceLine,
    });
    return [
      importKey,
      e.clientId,
      storedDate(e.day, style),
      e.feeCents,
      e.recruiterStored,
      kind,
      e.serviceLine,
      createdAt,
    ];
  });
}
