import Fuse from "fuse.js";
import type { Database } from "../db/client.js";
import { findByMatchKey, listClientNames } from "../db/repositories/clients.js";
import { stripLegalSuffix } from "../domain/names.js";

/**
 * Finds the client a person meant. Exact matches (ignoring case, accents,
 * punctuation and legal suffixes such as "Inc.") over names and aliases come from
 * an indexed column; anything else goes through a fuzzy match that tolerates typos.
 */

export type Resolution =
  | { kind: "found"; client: { id: number; name: string } }
  | { kind: "ambiguous"; query: string; candidates: Array<{ id: number; name: string }> }
  | { kind: "unknown"; query: string; suggestions: Array<{ id: number; name: string }> };

/** Fuse scores run from 0 (perfect) to 1; beyond this a candidate is not a plausible typo. */
const MAX_FUZZY_SCORE = 0.35;
/** Two candidates this close in score are equally plausible: ask rather than guess. */
const TIE_MARGIN = 0.05;

export async function resolveClient(db: Database, query: string): Promise<Resolution> {
  const matchKey = stripLegalSuffix(query);
  if (matchKey === "") return { kind: "unknown", query, suggestions: [] };

  const exact = await findByMatchKey(db, matchKey);
  if (exact.length === 1 && exact[0]) return { kind: "found", client: exact[0] };
  if (exact.length > 1) return { kind: "ambiguous", query, candidates: sortByName(exact) };

  const entries = (await listClientNames(db)).flatMap((c) => [
    { id: c.id, name: c.name, key: c.matchKey },
    ...c.aliases.map((a) => ({ id: c.id, name: c.name, key: a.matchKey })),
  ]);
  const fuse = new Fuse(entries, { keys: ["key"], includeScore: true, threshold: 0.5, ignoreLocation: true });
  const seen = new Set<number>();
  const ranked = fuse
    .search(matchKey, { limit: 20 })
    .filter((r) => !seen.has(r.item.id) && seen.add(r.item.id))
    .map((r) => ({ id: r.item.id, name: r.item.name, score: r.score ?? 1 }));

  const plausible = ranked.filter((r) => r.score <= MAX_FUZZY_SCORE);
  const best = plausible[0];
  if (best) {
    const tied = plausible.filter((r) => r.score - best.score <= TIE_MARGIN);
    if (tied.length === 1) return { kind: "found", client: { id: best.id, name: best.name } };
    return { kind: "ambiguous", query, candidates: tied.slice(0, 5).map(({ id, name }) => ({ id, name })) };
  }
  return { kind: "unknown", query, suggestions: ranked.slice(0, 3).map(({ id, name }) => ({ id, name })) };
}

const sortByName = <T extends { name: string }>(list: T[]): T[] =>
  [...list].sort((a, b) => a.name.localeCompare(b.name));
