// Drug products that older US adults commonly take, for the synthetic population generator.
//
// Provenance:
// - RXCUI and display name: RxNorm SCD concepts copied from /work/shared/data/ecqm/medication-valuesets-2026.json
//   (CMS eCQM value sets, update 2025-05-08; RxNorm names and codes are public-domain NLM data) or, marked [S],
//   from the Synthea sample in /work/shared/data/synthea-sample (CC0). Where neither source lists the product
//   (levothyroxine, PPIs, inhalers, tamsulosin, most OTC, herbal and supplement products) rxcui is null and the
//   display is written in RxNorm style by hand: a wrong code is worse than none. A refresh script against a full
//   RxNorm release can fill these in later.
// - NDCs are SYNTHETIC: well-formed 11-digit (5-4-2) numbers built from labeler 99xxx and the row's index; they are
//   not looked up and must not be matched against real NDC directories.
// - monthlyCost: rough illustrative total cost (plan + patient) of a 30-day supply in USD, 2025 order of magnitude;
//   not price data. brand=true marks products without a generic (higher copay tier).
// Retrieved/compiled: 2026-01. Changelog: v1 initial table.
import type { MEDICATION_SOURCES } from '../../domain/fields.ts';

export type MedicationSource = (typeof MEDICATION_SOURCES)[number];

export type DrugProduct = {
  key: string;
  rxcui: string | null;
  display: string;
  source: MedicationSource;
  /** Therapeutic class; the generator never gives a patient two active products of one class. */
  drugClass: string;
  sig: string;
  /** Dispensed quantity for a 30-day supply (tablets, mL, g or pens). */
  per30: number;
  monthlyCost: number;
  brand?: boolean;
  /** Controlled substances are dispensed 30 days at a time. */
  controlled?: boolean;
  /** 30-day quantity packs only (pens, inhalers): never dispensed as 90 days. */
  only30?: boolean;
  /** Short courses (antibiotics, steroid bursts): one fill of per30 units lasting courseDays. */
  courseDays?: number;
};

type Row = [key: string, rxcui: string | null, display: string, drugClass: string, sig: string, per30: number, cost: number, flags?: string];

const QD = 'Take 1 tablet by mouth once daily';
const BID = 'Take 1 tablet by mouth twice daily';
const CAP = 'Take 1 capsule by mouth once daily';

