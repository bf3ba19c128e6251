// Turns a snapshot medication into ingredients with strengths and a total daily dose per ingredient.
// Order of trust: a known RxNorm product code (products.json), an RxNorm ingredient code, then the name text
// matched against dictionary ingredient and brand names. A medication that resolves to nothing is reported by the
// screen as "could not assess", so an unknown drug never passes silently as "no problem".
import type { SnapshotMedication } from '../../domain/screening.ts';
import type { DrugInfo, Knowledge } from '../../knowledge/screening/index.ts';
import { parseComponents } from '../../knowledge/rxnorm-display.ts';
import { parseSig } from './sig.ts';

export type ResolvedIngredient = {
  name: string;
  drug?: DrugInfo;
  strength?: number;
  unit?: string;
  /** Total daily dose in mg, when strength, quantity and frequency are all known. */
  dailyMg?: number;
};

export type ResolvedMed = {
  med: SnapshotMedication;
  /** Product name used for dose-form checks ("Oral Tablet", "Topical Gel"). */
  productName: string;
  ingredients: ResolvedIngredient[];
  resolvedBy: 'product-code' | 'ingredient-code' | 'name' | 'none';
  unitsPerDose?: number;
  doseUnit?: string;
  timesPerDay?: number;
  asNeeded: boolean;
};

/** Per-knowledge index of names for free-text matching: phrase (1–4 words) → ingredient names. */
const nameIndexes = new WeakMap<Knowledge, Map<string, string[]>>();

function nameIndex(k: Knowledge): Map<string, string[]> {
  let idx = nameIndexes.get(k);
  if (!idx) {
    idx = new Map();
    for (const name of k.drugs.keys()) idx.set(name, [name]);
    for (const [brand, names] of k.brands) if (!idx.has(brand)) idx.set(brand, names);
    nameIndexes.set(k, idx);
  }
  return idx;
}

/** Ingredients named in free text, longest phrase first, with the strength written after each ("10 mg"). */
export function ingredientsFromText(text: string, k: Knowledge): ResolvedIngredient[] {
  const idx = nameIndex(k);
  const words = text.toLowerCase().replace(/[^a-z0-9.,/%\- ]/g, ' ').split(/[\s/]+/).filter(Boolean);
  const out: ResolvedIngredient[] = [];
  for (let i = 0; i < words.length; i++) {
    for (let n = Math.min(4, words.length - i); n >= 1; n--) {
      const phrase = words.slice(i, i + n).join(' ').replace(/,$/, '');
      const hit = idx.get(phrase);
      if (!hit) continue;
      const strength = /^(\d+(?:\.\d+)?)\s?(mg|mcg|meq|g)\b/.exec(words.slice(i + n, i + n + 2).join(' ')) ?? /^(\d+(?:\.\d+)?)(mg|mcg|meq|g)$/.exec(words[i + n] ?? '');
      for (const name of hit) {
        if (out.some((o) => o.name === name)) continue;
        const ing: ResolvedIngredient = { name, drug: k.drugs.get(name) };
        if (strength && hit.length === 1) { ing.strength = Number(strength[1]); ing.unit = (strength[2] ?? '').toUpperCase(); }
        out.push(ing);
      }
      i += n - 1;
      break;
    }
  }
  return out;
}

function mgPerUnit(strength: number | undefined, unit: string | undefined): { mg: number; per: 'unit' | 'mL' } | undefined {
  if (strength === undefined || !unit) return undefined;
  if (unit === 'MG') return { mg: strength, per: 'unit' };
  if (unit === 'MCG') return { mg: strength / 1000, per: 'unit' };
  if (unit === 'G') return { mg: strength * 1000, per: 'unit' };
  if (unit === 'MG/ML') return { mg: strength, per: 'mL' };
  return undefined; // MEQ, UNT/ML, MG/HR patches, % — not expressible as mg per administration
}

const SOLID_OR_COUNTED = new Set(['tablet', 'capsule', 'unit-dose', 'patch', 'suppository', 'puff', 'spray', 'application', 'lozenge', 'troche', 'packet']);

