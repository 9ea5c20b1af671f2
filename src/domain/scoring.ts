import { CRITERIA, type CriterionKey, type Policy } from "../policy/schema.js";
import { addMonths, monthsSince } from "./months.js";
import type { ContractFacts, CriterionResult, EngagementStats, ScoreCard, ScoringInput, Verdict } from "./types.js";

const LABELS: Record<CriterionKey, string> = {
  revenue: "Revenue",
  frequency: "Frequency",
  recency: "Recency",
  strategicImportance: "Strategic importance",
  longTermPotential: "Long-term potential",
  crossSelling: "Cross-selling",
  exclusivity: "Exclusivity / competitive advantage",
  feedback: "Feedback & satisfaction",
  contract: "Contractual agreements",
};

/** Distinct service lines that earn full cross-selling points. */
const CROSS_SELLING_TARGET = 3;
/** Below this many known criteria, a low score may say more about missing data than about the client. */
const MIN_KNOWN_CRITERIA = 6;
/** A contract with at least this long to run earns full contract points. */
const LONG_CONTRACT_MONTHS = 12;

/** "$12,000", "$1,234.50", "-$3": cents shown in major units with thousands separators. */
export const formatMoney = (cents: number): string => {
  const rounded = Math.round(cents);
  const sign = rounded < 0 ? "-" : "";
  const abs = Math.abs(rounded);
  const whole = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const fraction = abs % 100;
  return `${sign}$${whole}${fraction === 0 ? "" : `.${fraction.toString().padStart(2, "0")}`}`;
};

/** A number with at most `decimals` decimals and no trailing zeros. */
const formatNumber = (value: number, decimals: number): string => {
  const factor = 10 ** decimals;
  return String(Math.round(value * factor) / factor);
};

const formatDate = (date: Date): string => date.toISOString().slice(0, 10);

const plural = (count: number, one: string, many: string): string => (count === 1 ? one : many);

const formatMonths = (months: number): string => {
  const shown = formatNumber(months, 1);
  return `${shown} ${shown === "1" ? "month" : "months"}`;
};

const clamp01 = (value: number): number => Math.min(1, Math.max(0, value));

/** Fractional calendar months from `date` to `now`; never negative. */
const monthsBetween = (date: Date, now: Date): number => Math.max(0, monthsSince(date, now));

const roundPoints = (points: number): number => Math.round(points * 10) / 10;

/**
 * The in-memory reference for one client's engagement aggregates as of `now`.
 * The database aggregates must produce the same figures.
 */
export const summariseEngagements = (
  rows: ReadonlyArray<{ date: Date; feeCents: number; serviceLine: string }>,
  policy: Policy,
  now: Date,
): EngagementStats => {
  const nowMs = now.getTime();
  const yearStart = addMonths(now, -12).getTime();
  const activityStart = addMonths(now, -policy.activityWindowMonths).getTime();
  let fees12Cents = 0;
  let count12 = 0;
  let lastDate: Date | null = null;
  const serviceLines = new Set<string>();
  for (const row of rows) {
    const t = row.date.getTime();
    if (t > nowMs) continue;
    if (lastDate === null || t > lastDate.getTime()) lastDate = row.date;
    if (t > yearStart) {
      fees12Cents += row.feeCents;
      count12 += 1;
    }
    if (t > activityStart) serviceLines.add(row.serviceLine);
  }
  return { fees12Cents, count12, lastDate, serviceLines: [...serviceLines].sort() };
};

/** One place engagements are counted from: the client itself (depth 0) or an ancestor. */
interface Source {
  name: string;
  depth: number;
  weight: number;
  stats: EngagementStats;
}

const describeSource = ({ name, depth }: Source): string =>
  depth === 1 ? `parent ${name}` : depth === 2 ? `grandparent ${name}` : `ancestor ${name} (${depth} levels up)`;

