// Drug identity for counting a member's Part D drugs (targeting): the sorted, salt-free active ingredients of the
// product from the shipped knowledge ("amlodipine/benazepril"), so two strengths of one drug count once.
import { classifyProduct } from '../knowledge/measure-classes.ts';
import { canonicalIngredient } from '../knowledge/rxnorm-display.ts';
import { shippedKnowledge } from '../knowledge/screening/index.ts';

/** The drug a product is; undefined = a code the knowledge base does not know. */
export type DrugIdentifier = (code: { rxcui: string | null; ndc: string | null }) => string | undefined;

/** With a crosswalk, an NDC without an RxCUI is first mapped to its RxCUI. */
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