// flags: b = brand only, c = controlled, p = pack/device (30-day quantities only)
const PRESCRIPTION: Row[] = [
  ['lisinopril-10', '314076', 'lisinopril 10 MG Oral Tablet', 'ace-inhibitor', QD, 30, 4],
  ['lisinopril-20', '314077', 'lisinopril 20 MG Oral Tablet', 'ace-inhibitor', QD, 30, 5],
  ['benazepril-20', '898690', 'benazepril hydrochloride 20 MG Oral Tablet', 'ace-inhibitor', QD, 30, 6],
  ['losartan-50', '979492', 'losartan potassium 50 MG Oral Tablet', 'arb', QD, 30, 6],
  ['losartan-100', '979480', 'losartan potassium 100 MG Oral Tablet', 'arb', QD, 30, 8],
  ['valsartan-160', '349201', 'valsartan 160 MG Oral Tablet', 'arb', QD, 30, 12],
  ['olmesartan-20', '349401', 'olmesartan medoxomil 20 MG Oral Tablet', 'arb', QD, 30, 10],
  ['amlodipine-5', '197361', 'amlodipine 5 MG Oral Tablet', 'dhp-ccb', QD, 30, 4],
  ['amlodipine-10', '308135', 'amlodipine 10 MG Oral Tablet', 'dhp-ccb', QD, 30, 4],
  ['hctz-25', '310798', 'hydrochlorothiazide 25 MG Oral Tablet', 'thiazide', QD, 30, 4],
  ['chlorthalidone-25', '197499', 'chlorthalidone 25 MG Oral Tablet', 'thiazide', QD, 30, 10],
  ['metoprolol-succ-50', '866436', '24 HR metoprolol succinate 50 MG Extended Release Oral Tablet', 'beta-blocker', QD, 30, 10],
  ['metoprolol-tart-25', '866924', 'metoprolol tartrate 25 MG Oral Tablet', 'beta-blocker', BID, 60, 4],
  ['carvedilol-12.5', '200032', 'carvedilol 12.5 MG Oral Tablet', 'beta-blocker', 'Take 1 tablet by mouth twice daily with food', 60, 6],
  ['diltiazem-er-180', '830845', '24 HR diltiazem hydrochloride 180 MG Extended Release Oral Capsule', 'non-dhp-ccb', CAP, 30, 25],
  ['spironolactone-25', '313096', 'spironolactone 25 MG Oral Tablet', 'mra', QD, 30, 8],
  ['furosemide-20', '310429', 'furosemide 20 MG Oral Tablet', 'loop-diuretic', 'Take 1 tablet by mouth every morning', 30, 4],
  ['furosemide-40', '313988', 'furosemide 40 MG Oral Tablet', 'loop-diuretic', 'Take 1 tablet by mouth every morning', 30, 5],
  ['torsemide-20', '198371', 'torsemide 20 MG Oral Tablet', 'loop-diuretic', 'Take 1 tablet by mouth every morning', 30, 15],
  ['sacubitril-valsartan', '1656349', 'sacubitril 49 MG / valsartan 51 MG Oral Tablet', 'arni', BID, 60, 640, 'b'],
  ['hydralazine-25', '905225', 'hydralazine hydrochloride 25 MG Oral Tablet', 'vasodilator', 'Take 1 tablet by mouth three times daily', 90, 12],
  ['doxazosin-4', '197627', 'doxazosin 4 MG Oral Tablet', 'alpha-blocker', 'Take 1 tablet by mouth at bedtime', 30, 8],
  ['terazosin-5', '313219', 'terazosin 5 MG Oral Capsule', 'alpha-blocker', 'Take 1 capsule by mouth at bedtime', 30, 10],
  ['digoxin-0.125', '197604', 'digoxin 0.125 MG Oral Tablet', 'digoxin', QD, 30, 15],
  ['atorvastatin-20', '617310', 'atorvastatin 20 MG Oral Tablet', 'statin', QD, 30, 6],
  ['atorvastatin-40', '617311', 'atorvastatin 40 MG Oral Tablet', 'statin', QD, 30, 7],
  ['atorvastatin-80', '259255', 'atorvastatin 80 MG Oral Tablet', 'statin', QD, 30, 9],
  ['rosuvastatin-10', '859747', 'rosuvastatin calcium 10 MG Oral Tablet', 'statin', QD, 30, 8],
  ['rosuvastatin-20', '859751', 'rosuvastatin calcium 20 MG Oral Tablet', 'statin', QD, 30, 9],
  ['simvastatin-20', '312961', 'simvastatin 20 MG Oral Tablet', 'statin', 'Take 1 tablet by mouth every evening', 30, 4],
  ['simvastatin-40', '198211', 'simvastatin 40 MG Oral Tablet', 'statin', 'Take 1 tablet by mouth every evening', 30, 4],
  ['pravastatin-40', '904475', 'pravastatin sodium 40 MG Oral Tablet', 'statin', QD, 30, 8],
  ['ezetimibe-10', null, 'ezetimibe 10 MG Oral Tablet', 'ezetimibe', QD, 30, 10],
  ['metformin-500', '861007', 'metformin hydrochloride 500 MG Oral Tablet', 'biguanide', 'Take 1 tablet by mouth twice daily with meals', 60, 4],
  ['metformin-1000', '861004', 'metformin hydrochloride 1000 MG Oral Tablet', 'biguanide', 'Take 1 tablet by mouth twice daily with meals', 60, 6],
  ['metformin-er-500', '860975', '24 HR metformin hydrochloride 500 MG Extended Release Oral Tablet', 'biguanide', 'Take 2 tablets by mouth once daily with the evening meal', 60, 8],
  ['glipizide-5', '310490', 'glipizide 5 MG Oral Tablet', 'sulfonylurea', 'Take 1 tablet by mouth daily before breakfast', 30, 4],
  ['glimepiride-2', '199246', 'glimepiride 2 MG Oral Tablet', 'sulfonylurea', 'Take 1 tablet by mouth daily with breakfast', 30, 5],
  ['sitagliptin-100', '665033', 'sitagliptin 100 MG Oral Tablet', 'dpp4', QD, 30, 540, 'b'],
  ['empagliflozin-10', '1545658', 'empagliflozin 10 MG Oral Tablet', 'sglt2', QD, 30, 600, 'b'],
  ['dapagliflozin-10', '1488569', 'dapagliflozin 10 MG Oral Tablet', 'sglt2', QD, 30, 590, 'b'],
  ['pioglitazone-30', '312440', 'pioglitazone 30 MG Oral Tablet', 'tzd', QD, 30, 8],
  ['semaglutide-oral-7', '2200656', 'semaglutide 7 MG Oral Tablet', 'glp1', 'Take 1 tablet by mouth once daily 30 minutes before food', 30, 980, 'b'],
  ['dulaglutide-1.5', '1551295', '0.5 ML dulaglutide 1.5 MG/ML Auto-Injector', 'glp1', 'Inject 1.5 mg under the skin once weekly', 2, 940, 'bp'],
  ['glargine-pen', '847230', '3 ML insulin glargine 100 UNT/ML Pen Injector', 'basal-insulin', 'Inject 20 units under the skin at bedtime', 15, 320, 'bp'],
  ['apixaban-5', '1364445', 'apixaban 5 MG Oral Tablet', 'doac', BID, 60, 580, 'b'],
  ['rivaroxaban-20', '1232086', 'rivaroxaban 20 MG Oral Tablet', 'doac', 'Take 1 tablet by mouth once daily with the evening meal', 30, 570, 'b'],
  ['warfarin-5', '855332', 'warfarin sodium 5 MG Oral Tablet', 'vka', 'Take as directed per INR, usually 1 tablet daily', 30, 8],
  ['clopidogrel-75', '309362', 'clopidogrel 75 MG Oral Tablet', 'p2y12', QD, 30, 6],
  ['albuterol-hfa', null, 'albuterol 0.09 MG/ACTUAT Metered Dose Inhaler', 'saba', 'Inhale 2 puffs every 4 to 6 hours as needed for wheezing', 8.5, 35, 'p'],
  ['tiotropium', null, 'tiotropium 0.018 MG Inhalation Powder Capsule', 'lama', 'Inhale the contents of 1 capsule once daily', 30, 480, 'bp'],
  ['fluticasone-salmeterol', null, 'fluticasone propionate 0.25 MG/ACTUAT / salmeterol 0.05 MG/ACTUAT Dry Powder Inhaler', 'ics-laba', 'Inhale 1 puff twice daily; rinse mouth after use', 1, 95, 'p'],
  ['montelukast-10', null, 'montelukast 10 MG Oral Tablet', 'ltra', 'Take 1 tablet by mouth every evening', 30, 8],
  ['prednisone-5', '312617', 'prednisone 5 MG Oral Tablet', 'corticosteroid', 'Take 1 tablet by mouth daily with food', 30, 5],
  ['sertraline-50', '312941', 'sertraline 50 MG Oral Tablet', 'ssri', QD, 30, 5],
  ['sertraline-100', '312938', 'sertraline 100 MG Oral Tablet', 'ssri', QD, 30, 6],
  ['escitalopram-10', '349332', 'escitalopram 10 MG Oral Tablet', 'ssri', QD, 30, 6],
  ['citalopram-20', '200371', 'citalopram 20 MG Oral Tablet', 'ssri', QD, 30, 5],
  ['bupropion-xl-150', '993541', '24 HR bupropion hydrochloride 150 MG Extended Release Oral Tablet', 'ndri', 'Take 1 tablet by mouth every morning', 30, 15],
  ['mirtazapine-15', '311725', 'mirtazapine 15 MG Oral Tablet', 'nassa', 'Take 1 tablet by mouth at bedtime', 30, 8],
  ['duloxetine-60', '596934', 'duloxetine 60 MG Delayed Release Oral Capsule', 'snri', CAP, 30, 12],
  ['venlafaxine-er-75', '313585', '24 HR venlafaxine 75 MG Extended Release Oral Capsule', 'snri', 'Take 1 capsule by mouth daily with food', 30, 12],
  ['trazodone-50', '856377', 'trazodone hydrochloride 50 MG Oral Tablet', 'sari', 'Take 1 tablet by mouth at bedtime as needed for sleep', 30, 5],
  ['buspirone-10', null, 'buspirone hydrochloride 10 MG Oral Tablet', 'azapirone', BID, 60, 8],
  ['alprazolam-0.5', '308048', 'alprazolam 0.5 MG Oral Tablet', 'benzodiazepine', 'Take 1 tablet by mouth twice daily as needed for anxiety', 60, 6, 'c'],
  ['lorazepam-0.5', '197900', 'lorazepam 0.5 MG Oral Tablet', 'benzodiazepine', 'Take 1 tablet by mouth at bedtime as needed', 30, 6, 'c'],
  ['zolpidem-5', '854876', 'zolpidem tartrate 5 MG Oral Tablet', 'z-drug', 'Take 1 tablet by mouth at bedtime as needed for sleep', 30, 6, 'c'],
  ['quetiapine-25', '312744', 'quetiapine 25 MG Oral Tablet', 'antipsychotic', 'Take 1 tablet by mouth at bedtime', 30, 8],
  ['hydroxyzine-25', '995258', 'hydroxyzine hydrochloride 25 MG Oral Tablet', 'antihistamine-1g', 'Take 1 tablet by mouth three times daily as needed for anxiety', 90, 8],
  ['donepezil-5', '997229', 'donepezil hydrochloride 5 MG Oral Tablet', 'cholinesterase-inhibitor', 'Take 1 tablet by mouth at bedtime', 30, 8],
  ['donepezil-10', '997223', 'donepezil hydrochloride 10 MG Oral Tablet', 'cholinesterase-inhibitor', 'Take 1 tablet by mouth at bedtime', 30, 8],
  ['memantine-10', '996561', 'memantine hydrochloride 10 MG Oral Tablet', 'nmda-antagonist', BID, 60, 15],
  ['gabapentin-300', '310431', 'gabapentin 300 MG Oral Capsule', 'gabapentinoid', 'Take 1 capsule by mouth three times daily', 90, 10],
  ['pregabalin-75', '483450', 'pregabalin 75 MG Oral Capsule', 'gabapentinoid', 'Take 1 capsule by mouth twice daily', 60, 20, 'c'],
  ['tramadol-50', '835603', 'tramadol hydrochloride 50 MG Oral Tablet', 'opioid', 'Take 1 tablet by mouth every 6 hours as needed for pain', 120, 10, 'c'],
  ['hydrocodone-apap-5', '857002', 'acetaminophen 325 MG / hydrocodone bitartrate 5 MG Oral Tablet', 'opioid', 'Take 1 tablet by mouth every 6 hours as needed for pain', 120, 14, 'c'],
  ['oxycodone-apap-5', '1049221', 'acetaminophen 325 MG / oxycodone hydrochloride 5 MG Oral Tablet', 'opioid', 'Take 1 tablet by mouth every 6 hours as needed for pain', 120, 18, 'c'],
  ['cyclobenzaprine-10', '828348', 'cyclobenzaprine hydrochloride 10 MG Oral Tablet', 'muscle-relaxant', 'Take 1 tablet by mouth at bedtime as needed for muscle spasm', 30, 6],
  ['meloxicam-15', null, 'meloxicam 15 MG Oral Tablet', 'nsaid', 'Take 1 tablet by mouth once daily with food', 30, 5],
  ['levothyroxine-50', null, 'levothyroxine sodium 0.05 MG Oral Tablet', 'thyroid', 'Take 1 tablet by mouth every morning on an empty stomach', 30, 9],
  ['levothyroxine-100', null, 'levothyroxine sodium 0.1 MG Oral Tablet', 'thyroid', 'Take 1 tablet by mouth every morning on an empty stomach', 30, 10],
  ['omeprazole-20', null, 'omeprazole 20 MG Delayed Release Oral Capsule', 'ppi', 'Take 1 capsule by mouth daily before breakfast', 30, 6],
  ['pantoprazole-40', null, 'pantoprazole 40 MG Delayed Release Oral Tablet', 'ppi', 'Take 1 tablet by mouth daily before breakfast', 30, 7],
  ['tamsulosin-0.4', null, 'tamsulosin hydrochloride 0.4 MG Oral Capsule', 'alpha-blocker', 'Take 1 capsule by mouth 30 minutes after the same meal each day', 30, 9],
  ['finasteride-5', null, 'finasteride 5 MG Oral Tablet', '5ari', QD, 30, 7],
  ['oxybutynin-5', null, 'oxybutynin chloride 5 MG Oral Tablet', 'antimuscarinic', BID, 60, 9],
  ['alendronate-10', '904419', 'alendronic acid 10 MG Oral Tablet', 'bisphosphonate', 'Take 1 tablet by mouth every morning with a full glass of water; stay upright 30 minutes', 30, 9],
  ['allopurinol-100', null, 'allopurinol 100 MG Oral Tablet', 'xanthine-oxidase', QD, 30, 5],
  ['potassium-chloride-20', null, 'potassium chloride 20 MEQ Extended Release Oral Tablet', 'potassium', 'Take 1 tablet by mouth daily with food', 30, 12],
];

