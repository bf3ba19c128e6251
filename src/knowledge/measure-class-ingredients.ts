// Ingredient lists that decide PQA-aligned measure-class membership (PRODUCT.md §5.4).
//
// Intent: PQA licenses its NDC value sets, so OpenMTM ships open, ingredient-based class lists instead. A product
// belongs to a class when ANY of its active ingredients is listed here, so combination products are included
// (PQA's PDC-DR, PDC-RASA and PDC-STA count combinations). Names are RxNorm ingredient names, lower case, with salt
// and ester words removed (see scripts/build-measure-classes.ts: "metformin hydrochloride" -> "metformin").
// These are facts (drug names grouped by pharmacological class), restated from the public sources cited per list;
// no table is copied. The lists are consumed only by scripts/build-measure-classes.ts, which freezes the result into
// measure-classes.json; nothing reads them at run time.
//
// Version: 2026.11.1 — retrieved/compiled 2026-11-25.
// Changelog: 2026.11.1 initial lists.

export const MEASURE_CLASSES = [
  'diabetes-noninsulin',
  'insulin',
  'rasa',
  'sacubitril-valsartan',
  'statin',
  'opioid',
  'benzodiazepine',
  'anticholinergic',
] as const;

export type MeasureClass = (typeof MEASURE_CLASSES)[number];

export const CLASS_LISTS_VERSION = '2026.11.1';
export const CLASS_LISTS_RETRIEVED = '2026-11-25';

export type IngredientList = {
  /** Exact ingredient names (after salt stripping). */
  ingredients: readonly string[];
  /** Ingredient name prefixes (used only for insulins: "insulin glargine", "insulin lispro protamine, human", ...). */
  prefixes?: readonly string[];
  /** Products whose RxNorm display contains one of these dose-form words are NOT in the class (route limits). */
  excludeDoseForms?: readonly string[];
  source: string;
};

