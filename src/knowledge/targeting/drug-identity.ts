// What counts as one drug for Part D targeting's drug count (docs/targeting.md): a product's sorted, salt-free
// active-ingredient set ("amlodipine/benazepril"), from the shipped knowledge. Shared by the file run
// (`openmtm target`) and the database run, so both count the same fills as the same drugs.
import { classifyProduct } from '../measure-classes.ts';
import { canonicalIngredient } from '../rxnorm-display.ts';
import { shippedKnowledge } from '../screening/index.ts';

/** The drug a product is, for counting; undefined = a code the knowledge does not know. */
export type DrugIdentifier = (code: { rxcui: string | null; ndc: string | null }) => string | undefined;

/**
 * Drug identity from the shipped knowledge: measure classes first, then screening products, then ingredients.
 * `crosswalk` (NDC → RxCUI) is tried for fills that carry only an NDC.
 */
export function shippedDrugIdentifier(crosswalk?: ReadonlyMap<string, string>): DrugIdentifier {
  const k = shippedKnowledge();
  const key = (names: readonly string[]) => [...new Set(names.map(canonicalIngredient))].sort().join('/');
  return ({ rxcui, ndc }) => {
    const code = { rxcui: rxcui ?? (ndc ? (crosswalk?.get(ndc) ?? null) : null), ndc };
    const c = classifyProduct(code);
    if (c && c.ingredients.length) return key(c.ingredients);
    if (!code.rxcui) return undefined;
    const product = k.products.get(code.rxcui);
    if (product) return key(product.ingredients.map((i) => i.name));
    const ingredient = k.drugByRxcui.get(code.rxcui);
    return ingredient ? key([ingredient.name]) : undefined;
  };
}

export type FillCode = { day: number; rxcui: string | null; ndc: string | null; cost: number | null };
/** The targeting engine's TargetFill. */
export type IdentifiedFill = { day: number; drug: string; cost: number | null };

/**
 * The engine's fills for a member's claims: each identified, and a code the knowledge does not know counted as its
 * own drug ("rxcui:…" / "ndc:…") and reported in `unidentified` / `codes` so the caller can say so.
 */
export function identifyFills(claims: readonly FillCode[], identify: DrugIdentifier): { fills: IdentifiedFill[]; unidentified: number; codes: string[] } {
  let unidentified = 0;
  const codes: string[] = [];
  const fills = claims.map((c) => {
    let drug = identify({ rxcui: c.rxcui, ndc: c.ndc });
    if (drug === undefined) {
      unidentified++;
      drug = c.rxcui ? `rxcui:${c.rxcui}` : `ndc:${c.ndc}`;
      codes.push(drug);
    }
    return { day: c.day, drug, cost: c.cost };
  });
  return { fills, unidentified, codes };
}

/** The note on a member's result when some of their fills had unknown product codes. */
export function unidentifiedNote(n: number): string {
  return `${n} fill${n > 1 ? 's' : ''} with a product code the knowledge base does not know, counted as a drug by code`;
}