// Short courses: [key, rxcui, display, class, sig, quantity for the course, course days, cost of the course].
const ACUTE: [string, string, string, string, string, number, number, number][] = [
  ['amoxicillin-500', '308191', 'amoxicillin 500 MG Oral Capsule', 'penicillin', 'Take 1 capsule by mouth three times daily for 10 days', 30, 10, 8],
  ['azithromycin-250', '308460', 'azithromycin 250 MG Oral Tablet', 'macrolide', 'Take 2 tablets on day 1, then 1 tablet daily on days 2 to 5', 6, 5, 10],
  ['cephalexin-500', '309114', 'cephalexin 500 MG Oral Capsule', 'cephalosporin', 'Take 1 capsule by mouth four times daily for 7 days', 28, 7, 9],
  ['nitrofurantoin-100', '1648759', 'nitrofurantoin, macrocrystals 100 MG Oral Capsule', 'nitrofuran', 'Take 1 capsule by mouth twice daily for 5 days', 10, 5, 15],
  ['smx-tmp-ds', '198335', 'sulfamethoxazole 800 MG / trimethoprim 160 MG Oral Tablet', 'sulfonamide', 'Take 1 tablet by mouth twice daily for 7 days', 14, 7, 6],
  ['levofloxacin-500', '199885', 'levofloxacin 500 MG Oral Tablet', 'fluoroquinolone', 'Take 1 tablet by mouth once daily for 7 days', 7, 7, 12],
  ['prednisone-burst', '198145', 'prednisone 10 MG Oral Tablet', 'corticosteroid', 'Take 4 tablets by mouth daily for 5 days', 20, 5, 5],
];