const describeSources = (sources: Source[]): string => {
  const parts = sources.map(describeSource);
  return parts.length <= 1 ? parts.join("") : `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
};

interface Assessment {
  subScore: number;
  known: boolean;
  explanation: string;
  fromAncestors?: number;
}

/**
 * An objective criterion that adds up own and weighted ancestor amounts
 * (revenue, frequency). The ancestors' share of the sub-score is their share of
 * the total, which the cap scales alike.
 */
const additive = (
  sources: Source[],
  amountOf: (stats: EngagementStats) => number,
  target: number,
  describe: (total: number, fromAncestors: string) => string,
  formatAmount: (amount: number) => string,
): Assessment => {
  let total = 0;
  let ancestorTotal = 0;
  const contributors: Source[] = [];
  for (const source of sources) {
    const amount = source.weight * amountOf(source.stats);
    total += amount;
    if (source.depth > 0 && amount > 0) {
      ancestorTotal += amount;
      contributors.push(source);
    }
  }
  const share = total > 0 ? clamp01(ancestorTotal / total) : 0;
  const note =
    ancestorTotal > 0
      ? ` (of which ${formatAmount(ancestorTotal)} weighted from ${describeSources(contributors)})`
      : "";
  return { subScore: clamp01(total / target), known: true, explanation: describe(total, note), fromAncestors: share };
};

const recency = (sources: Source[], policy: Policy, now: Date): Assessment => {
  let best: { source: Source; value: number; months: number } | null = null;
  for (const source of sources) {
    if (source.stats.lastDate === null) continue;
    const months = monthsBetween(source.stats.lastDate, now);
    const value = source.weight * 0.5 ** (months / policy.recencyHalfLifeMonths);
    if (best === null || value > best.value) best = { source, value, months };
  }
  if (best === null) return { subScore: 0, known: true, explanation: "no engagement on record", fromAncestors: 0 };
  const where =
    best.source.depth === 0
      ? ""
      : ` at ${describeSource(best.source)} (counted at ×${formatNumber(best.source.weight, 4)})`;
  return {
    subScore: clamp01(best.value),
    known: true,
    explanation: `last engagement ${formatMonths(best.months)} ago${where}, half-life ${policy.recencyHalfLifeMonths} months`,
    fromAncestors: best.source.depth === 0 || best.value === 0 ? 0 : 1,
  };
};

/** Each distinct service line counts once, at the highest weight it appears with. */
const crossSelling = (sources: Source[], policy: Policy): Assessment => {
  const lines = new Map<string, Source>();
  for (const source of sources) {
    if (source.weight <= 0) continue;
    for (const line of source.stats.serviceLines) {
      const seen = lines.get(line);
      if (seen === undefined || source.weight > seen.weight) lines.set(line, source);
    }
  }
  let total = 0;
  let ancestorTotal = 0;
  const contributors = new Set<Source>();
  for (const source of lines.values()) {
    total += source.weight;
    if (source.depth > 0) {
      ancestorTotal += source.weight;
      contributors.add(source);
    }
  }
  const names = [...lines.keys()].sort();
  const listed = names.length > 0 ? `: ${names.join(", ")}` : "";
  const note =
    ancestorTotal > 0
      ? ` (of which ${formatNumber(ancestorTotal, 3)} weighted from ${describeSources(
          sources.filter((s) => contributors.has(s)),
        )})`
      : "";
  return {
    subScore: clamp01(total / CROSS_SELLING_TARGET),
    known: true,
    explanation: `${formatNumber(total, 3)} of ${CROSS_SELLING_TARGET} service lines in the last ${policy.activityWindowMonths} months${listed}${note}`,
    fromAncestors: total > 0 ? ancestorTotal / total : 0,
  };
};

const rating = (value: number | null): Assessment =>
  value === null
    ? { subScore: 0, known: false, explanation: "unknown (not rated)" }
    : { subScore: clamp01(value / 5), known: true, explanation: `rated ${formatNumber(value, 1)} of 5` };

const isActive = (contract: ContractFacts, now: Date): boolean =>
  contract.start.getTime() <= now.getTime() && (contract.end === null || contract.end.getTime() >= now.getTime());

const until = (contract: ContractFacts): string =>
  contract.end === null ? "open-ended" : `until ${formatDate(contract.end)}`;

const exclusivity = (input: ScoringInput, now: Date): Assessment => {
  const exclusive = input.contracts.find((c) => c.exclusive && isActive(c, now));
  if (exclusive) return { subScore: 1, known: true, explanation: `active exclusive contract (${until(exclusive)})` };
  const value = input.ratings.exclusivity;
  if (value === null) {
    return { subScore: 0, known: false, explanation: "unknown (not rated, no active exclusive contract)" };
  }
  return rating(value);
};

const feedback = (input: ScoringInput): Assessment => {
  const { count, mean } = input.feedback12;
  if (count === 0 || mean === null) {
    return { subScore: 0, known: false, explanation: "unknown (no feedback in the last 12 months)" };
  }
  return {
    subScore: clamp01((mean - 1) / 4),
    known: true,
    explanation: `mean ${formatNumber(mean, 1)} of 5 from ${count} ${plural(count, "rating", "ratings")} in the last 12 months`,
  };
};

const contract = (input: ScoringInput, now: Date): Assessment => {
  const active = input.contracts.filter((c) => isActive(c, now));
  const longFrom = addMonths(now, LONG_CONTRACT_MONTHS).getTime();
  const long = active.find((c) => c.end === null || c.end.getTime() >= longFrom);
  if (long) {
    return {
      subScore: 1,
      known: true,
      explanation: `active contract ${until(long)} (${LONG_CONTRACT_MONTHS} months or more to run)`,
    };
  }
  const [short] = active;
  if (short) {
    return {
      subScore: 0.5,
      known: true,
      explanation: `active contract ${until(short)} (less than ${LONG_CONTRACT_MONTHS} months to run)`,
    };
  }
  return { subScore: 0, known: true, explanation: "no active contract" };
};

const formatPoints = (points: number): string => (Number.isInteger(points) ? String(points) : points.toFixed(1));

const verdictReasons = (
  score: number,
  verdict: Verdict,
  gate: ScoreCard["activityGate"],
  lastEngagement: ScoreCard["lastEngagement"],
  unknown: CriterionResult[],
  policy: Policy,
): string[] => {
  const reasons: string[] = [];
  const threshold = `the Key Account threshold of ${policy.keyThreshold}`;
  if (!gate.passed) {
    const last =
      gate.monthsSinceLast === null || lastEngagement === null
        ? ""
        : ` (the last one was ${formatMonths(gate.monthsSinceLast)} ago${
            lastEngagement.ownEngagement ? "" : `, at ${lastEngagement.clientName}`
          })`;
    reasons.push(`no engagement in ${policy.activityWindowMonths} months${last}`);
  }
  if (score >= policy.keyThreshold) {
    reasons.push(
      gate.passed
        ? `score ${score} meets ${threshold}`
        : `score ${score} meets ${threshold}, but the activity gate fails`,
    );
  } else if (verdict === "BORDERLINE") {
    reasons.push(
      `score ${score} is below ${threshold} but within the borderline band of ${policy.borderlineBand} points`,
    );
  } else {
    reasons.push(`score ${score} is below ${threshold}`);
  }
  if (verdict !== "KEY" && unknown.length > 0 && CRITERIA.length - unknown.length < MIN_KNOWN_CRITERIA) {
    const names = unknown.map((c) => c.label.toLowerCase()).join(", ");
    reasons.push(
      `only ${CRITERIA.length - unknown.length} of ${CRITERIA.length} criteria have data (unknown: ${names}), so the low score may come from missing data`,
    );
  }
  return reasons;
};

/**
 * The client's score card under `policy` as of `now`: every criterion with its
 * points and the numbers behind them, the activity gate and the verdict.
 */
export const scoreClient = (input: ScoringInput, policy: Policy, now: Date): ScoreCard => {
  const sources: Source[] = [
    { name: input.client.name, depth: 0, weight: 1, stats: input.own },
    ...input.ancestors.map((a) => ({
      name: a.name,
      depth: a.depth,
      weight: policy.parentWeight ** a.depth,
      stats: a.stats,
    })),
  ];
  const revenueTarget = policy.revenueThreshold * 100;

  const partials: Record<CriterionKey, Assessment> = {
    revenue: additive(
      sources,
      (s) => s.fees12Cents,
      revenueTarget,
      (total, note) => `${formatMoney(total)} of ${formatMoney(revenueTarget)} in the last 12 months${note}`,
      formatMoney,
    ),
    frequency: additive(
      sources,
      (s) => s.count12,
      policy.frequencyTarget,
      (total, note) =>
        `${formatNumber(total, 3)} ${plural(total, "engagement", "engagements")} in the last 12 months, target ${policy.frequencyTarget}${note}`,
      (amount) => formatNumber(amount, 3),
    ),
    recency: recency(sources, policy, now),
    strategicImportance: rating(input.ratings.strategicImportance),
    longTermPotential: rating(input.ratings.longTermPotential),
    crossSelling: crossSelling(sources, policy),
    exclusivity: exclusivity(input, now),
    feedback: feedback(input),
    contract: contract(input, now),
  };

  let raw = 0;
  const criteria: CriterionResult[] = CRITERIA.map((key) => {
    const partial = partials[key];
    const weight = policy.weights[key];
    raw += weight * partial.subScore;
    const points = roundPoints(weight * partial.subScore);
    const result: CriterionResult = {
      key,
      label: LABELS[key],
      points,
      max: weight,
      subScore: partial.subScore,
      known: partial.known,
      explanation: `${LABELS[key]}: ${partial.explanation} → ${formatPoints(points)}/${formatPoints(weight)}`,
    };
    if (partial.fromAncestors !== undefined) result.fromAncestors = partial.fromAncestors;
    return result;
  });
  const score = Math.min(100, Math.max(0, Math.round(raw)));

  let lastEngagement: ScoreCard["lastEngagement"] = null;
  for (const source of sources) {
    const date = source.stats.lastDate;
    if (date !== null && (lastEngagement === null || date.getTime() > lastEngagement.date.getTime())) {
      lastEngagement = { date, clientName: source.name, ownEngagement: source.depth === 0 };
    }
  }
  const monthsSinceLast = lastEngagement === null ? null : monthsBetween(lastEngagement.date, now);
  const activityGate = {
    passed: monthsSinceLast !== null && monthsSinceLast <= policy.activityWindowMonths,
    monthsSinceLast,
    windowMonths: policy.activityWindowMonths,
  };

  const verdict: Verdict = !activityGate.passed
    ? "NOT_KEY"
    : score >= policy.keyThreshold
      ? "KEY"
      : score >= policy.keyThreshold - policy.borderlineBand
        ? "BORDERLINE"
        : "NOT_KEY";

  const unknown = criteria.filter((c) => !c.known);
  return {
    clientId: input.client.id,
    client: input.client.name,
    score,
    verdict,
    reasons: verdictReasons(score, verdict, activityGate, lastEngagement, unknown, policy),
    criteria,
    completeness: { known: criteria.length - unknown.length, total: criteria.length },
    activityGate,
    lastEngagement,
  };
};
