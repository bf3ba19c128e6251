// Parse the active ingredients out of an RxNorm clinical/branded drug name (SCD, SBD, GPCK, BPCK), e.g.
//   "lisinopril 10 MG / hydrochlorothiazide 12.5 MG Oral Tablet"        -> ["lisinopril", "hydrochlorothiazide"]
//   "Abuse-Deterrent 12 HR oxycodone hydrochloride 10 MG Extended ..."   -> ["oxycodone"]
//   "{7 (A 10 MG Oral Tablet) / 7 (B 20 MG Oral Tablet)} Pack"           -> ["a", "b"]
// Why salts are stripped: PQA's "same drug" for PDC is the active ingredient (moiety), so metformin hydrochloride
// ER and glipizide/metformin hydrochloride must share "metformin"; pitavastatin calcium/magnesium/sodium are one drug.

/** Salt, ester and preparation words removed from the END of an ingredient name. */
const SALT_WORDS = new Set([
  'acetate', 'anhydrous', 'arginine', 'aspartate', 'besylate', 'bisulfate', 'bitartrate', 'bromide', 'calcium', 'chloride', 'cilexetil', 'citrate',
  'decanoate', 'dihydrochloride', 'dimesylate', 'dipotassium', 'disodium', 'erbumine', 'fumarate', 'gluconate', 'hyclate',
  'hydrobromide', 'hydrochloride', 'lactate', 'liposomal', 'magnesium', 'maleate', 'medoxomil', 'mesylate',
  'methylbromide', 'monohydrate', 'napsylate', 'nitrate', 'pamoate', 'phosphate', 'polistirex', 'potassium', 'saccharate',
  'sodium', 'succinate', 'sulfate', 'tannate', 'tartrate', 'terephthalate', 'tincture', 'tosylate',
]);

/** Mineral cations: "potassium chloride", "ferrous fumarate" are the drug itself, never stripped to the cation. */
const CATIONS = new Set(['calcium', 'ferrous', 'ferric', 'lithium', 'magnesium', 'potassium', 'sodium', 'zinc']);

export function stripSalt(name: string): string {
  const words = name.split(' ');
  while (words.length > 1) {
    const last = words[words.length - 1];
    if (last === undefined || !SALT_WORDS.has(last)) break;
    if (words.length === 2 && CATIONS.has(words[0] ?? '')) break;
    words.pop();
  }
  return words.join(' ');
}

function parseComponent(piece: string): string | undefined {
  const tokens = piece.trim().split(/\s+/).filter((t) => t.length > 0);
  let i = 0;
  // leading quantity / duration / qualifier: "0.5 ML", "24 HR", "60 ACTUAT", "0.5 UNT Doses 3 ML", "Abuse-Deterrent"
  // Ingredient names start lower case; so skip anything else ("0.25 MG, 0.5 MG Dose", "40/60 Release", "3-Month"),
  // except names that start with a digit ("5-hydroxytryptophan") or "St." ("St. John's wort").
  while (i < tokens.length) {
    const t = tokens[i] ?? '';
    if (/^[a-z]/.test(t) || /^\d+-[a-z]/.test(t) || t === 'St.') break;
    i++;
  }
  const name: string[] = [];
  for (; i < tokens.length; i++) {
    const t = tokens[i] ?? '';
    if (/^[\d.]+$/.test(t)) break; // strength starts
    if (name.length > 0 && /^[A-Z]/.test(t) && !t.startsWith('St.')) break; // dose form starts ("Oral Tablet")
    name.push(t);
  }
  if (name.length === 0) return undefined;
  return stripSalt(name.join(' ').toLowerCase().replace(/,$/, ''));
}

/** Lower-case active ingredient names in display order, deduplicated. */
export function parseIngredients(display: string): string[] {
  const cleaned = display
    .replace(/\[[^\]]*\]/g, ' ') // brand names in SBD/BPCK
    .replace(/\(([a-z][^()]*)\)\s*$/i, (m, inner: string) => (/\d/.test(inner) ? m : ' ')) // "(omega-3 fatty acids)" note
    .replace(/[{}]/g, ' ')
    .replace(/\b\d+ \(/g, ' ') // pack counts "7 ("
    .replace(/[()]/g, ' ')
    .replace(/\bPack\b/g, ' ');
  const out: string[] = [];
  for (const piece of cleaned.split(' / ')) {
    const name = parseComponent(piece);
    if (name && !out.includes(name)) out.push(name);
  }
  return out;
}
