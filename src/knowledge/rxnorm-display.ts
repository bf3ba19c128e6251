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

/** One active ingredient of a product and its strength as written ("10 MG", "5 MG/ML", "20 MEQ", "100 UNT/ML"). */
export type ProductComponent = { name: string; strength?: number; unit?: string };

function parseComponent(piece: string): ProductComponent | undefined {
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
  const out: ProductComponent = { name: stripSalt(name.join(' ').toLowerCase().replace(/,$/, '')) };
  const value = Number(tokens[i]);
  const unit = tokens[i + 1];
  if (Number.isFinite(value) && tokens[i] !== undefined && unit && /^[A-Z]+(\/[A-Z]+)?$/.test(unit)) {
    out.strength = value;
    out.unit = unit;
  }
  return out;
}

function cleanDisplay(display: string): string {
  return display
    .replace(/\[[^\]]*\]/g, ' ') // brand names in SBD/BPCK
    .replace(/\(([a-z][^()]*)\)\s*$/i, (m, inner: string) => (/\d/.test(inner) ? m : ' ')) // "(omega-3 fatty acids)" note
    .replace(/[{}]/g, ' ')
    .replace(/\b\d+ \(/g, ' ') // pack counts "7 ("
    .replace(/[()]/g, ' ')
    .replace(/\bPack\b/g, ' ');
}

/** RxNorm qualifiers that may open a display in capitals and are not ingredient names. */
const CAPITALISED_QUALIFIERS = new Set(['Abuse-Deterrent']);

/**
 * Displays written with capitalised words ("Naproxen sodium 220 MG", "Dextromethorphan Hydrobromide 1 MG/ML", as
 * Synthea and many EHRs write them) are brought to RxNorm casing: the first word of a component and any salt word
 * are lower-cased. Proper RxNorm names are unchanged (their ingredient words are already lower case).
 */
function rxnormCasing(piece: string): string {
  const words = piece.trim().split(/\s+/);
  return words
    .map((w, i) => {
      if (CAPITALISED_QUALIFIERS.has(w) || !/^[A-Z][a-z]/.test(w)) return w;
      const lower = w.toLowerCase();
      if (i === 0 || SALT_WORDS.has(lower) || lower === 'acid') return lower;
      return w;
    })
    .join(' ');
}

/** Ester and preparation words that name a form of the same drug for screening (not for PQA measure classes). */
const FORM_WORDS = new Set([
  'cypionate', 'dipropionate', 'enanthate', 'ethylsuccinate', 'furoate', 'lactobionate', 'lauroxil', 'palmitate', 'propionate',
  'stearate', 'tromethamine', 'valerate', 'xinafoate',
]);
const FORM_SUFFIXES = [', human', ', porcine', ', macrocrystals', ', modified', ', monohydrate'];

/**
 * The drug-dictionary name of an ingredient for screening: the measure-class name with RxNorm preparation
 * suffixes (", human", ", macrocrystals", ", modified") and ester words removed, so "insulin aspart, human",
 * "nitrofurantoin, macrocrystals" and "fluticasone propionate" are the drugs the dictionary and rules name.
 */
export function canonicalIngredient(name: string): string {
  let n = name;
  for (const suffix of FORM_SUFFIXES) if (n.endsWith(suffix)) n = n.slice(0, -suffix.length);
  const words = n.split(' ');
  while (words.length > 1 && FORM_WORDS.has(words[words.length - 1] ?? '')) words.pop();
  n = words.join(' ');
  // lithium is dosed and monitored as lithium whichever salt (carbonate tablets, citrate solution)
  if (n === 'lithium carbonate' || n === 'lithium citrate') return 'lithium';
  return stripSalt(n);
}

/**
 * Ingredients with strengths, in display order, by their dictionary names (canonicalIngredient); the first
 * occurrence of an ingredient wins (packs repeat them).
 */
export function parseComponents(display: string): ProductComponent[] {
  const out: ProductComponent[] = [];
  for (const piece of cleanDisplay(display).split(' / ')) {
    const parsed = parseComponent(rxnormCasing(piece));
    const c = parsed ? { ...parsed, name: canonicalIngredient(parsed.name) } : undefined;
    if (c && !out.some((o) => o.name === c.name)) out.push(c);
  }
  return out;
}

/** Lower-case active ingredient names in display order, deduplicated (RxNorm-style displays only). */
export function parseIngredients(display: string): string[] {
  const out: string[] = [];
  for (const piece of cleanDisplay(display).split(' / ')) {
    const c = parseComponent(piece);
    if (c && !out.includes(c.name)) out.push(c.name);
  }
  return out;
}