const OTC: Row[] = [
  ['aspirin-81', '308416', 'aspirin 81 MG Delayed Release Oral Tablet', 'antiplatelet-otc', 'Take 1 tablet by mouth once daily', 30, 2],
  ['acetaminophen-325', '313782', 'acetaminophen 325 MG Oral Tablet', 'analgesic-otc', 'Take 2 tablets by mouth every 6 hours as needed for pain', 60, 3], // [S]
  ['acetaminophen-500', null, 'acetaminophen 500 MG Oral Tablet', 'analgesic-otc', 'Take 1 to 2 tablets by mouth every 8 hours as needed for pain', 60, 4],
  ['ibuprofen-200', null, 'ibuprofen 200 MG Oral Tablet', 'nsaid', 'Take 2 tablets by mouth every 8 hours as needed for pain', 60, 4],
  ['naproxen-220', '849574', 'naproxen sodium 220 MG Oral Tablet', 'nsaid', 'Take 1 tablet by mouth every 12 hours as needed for pain', 30, 5], // [S]
  ['diphenhydramine-25', '1049909', 'diphenhydramine hydrochloride 25 MG Oral Capsule', 'antihistamine-1g', 'Take 1 capsule by mouth at bedtime as needed for sleep', 30, 3],
  ['chlorpheniramine-4', '1363309', 'chlorpheniramine maleate 4 MG Oral Tablet', 'antihistamine-1g', 'Take 1 tablet by mouth every 6 hours as needed for allergies', 30, 4],
  ['meclizine-25', '995666', 'meclizine hydrochloride 25 MG Oral Tablet', 'antihistamine-1g', 'Take 1 tablet by mouth as needed for dizziness', 20, 4],
  ['loratadine-10', null, 'loratadine 10 MG Oral Tablet', 'antihistamine-2g', 'Take 1 tablet by mouth once daily', 30, 5],
  ['omeprazole-otc-20', null, 'omeprazole 20 MG Delayed Release Oral Tablet', 'ppi', 'Take 1 tablet by mouth daily before breakfast for 14 days', 28, 9],
  ['famotidine-20', null, 'famotidine 20 MG Oral Tablet', 'h2ra', 'Take 1 tablet by mouth twice daily as needed for heartburn', 30, 6],
  ['polyethylene-glycol', null, 'polyethylene glycol 3350 17 GM Oral Powder', 'laxative', 'Mix 17 g in 8 oz of water and drink once daily as needed', 30, 10],
];

