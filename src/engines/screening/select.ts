// Which active medications a knowledge selector ({ ingredients, classes, dose-form limits }) picks, and through
// which of their ingredients. A screen runs several hundred selectors over the same medication list, so the list's
// ingredient names and classes are indexed once (per list) and a selector naming none of them is rejected at once.
import type { DrugSelector } from '../../knowledge/screening/schema.ts';
import type { ResolvedIngredient, ResolvedMed } from './resolve.ts';

export type Match = { med: ResolvedMed; ingredients: ResolvedIngredient[] };

type ListIndex = { names: Set<string>; classes: Set<string> };
const indexes = new WeakMap<readonly ResolvedMed[], ListIndex>();

/** Ingredient names and classes present in a medication list (built once per list). */
export function indexOf(meds: readonly ResolvedMed[]): ListIndex {
  let idx = indexes.get(meds);
  if (!idx) {
    idx = { names: new Set(), classes: new Set() };
    for (const m of meds) {
      for (const i of m.ingredients) {
        idx.names.add(i.name);
        for (const c of i.drug?.classes ?? []) idx.classes.add(c);
      }
    }
    indexes.set(meds, idx);
  }
  return idx;
}

export function ingredientMatches(sel: DrugSelector, ing: ResolvedIngredient): boolean {
  if (sel.ingredients?.includes(ing.name)) return true;
  const classes = ing.drug?.classSet;
  return classes !== undefined && (sel.classes ?? []).some((c) => classes.has(c));
}

function doseFormAllowed(sel: DrugSelector, med: ResolvedMed): boolean {
  if (!sel.excludeDoseForms && !sel.onlyDoseForms) return true;
  const name = med.productName.toLowerCase();
  if (sel.excludeDoseForms?.some((w) => name.includes(w.toLowerCase()))) return false;
  if (sel.onlyDoseForms && !sel.onlyDoseForms.some((w) => name.includes(w.toLowerCase()))) return false;
  return true;
}

export function matchMed(sel: DrugSelector, med: ResolvedMed): Match | undefined {
  const ingredients = med.ingredients.filter((i) => ingredientMatches(sel, i));
  if (ingredients.length === 0 || !doseFormAllowed(sel, med)) return undefined;
  return { med, ingredients };
}

/** False when no medication in the list can match the selector (cheap: set lookups only). */
export function mayMatch(sel: DrugSelector, meds: readonly ResolvedMed[]): boolean {
  const idx = indexOf(meds);
  return (sel.ingredients?.some((n) => idx.names.has(n)) ?? false) || (sel.classes?.some((c) => idx.classes.has(c)) ?? false);
}

export function matchAll(sel: DrugSelector, meds: readonly ResolvedMed[]): Match[] {
  if (!mayMatch(sel, meds)) return [];
  const out: Match[] = [];
  for (const m of meds) {
    const hit = matchMed(sel, m);
    if (hit) out.push(hit);
  }
  return out;
}