/** Names recur across patients; their parse is memoised per knowledge base (pure: same name, same result). */
const parsedNames = new WeakMap<Knowledge, Map<string, ResolvedIngredient[]>>();
const NAME_MEMO_LIMIT = 50_000;

function ingredientsFromName(name: string, k: Knowledge): ResolvedIngredient[] {
  let memo = parsedNames.get(k);
  if (!memo) { memo = new Map(); parsedNames.set(k, memo); }
  let hit = memo.get(name);
  if (!hit) {
    // An RxNorm-style display (uncoded or unknown code) first, then dictionary phrase matching.
    const parsed = parseComponents(name).filter((c) => k.drugs.has(c.name));
    hit = parsed.length > 0 ? parsed.map((c) => ({ ...c, drug: k.drugs.get(c.name) })) : ingredientsFromText(name, k);
    if (memo.size >= NAME_MEMO_LIMIT) memo.clear();
    memo.set(name, hit);
  }
  return hit.map((i) => ({ ...i }));
}

export function resolveMedication(med: SnapshotMedication, k: Knowledge): ResolvedMed {
  let productName = med.name;
  let ingredients: ResolvedIngredient[] = [];
  let resolvedBy: ResolvedMed['resolvedBy'] = 'none';
  const product = med.rxcui ? k.products.get(med.rxcui) : undefined;
  const ingredientDrug = med.rxcui ? k.drugByRxcui.get(med.rxcui) : undefined;
  if (product) {
    productName = product.name;
    ingredients = product.ingredients.map((i) => ({ ...i, drug: k.drugs.get(i.name) }));
    resolvedBy = 'product-code';
  } else if (ingredientDrug) {
    ingredients = [{ name: ingredientDrug.name, drug: ingredientDrug }];
    const fromText = ingredientsFromText(med.name, k).find((i) => i.name === ingredientDrug.name);
    if (fromText?.strength) Object.assign(ingredients[0] ?? {}, { strength: fromText.strength, unit: fromText.unit });
    resolvedBy = 'ingredient-code';
  } else {
    ingredients = ingredientsFromName(med.name, k);
    if (ingredients.length > 0) resolvedBy = 'name';
  }

  const sig = parseSig(med.sig);
  const timesPerDay = med.timesPerDay ?? sig.timesPerDay;
  const unitsPerDose = med.doseQuantity ?? sig.quantity;
  const doseUnit = (med.doseQuantity !== undefined ? med.doseUnit : sig.unit)?.toLowerCase();
  const resolved: ResolvedMed = { med, productName, ingredients, resolvedBy, unitsPerDose, doseUnit, timesPerDay, asNeeded: med.asNeeded ?? sig.asNeeded };
  if (timesPerDay !== undefined && unitsPerDose !== undefined) {
    for (const ing of ingredients) {
      if (doseUnit === 'mg' && ingredients.length === 1) { ing.dailyMg = unitsPerDose * timesPerDay; continue; }
      const per = mgPerUnit(ing.strength, ing.unit);
      if (!per) continue;
      if (per.per === 'mL' && (doseUnit === 'ml' || doseUnit === 'teaspoon')) ing.dailyMg = per.mg * unitsPerDose * (doseUnit === 'teaspoon' ? 5 : 1) * timesPerDay;
      else if (per.per === 'unit' && (doseUnit === undefined || SOLID_OR_COUNTED.has(doseUnit) || doseUnit === '1' || doseUnit === '{tbl}')) ing.dailyMg = per.mg * unitsPerDose * timesPerDay;
    }
  }
  return resolved;
}

/** "10 mg × 2/day = 20 mg/day" style text for evidence. */
export function dailyDoseText(r: ResolvedMed, ingredient: string): string | undefined {
  const ing = r.ingredients.find((i) => i.name === ingredient);
  if (ing?.dailyMg === undefined) return undefined;
  return `${ingredient} ${round(ing.dailyMg)} mg/day`;
}

export function round(n: number): number {
  return Math.round(n * 100) / 100;
}