const SUPPLEMENT: Row[] = [
  ['calcium-vitd', null, 'calcium carbonate 600 MG / cholecalciferol 400 UNT Oral Tablet', 'calcium', 'Take 1 tablet by mouth twice daily with meals', 60, 5],
  ['vitamin-d3-1000', null, 'cholecalciferol 1000 UNT Oral Tablet', 'vitamin-d', 'Take 1 tablet by mouth once daily', 30, 3],
  ['ferrous-sulfate-325', '310325', 'ferrous sulfate 325 MG Oral Tablet', 'iron', 'Take 1 tablet by mouth once daily', 30, 3], // [S]
  ['fish-oil-1000', null, 'fish oil 1000 MG Oral Capsule (omega-3 fatty acids)', 'omega-3', 'Take 1 capsule by mouth daily', 30, 6],
  ['multivitamin', null, 'multivitamin with minerals Oral Tablet', 'multivitamin', 'Take 1 tablet by mouth daily', 30, 4],
  ['melatonin-3', null, 'melatonin 3 MG Oral Tablet', 'melatonin', 'Take 1 tablet by mouth at bedtime as needed for sleep', 30, 4],
  ['vitamin-b12-1000', null, 'cyanocobalamin 1000 MCG Oral Tablet', 'vitamin-b12', 'Take 1 tablet by mouth daily', 30, 4],
];

