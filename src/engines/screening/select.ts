// Which active medications a knowledge selector ({ ingredients, classes, dose-form limits }) picks, and through
// which of their ingredients.
import type { DrugSelector } from '../../knowledge/screening/schema.ts';
import type { ResolvedIngredient, ResolvedMed } from './resolve.ts';

export type Match = { med: ResolvedMed; ingredients: ResolvedIngredient[] };

export function ingredientMatches(sel: DrugSelector, ing: ResolvedIngredient): boolean {
  if (sel.ingredients?.includes(ing.name)) return true;
  const classes = ing.drug?.classSet;
  return classes !== undefined && (sel.classes ?? []).some((c) => classes.has(c));
}

function doseFormAllowed(sel: DrugSelector, productName: string): boolean {
  const name = productName.toLowerCase();
  if (sel.excludeDoseForms?.some((w) => name.includes(w.toLowerCase()))) return false;
  if (sel.onlyDoseForms && !sel.onlyDoseForms.some((w) => name.includes(w.toLowerCase()))) return false;
  return true;
}

export function matchMed(sel: DrugSelector, med: ResolvedMed): Match | undefined {
  if (!doseFormAllowed(sel, med.productName)) return undefined;
  const ingredients = med.ingredients.filter((i) => ingredientMatches(sel, i));
  return ingredients.length > 0 ? { med, ingredients } : undefined;
}

export function matchAll(sel: DrugSelector, meds: readonly ResolvedMed[]): Match[] {
  const out: Match[] = [];
  for (const m of meds) {
    const hit = matchMed(sel, m);
    if (hit) out.push(hit);
  }
  return out;
}