export const CLASS_INGREDIENTS: Record<MeasureClass, IngredientList> = {
  // PDC-DR: PQA "Proportion of Days Covered: Diabetes All Class" medication groups as summarised in the CMS Part D
  // Star Ratings Technical Notes (2026 measurement year, public): biguanides, sulfonylureas, thiazolidinediones,
  // DPP-4 inhibitors, GLP-1 receptor agonists, meglitinides, SGLT2 inhibitors, including combinations. Members
  // per class: FDA drug labels / NLM RxClass (ATC A10B, public), retrieved 2026-11-25.
  // Judgement calls: tirzepatide (dual GIP/GLP-1 receptor agonist) and sotagliflozin (SGLT1/2) are included;
  // alpha-glucosidase inhibitors (acarbose, miglitol), pramlintide, bromocriptine and colesevelam are NOT in PDC-DR.
  // Ingredient level cannot tell weight-management products (e.g. semaglutide 2.4 mg) from diabetes products.
  'diabetes-noninsulin': {
    ingredients: [
      'metformin',
      'chlorpropamide', 'glimepiride', 'glipizide', 'glyburide', 'tolazamide', 'tolbutamide',
      'pioglitazone', 'rosiglitazone',
      'alogliptin', 'linagliptin', 'saxagliptin', 'sitagliptin',
      'albiglutide', 'dulaglutide', 'exenatide', 'liraglutide', 'lixisenatide', 'semaglutide', 'tirzepatide',
      'nateglinide', 'repaglinide',
      'bexagliflozin', 'canagliflozin', 'dapagliflozin', 'empagliflozin', 'ertugliflozin', 'sotagliflozin',
    ],
    source: 'PQA PDC-DR class groups via CMS Part D Star Ratings Technical Notes MY2026; class members per NLM RxClass ATC A10B',
  },
  // PDC-DR denominator exclusion (any insulin fill). Every RxNorm insulin ingredient starts with "insulin".
  insulin: {
    ingredients: [],
    prefixes: ['insulin'],
    source: 'PQA PDC-DR insulin exclusion via CMS Part D Star Ratings Technical Notes MY2026; NLM RxNorm ingredient names (ATC A10A)',
  },
  // PDC-RASA: ACE inhibitors, angiotensin receptor blockers and direct renin inhibitors, including combinations
  // (CMS Part D Star Ratings Technical Notes MY2026). Members: NLM RxClass ATC C09A/C09B, C09C/C09D, C09XA.
  rasa: {
    ingredients: [
      'benazepril', 'captopril', 'enalapril', 'enalaprilat', 'fosinopril', 'lisinopril', 'moexipril', 'perindopril',
      'quinapril', 'ramipril', 'trandolapril',
      'azilsartan', 'candesartan', 'eprosartan', 'irbesartan', 'losartan', 'olmesartan', 'telmisartan', 'valsartan',
      'aliskiren',
    ],
    source: 'PQA PDC-RASA class groups via CMS Part D Star Ratings Technical Notes MY2026; class members per NLM RxClass ATC C09',
  },
  // PDC-RASA denominator exclusion: any sacubitril/valsartan fill. Note the product is ALSO in `rasa` because it
  // contains valsartan; the adherence engine must apply the exclusion (the member leaves the denominator either way).
  'sacubitril-valsartan': {
    ingredients: ['sacubitril'],
    source: 'PQA PDC-RASA sacubitril/valsartan exclusion via CMS Part D Star Ratings Technical Notes MY2026',
  },
  // PDC-STA and SUPD numerator: statins and statin combinations (ezetimibe/simvastatin, amlodipine/atorvastatin,
  // niacin/lovastatin ...). Members: NLM RxClass ATC C10AA (HMG-CoA reductase inhibitors).
  statin: {
    ingredients: ['atorvastatin', 'fluvastatin', 'lovastatin', 'pitavastatin', 'pravastatin', 'rosuvastatin', 'simvastatin'],
    source: 'PQA PDC-STA / SUPD statin groups via CMS Part D Star Ratings Technical Notes MY2026; NLM RxClass ATC C10AA',
  },
  // COB (and opioid measures): opioid agonists and agonist-antagonists. Members: NLM RxClass ATC N02A plus
  // methadone/buprenorphine (N07BC) and cough-product opioids (codeine, hydrocodone, dihydrocodeine). Known
  // difference from PQA, not expressible by ingredient: PQA excludes injectables and buprenorphine products for
  // opioid use disorder; these stay in the class here (a licensed override fixes it).
  opioid: {
    ingredients: [
      'alfentanil', 'benzhydrocodone', 'buprenorphine', 'butorphanol', 'codeine', 'dihydrocodeine', 'fentanyl',
      'hydrocodone', 'hydromorphone', 'levorphanol', 'meperidine', 'methadone', 'morphine', 'nalbuphine', 'oliceridine',
      'opium', 'oxycodone', 'oxymorphone', 'pentazocine', 'remifentanil', 'sufentanil', 'tapentadol', 'tramadol',
    ],
    source: 'PQA COB opioid group via CMS Part D Star Ratings Technical Notes MY2026; NLM RxClass ATC N02A, N07BC; DEA schedules',
  },
  // COB: benzodiazepines. Members: NLM RxClass ATC N05BA, N05CD, N03AE (clobazam, clonazepam); DEA schedule IV.
  benzodiazepine: {
    ingredients: [
      'alprazolam', 'chlordiazepoxide', 'clobazam', 'clonazepam', 'clorazepate', 'diazepam', 'estazolam', 'flurazepam',
      'lorazepam', 'midazolam', 'oxazepam', 'quazepam', 'remimazolam', 'temazepam', 'triazolam',
    ],
    source: 'PQA COB benzodiazepine group via CMS Part D Star Ratings Technical Notes MY2026; NLM RxClass ATC N05BA/N05CD',
  },
  // Poly-ACH: drugs with strong anticholinergic properties per the 2023 American Geriatrics Society Beers Criteria
  // (J Am Geriatr Soc 2023;71:2052-2081, "drugs with strong anticholinergic properties" list), restated as a fact
  // list grouped by class: antihistamines; antidepressants; antimuscarinics for urinary incontinence;
  // antiparkinsonian agents; antipsychotics; antispasmodics; antiemetics; skeletal muscle relaxants.
  // Route limits Beers states: atropine, homatropine and scopolamine exclude ophthalmic use (applied via
  // excludeDoseForms). Not expressible by ingredient: Beers counts doxepin only above 6 mg/day (low-dose doxepin
  // products are still in the class here).
  anticholinergic: {
    ingredients: [
      // antihistamines (first generation)
      'brompheniramine', 'carbinoxamine', 'chlorpheniramine', 'clemastine', 'cyproheptadine', 'dexbrompheniramine',
      'dexchlorpheniramine', 'dimenhydrinate', 'diphenhydramine', 'doxylamine', 'hydroxyzine', 'meclizine', 'pyrilamine',
      'triprolidine',
      // antidepressants
      'amitriptyline', 'amoxapine', 'clomipramine', 'desipramine', 'doxepin', 'imipramine', 'nortriptyline', 'paroxetine',
      'protriptyline', 'trimipramine',
      // antimuscarinics (urinary incontinence)
      'darifenacin', 'fesoterodine', 'flavoxate', 'oxybutynin', 'solifenacin', 'tolterodine', 'trospium',
      // antiparkinsonian agents
      'benztropine', 'trihexyphenidyl',
      // antipsychotics
      'chlorpromazine', 'clozapine', 'loxapine', 'olanzapine', 'perphenazine', 'thioridazine', 'trifluoperazine',
      // antispasmodics
      'atropine', 'belladonna alkaloids', 'clidinium', 'dicyclomine', 'homatropine', 'hyoscyamine', 'methscopolamine',
      'propantheline', 'scopolamine',
      // antiemetics
      'prochlorperazine', 'promethazine',
      // skeletal muscle relaxants
      'cyclobenzaprine', 'orphenadrine',
    ],
    excludeDoseForms: ['Ophthalmic'],
    source: '2023 AGS Beers Criteria, drugs with strong anticholinergic properties (J Am Geriatr Soc 2023;71:2052-2081)',
  },
};

/** Whether one ingredient name is on a class's list (dose-form limits are checked per product, not here). */
export function ingredientInClass(ingredient: string, cls: MeasureClass): boolean {
  const list = CLASS_INGREDIENTS[cls];
  return list.ingredients.includes(ingredient)
    || (list.prefixes ?? []).some((p) => ingredient === p || ingredient.startsWith(`${p} `) || ingredient.startsWith(`${p},`));
}

export function classesForIngredients(ingredients: readonly string[], display: string): MeasureClass[] {
  return MEASURE_CLASSES.filter((cls) =>
    !CLASS_INGREDIENTS[cls].excludeDoseForms?.some((f) => display.includes(f)) && ingredients.some((i) => ingredientInClass(i, cls)));
}