const HERBAL: Row[] = [
  ['st-johns-wort', null, "St. John's wort extract 300 MG Oral Capsule", 'st-johns-wort', 'Take 1 capsule by mouth three times daily', 90, 8],
  ['ginkgo', null, 'ginkgo biloba extract 120 MG Oral Tablet', 'ginkgo', 'Take 1 tablet by mouth daily', 30, 8],
  ['turmeric', null, 'turmeric root extract (curcumin) 500 MG Oral Capsule', 'turmeric', 'Take 1 capsule by mouth twice daily', 60, 10],
  ['garlic', null, 'garlic extract 1000 MG Oral Tablet', 'garlic', 'Take 1 tablet by mouth daily', 30, 6],
  ['saw-palmetto', null, 'saw palmetto extract 160 MG Oral Capsule', 'saw-palmetto', 'Take 1 capsule by mouth twice daily', 60, 9],
];

function toProducts(rows: Row[], source: MedicationSource): DrugProduct[] {
  return rows.map(([key, rxcui, display, drugClass, sig, per30, monthlyCost, flags = '']) => {
    const p: DrugProduct = { key, rxcui, display, source, drugClass, sig, per30, monthlyCost };
    if (flags.includes('b')) p.brand = true;
    if (flags.includes('c')) p.controlled = true;
    if (flags.includes('p')) p.only30 = true;
    return p;
  });
}

export const DRUGS: readonly DrugProduct[] = [
  ...toProducts(PRESCRIPTION, 'prescription'),
  ...ACUTE.map(([key, rxcui, display, drugClass, sig, qty, courseDays, cost]): DrugProduct => ({
    key, rxcui, display, source: 'prescription', drugClass, sig, per30: qty, monthlyCost: cost, courseDays, only30: true,
  })),
  ...toProducts(OTC, 'otc'),
  ...toProducts(SUPPLEMENT, 'supplement'),
  ...toProducts(HERBAL, 'herbal'),
];

const BY_KEY = new Map(DRUGS.map((d, i) => [d.key, { drug: d, index: i }]));

export function drug(key: string): DrugProduct {
  const e = BY_KEY.get(key);
  if (!e) throw new Error(`unknown drug key ${key}`);
  return e.drug;
}

/** Synthetic NDC (see provenance): labeler 99xxx from the row, product 0001, package 30 or 90 (bottle count). */
export function syntheticNdc(key: string, daysSupply: number): string {
  const e = BY_KEY.get(key);
  if (!e) throw new Error(`unknown drug key ${key}`);
  return `99${String(e.index + 100).padStart(3, '0')}0001${daysSupply >= 90 ? '90' : '30'}`;
}
