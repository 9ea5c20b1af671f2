/**
 * Name normalisation for matching client names typed in Slack or CSV files
 * against stored names and aliases.
 */

const LEGAL_SUFFIXES = new Set(["inc", "ltd", "llc", "gmbh", "plc", "corp", "co", "sa", "ag", "bv"]);

/**
 * Lower case, accents stripped, `&` spelled `and`, punctuation removed, spaces
 * collapsed. Apostrophes and periods are dropped without a gap so that "O'Brien"
 * reads "obrien" and "L.L.C." reads "llc"; other punctuation separates words so
 * that "Smith-Jones" and "Acme,Inc" keep their word boundaries.
 */
export const normalizeName = (name: string): string =>
  name
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/['’‘.`´]/g, "")
    .replace(/[^\p{L}\p{N}\s]/gu, " ")
    .replace(/\s+/g, " ")
    .trim();

/**
 * The normalised name without trailing legal-form words ("Acme Holdings Co., Ltd."
 * → "acme holdings"). Kept apart from `normalizeName` because the suffix is part of
 * the name a firm records; it is only ignored when matching. A name made only of
 * such words is left as it is.
 */
export const stripLegalSuffix = (name: string): string => {
  const words = normalizeName(name).split(" ");
  while (words.length > 1 && LEGAL_SUFFIXES.has(words[words.length - 1] ?? "")) {
    words.pop();
  }
  return words.join(" ");
};
