import dayjs from "dayjs";
import type { ClientScore } from "../services/score.js";

/** Plain-text renderings for the terminal. */

const BAR_WIDTH = 10;

/** "███████░░░" for a sub-score in [0, 1]; "··········" when unknown. */
export function textBar(subScore: number, known: boolean): string {
  if (!known) return "·".repeat(BAR_WIDTH);
  const filled = Math.round(Math.max(0, Math.min(1, subScore)) * BAR_WIDTH);
  return "█".repeat(filled) + "░".repeat(BAR_WIDTH - filled);
}

export function formatScoreCard(score: ClientScore, timezone: string): string {
  const { card, owner } = score;
  const lines: string[] = [];
  lines.push(`${card.client}${score.parent ? `  (subsidiary of ${score.parent})` : ""}`);
  lines.push(
    `Score ${card.score}/100 · ${card.verdict} · data on ${card.completeness.known} of ${card.completeness.total} criteria`,
  );
  const ownerText = owner
    ? `${owner.owner} since ${dayjs(owner.since).format("YYYY-MM-DD")}${owner.via === "parent" ? ` (via parent ${score.ownerClient})` : ""}, review due ${dayjs(owner.reviewDueAt).format("YYYY-MM-DD")}`
    : "open (no Key Account owner)";
  lines.push(`Owner: ${ownerText}`);
  for (const reason of card.reasons) lines.push(`  • ${reason}`);
  lines.push("");
  const width = Math.max(...card.criteria.map((c) => c.label.length));
  for (const c of card.criteria) {
    const points = `${c.known ? formatPoints(c.points) : "?"}/${c.max}`.padStart(7);
    lines.push(`${c.label.padEnd(width)}  ${textBar(c.subScore, c.known)} ${points}  ${c.explanation}`);
  }
  lines.push("");
  const last = card.lastEngagement;
  lines.push(
    last
      ? `Last engagement: ${dayjs(last.date).format("YYYY-MM-DD")}${last.ownEngagement ? "" : ` (at ${last.clientName})`}`
      : "Last engagement: none",
  );
  lines.push(`Policy ${score.policyVersion} · scored ${formatInZone(score.scoredAt, timezone)}`);
  return lines.join("\n");
}

const formatPoints = (points: number) => (Number.isInteger(points) ? String(points) : points.toFixed(1));

function formatInZone(date: Date, timezone: string): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: timezone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
    timeZoneName: "short",
  }).format(date);
}

export function formatRanking(scores: ClientScore[]): string {
  if (scores.length === 0)
    return "No clients yet. Import some with `keyholder import clients <file.csv>`, or try `keyholder demo`.";
  const nameWidth = Math.min(40, Math.max(6, ...scores.map((s) => s.card.client.length)));
  const header = `${"#".padStart(4)}  ${"Client".padEnd(nameWidth)}  Score  Verdict     Owner`;
  const rows = scores.map((s, i) => {
    const name = s.card.client.length > nameWidth ? `${s.card.client.slice(0, nameWidth - 1)}…` : s.card.client;
    const owner = s.owner ? `${s.owner.owner}${s.owner.via === "parent" ? ` (via ${s.ownerClient})` : ""}` : "open";
    return `${String(i + 1).padStart(4)}  ${name.padEnd(nameWidth)}  ${String(s.card.score).padStart(5)}  ${s.card.verdict.padEnd(10)}  ${owner}`;
  });
  return [header, ...rows].join("\n");
}
