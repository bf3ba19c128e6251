// Hand-written golden cases: clinically specific scenarios with the numbers a pharmacist would check by hand
// (Cockcroft–Gault and CKD-EPI values, summed daily doses, MME), the 15 ONC high-priority groups with real drug
// pairs, missing-data cases, deduplication, and the rules that are code rather than data.
import type { GoldenCase } from './case.ts';

const tab = (name: string, sig = 'take 1 tablet by mouth once daily') => `${name} | ${sig}`;

export const HAND_CASES: GoldenCase[] = [
  // ---- kidney function (renal dose rules) ----
  { name: 'nitrofurantoin, 80-year-old woman 50 kg SCr 1.5 → CrCl 24 (Cockcroft–Gault)', ruleId: 'renal.nitrofurantoin', expect: 'problem', mentions: 'CrCl 24 mL/min',
    patient: { age: 80, sex: 'female', meds: [tab('nitrofurantoin 100 MG Oral Capsule', '1 capsule twice daily')], labs: [['2160-0', 1.5, 'mg/dL', 30], ['29463-7', 50, 'kg', 30]] } },
  { name: 'nitrofurantoin, SCr but no weight → could not assess (needs weight)', ruleId: 'renal.nitrofurantoin', expect: 'could-not-assess', mentions: 'body weight',
    patient: { age: 80, sex: 'female', meds: [tab('nitrofurantoin 100 MG Oral Capsule', '1 capsule twice daily')], labs: [['2160-0', 1.5, 'mg/dL', 30]] } },
  { name: 'nitrofurantoin, creatinine older than a year → could not assess', ruleId: 'renal.nitrofurantoin', expect: 'could-not-assess', mentions: 'serum creatinine',
    patient: { age: 80, sex: 'female', meds: [tab('nitrofurantoin 100 MG Oral Capsule', '1 capsule twice daily')], labs: [['2160-0', 1.5, 'mg/dL', 400], ['29463-7', 50, 'kg', 30]] } },
  { name: 'nitrofurantoin, creatinine in µmol/L converted (133 µmol/L = 1.5 mg/dL)', ruleId: 'renal.nitrofurantoin', expect: 'problem', mentions: 'CrCl 24',
    patient: { age: 80, sex: 'female', meds: [tab('nitrofurantoin 100 MG Oral Capsule', '1 capsule twice daily')], labs: [['2160-0', 132.6, 'umol/L', 30], ['29463-7', 110.2, '[lb_av]', 30]] } },
  { name: 'metformin, SCr 2.0 woman 70 → eGFR 26 (CKD-EPI 2021) → avoid', ruleId: 'renal.metformin', expect: 'problem', mentions: 'eGFR 26',
    patient: { age: 70, sex: 'female', meds: [tab('metformin hydrochloride 500 MG Oral Tablet', '1 tablet twice daily')], labs: [['2160-0', 2.0, 'mg/dL', 30]] } },
  { name: 'metformin, reported eGFR 75 → fine', ruleId: 'renal.metformin', expect: 'none',
    patient: { age: 70, meds: [tab('metformin hydrochloride 500 MG Oral Tablet', '1 tablet twice daily')], labs: [['98979-8', 75, 'mL/min/{1.73_m2}', 30]] } },
  { name: 'metformin, no sex recorded and no eGFR → could not assess', ruleId: 'renal.metformin', expect: 'could-not-assess', mentions: 'sex',
    patient: { age: 70, sex: 'unknown', meds: [tab('metformin hydrochloride 500 MG Oral Tablet', '1 tablet twice daily')], labs: [['2160-0', 2.0, 'mg/dL', 30]] } },

  // ---- dose range: summed over products, older-adult limit ----
  { name: 'two acetaminophen products 2000 + 1950 mg/day at 80 (limit 3000)', ruleId: 'dose.acetaminophen', expect: 'problem', mentions: '3950 mg/day', count: 1,
    patient: { age: 80, meds: [tab('acetaminophen 500 MG Oral Tablet', '1 tablet every 6 hours'), tab('acetaminophen 325 MG Oral Tablet', 'take 2 tablets three times a day')] } },
  { name: 'acetaminophen 2000 mg/day at 80', ruleId: 'dose.acetaminophen', expect: 'none',
    patient: { age: 80, meds: [tab('acetaminophen 500 MG Oral Tablet', '1 tablet every 6 hours')] } },

  // ---- naloxone / MME ----
  { name: 'oxycodone 10 mg q6h = 60 MME/day without naloxone', ruleId: 'gap.naloxone-opioid-risk', expect: 'problem', mentions: '60 MME/day',
    patient: { meds: [tab('oxycodone hydrochloride 10 MG Oral Tablet', '1 tablet every 6 hours')] } },
  { name: 'oxycodone 60 MME/day with naloxone nasal spray on the list', ruleId: 'gap.naloxone-opioid-risk', expect: 'none',
    patient: { meds: [tab('oxycodone hydrochloride 10 MG Oral Tablet', '1 tablet every 6 hours'), 'naloxone hydrochloride 4 MG/ACTUAT Nasal Spray | 1 spray in nostril as needed'] } },
  { name: 'oxycodone 5 mg twice daily = 15 MME/day', ruleId: 'gap.naloxone-opioid-risk', expect: 'none',
    patient: { meds: [tab('oxycodone hydrochloride 5 MG Oral Tablet', '1 tablet twice daily')] } },
  { name: 'low-dose oxycodone with alprazolam → naloxone indicated', ruleId: 'gap.naloxone-opioid-risk', expect: 'problem', severity: 'high',
    patient: { meds: [tab('oxycodone hydrochloride 5 MG Oral Tablet', '1 tablet twice daily'), tab('alprazolam 0.5 MG Oral Tablet', '1 tablet at bedtime')] } },
  { name: 'oxycodone without directions → MME could not be computed', ruleId: 'gap.naloxone-opioid-risk', expect: 'could-not-assess',
    patient: { meds: ['oxycodone hydrochloride 10 MG Oral Tablet'] } },

  // ---- adherence from fills ----
  { name: 'lisinopril filled 3 × 30 days over 170 days → PDC 53%', ruleId: 'adherence.pdc-refill-gap', expect: 'problem', mentions: 'PDC 5',
    patient: { meds: [tab('lisinopril 10 MG Oral Tablet')], fills: [['lisinopril 10 MG Oral Tablet', 170, 30], ['lisinopril 10 MG Oral Tablet', 120, 30], ['lisinopril 10 MG Oral Tablet', 60, 30]] } },
  { name: 'lisinopril filled every 30 days', ruleId: 'adherence.pdc-refill-gap', expect: 'none',
    patient: { meds: [tab('lisinopril 10 MG Oral Tablet')], fills: [150, 120, 90, 60, 30, 1].map((d): [string, number, number] => ['lisinopril 10 MG Oral Tablet', d, 30]) } },
  { name: 'no fill history → adherence could not be assessed', ruleId: 'adherence.pdc-refill-gap', expect: 'could-not-assess',
    patient: { meds: [tab('lisinopril 10 MG Oral Tablet')] } },

  // ---- allergy, unrecognised medication ----
  { name: 'penicillin allergy with amoxicillin/clavulanate', ruleId: 'allergy.drug-allergy-conflict', expect: 'problem', severity: 'high',
    patient: { meds: ['Amoxicillin 250 MG / Clavulanate 125 MG Oral Tablet | 1 tablet every 8 hours'], allergies: ['Penicillin'] } },
  { name: 'sulfa allergy with sulfamethoxazole/trimethoprim', ruleId: 'allergy.drug-allergy-conflict', expect: 'problem',
    patient: { meds: ['sulfamethoxazole 800 MG / trimethoprim 160 MG Oral Tablet | 1 tablet twice daily'], allergies: ['Sulfa drugs'] } },
  { name: 'tree nut allergy with atorvastatin', ruleId: 'allergy.drug-allergy-conflict', expect: 'none',
    patient: { meds: [tab('atorvastatin 20 MG Oral Tablet')], allergies: ['Tree nut (substance)'] } },
  { name: 'unknown product name is reported, not ignored', ruleId: 'screen.unrecognised-medication', expect: 'could-not-assess',
    patient: { meds: ['Zorblax 10 mg tablet | 1 daily'] } },

  // ---- cost ----
  { name: 'Plavix 75 mg (RxCUI 213169) where generic clopidogrel 75 mg (309362) exists', ruleId: 'cost.brand-with-generic', expect: 'problem', mentions: '309362',
    patient: { meds: [{ name: 'clopidogrel 75 MG Oral Tablet [Plavix]', rxcui: '213169', sig: '1 tablet daily' }] } },
  { name: 'generic clopidogrel 75 mg', ruleId: 'cost.brand-with-generic', expect: 'none',
    patient: { meds: [{ name: 'clopidogrel 75 MG Oral Tablet', rxcui: '309362', sig: '1 tablet daily' }] } },
  { name: 'a brand name typed as text is not judged without its product code', ruleId: 'cost.brand-with-generic', expect: 'none',
    patient: { meds: ['Plavix 75 mg tablet | 1 daily'] } },

  // ---- burden rules ----
  { name: 'sertraline + zolpidem + oxycodone at 75 → 3 CNS-active drugs', ruleId: 'beers.cns-active-3-or-more', expect: 'problem',
    patient: { age: 75, meds: [tab('sertraline 50 MG Oral Tablet'), tab('zolpidem tartrate 5 MG Oral Tablet', '1 tablet at bedtime'), tab('oxycodone hydrochloride 5 MG Oral Tablet', '1 tablet twice daily')] } },
  { name: 'sertraline + zolpidem at 75 → 2 CNS-active drugs', ruleId: 'beers.cns-active-3-or-more', expect: 'none',
    patient: { age: 75, meds: [tab('sertraline 50 MG Oral Tablet'), tab('zolpidem tartrate 5 MG Oral Tablet', '1 tablet at bedtime')] } },
  { name: 'diphenhydramine + oxybutynin → anticholinergic burden ≥ 3', ruleId: 'beers.anticholinergic-burden', expect: 'problem',
    patient: { age: 78, meds: [tab('diphenhydramine hydrochloride 25 MG Oral Capsule', '1 capsule at bedtime'), tab('oxybutynin chloride 5 MG Oral Tablet', '1 tablet twice daily')] } },

  // ---- missing therapy ----
  { name: 'type 2 diabetes at 60 on metformin, no statin', ruleId: 'gap.statin-diabetes', expect: 'problem',
    patient: { age: 60, conditions: ['E11.9'], meds: [tab('metformin hydrochloride 500 MG Oral Tablet', '1 tablet twice daily')] } },
  { name: 'type 2 diabetes at 80, no statin (outside 40–75)', ruleId: 'gap.statin-diabetes', expect: 'none',
    patient: { age: 80, conditions: ['E11.9'] } },
  { name: 'diabetes (SNOMED 44054006) with hypertension, no ACE inhibitor/ARB', ruleId: 'gap.raas-diabetes-hypertension', expect: 'problem',
    patient: { conditions: ['sct:44054006', 'sct:59621000'], meds: [tab('amlodipine 5 MG Oral Tablet')] } },
  { name: 'asthma with albuterol only', ruleId: 'gap.asthma-controller', expect: 'problem',
    patient: { conditions: ['J45.909'], meds: ['albuterol 0.09 MG/ACTUAT Metered Dose Inhaler | 2 puffs every 4 hours as needed'] } },

  // ---- monitoring, labs, vaccines ----
  { name: 'warfarin, last INR 100 days ago', ruleId: 'monitor.inr-warfarin', expect: 'problem',
    patient: { meds: [tab('warfarin sodium 5 MG Oral Tablet')], labs: [['6301-6', 2.5, '{INR}', 100]] } },
  { name: 'warfarin, INR 30 days ago', ruleId: 'monitor.inr-warfarin', expect: 'none',
    patient: { meds: [tab('warfarin sodium 5 MG Oral Tablet')], labs: [['6301-6', 2.5, '{INR}', 30]] } },
  { name: 'lisinopril with potassium 5.9', ruleId: 'lab.potassium-high-raas', expect: 'problem', severity: 'high',
    patient: { meds: [tab('lisinopril 20 MG Oral Tablet')], labs: [['2823-3', 5.9, 'mmol/L', 5]] } },
  { name: 'influenza vaccine given 2026-09-15 counts for the 2026–27 season', ruleId: 'vaccine.influenza', expect: 'none',
    patient: { immunizations: [['140', 71]] } },
  { name: 'influenza vaccine given last March does not count for this season', ruleId: 'vaccine.influenza', expect: 'problem', mentions: 'since 2026-08-01',
    patient: { immunizations: [['140', 260]] } },
  { name: 'one recombinant zoster dose of two', ruleId: 'vaccine.zoster', expect: 'problem', mentions: '1 of 2',
    patient: { age: 66, immunizations: [['187', 200]] } },

  // ---- resolution paths ----
  { name: 'uncoded text "Lisinopril 20mg tab" resolves by name (potassium alert fires)', ruleId: 'lab.potassium-high-raas', expect: 'problem',
    patient: { meds: ['Lisinopril 20mg tab | 1 tab po qd'], labs: [['2823-3', 6.1, 'mmol/L', 5]] } },
  { name: 'brand-only name "Eliquis 5 mg" resolves to apixaban (renal rule applies)', ruleId: 'renal.apixaban', expect: 'could-not-assess',
    patient: { meds: ['Eliquis 5 mg tablet | 1 tab bid'] } },
  { name: 'RxNorm brand concept 1364436 (Eliquis) resolves to apixaban', ruleId: 'renal.apixaban', expect: 'could-not-assess',
    patient: { meds: [{ name: 'Eliquis', rxcui: '1364436' }] } },

  // ---- duplication ----
  { name: 'sertraline + escitalopram', ruleId: 'dup.ssri', expect: 'problem', drugs: ['escitalopram', 'sertraline'],
    patient: { meds: [tab('sertraline 50 MG Oral Tablet'), tab('escitalopram 10 MG Oral Tablet')] } },
  { name: 'basal + bolus insulin is a legitimate regimen', ruleId: 'dup.insulin', expect: 'none',
    patient: { meds: ['insulin glargine 100 UNT/ML Pen Injector | 20 units at bedtime', 'insulin lispro 100 UNT/ML Pen Injector | 6 units with meals'] } },
  { name: 'the same statin listed twice (EHR and claims)', ruleId: 'dup.statin', expect: 'problem', count: 1,
    patient: { meds: [tab('atorvastatin 20 MG Oral Tablet'), tab('atorvastatin 40 MG Oral Tablet')] } },

  // ---- interactions with real products and doses ----
  { name: 'simvastatin 40 mg with amlodipine (cap 20 mg)', ruleId: 'ddi.simvastatin-over-20mg-amlodipine-amiodarone-ranolazine', expect: 'problem', mentions: 'simvastatin 40 mg/day',
    patient: { meds: [tab('simvastatin 40 MG Oral Tablet', '1 tablet at bedtime'), tab('amlodipine 5 MG Oral Tablet')] } },
  { name: 'simvastatin 20 mg with amlodipine is within the cap', ruleId: 'ddi.simvastatin-over-20mg-amlodipine-amiodarone-ranolazine', expect: 'none',
    patient: { meds: [tab('simvastatin 20 MG Oral Tablet', '1 tablet at bedtime'), tab('amlodipine 5 MG Oral Tablet')] } },
  { name: 'Synthea simvastatin 10 MG (RxCUI 314231) 4 tablets daily with amlodipine', ruleId: 'ddi.simvastatin-over-20mg-amlodipine-amiodarone-ranolazine', expect: 'problem',
    patient: { meds: [{ name: 'Simvastatin 10 MG Oral Tablet', rxcui: '314231', doseQuantity: 4, timesPerDay: 1 }, tab('amlodipine 10 MG Oral Tablet')] } },
  { name: 'clopidogrel with omeprazole', ruleId: 'ddi.clopidogrel-omeprazole-esomeprazole', expect: 'problem', drugs: ['clopidogrel', 'omeprazole'],
    patient: { meds: [tab('clopidogrel 75 MG Oral Tablet'), tab('omeprazole 20 MG Delayed Release Oral Capsule')] } },
  { name: 'clopidogrel with pantoprazole is not the CYP2C19 interaction', ruleId: 'ddi.clopidogrel-omeprazole-esomeprazole', expect: 'none',
    patient: { meds: [tab('clopidogrel 75 MG Oral Tablet'), tab('pantoprazole 40 MG Delayed Release Oral Tablet')] } },
  { name: 'sildenafil with isosorbide mononitrate', ruleId: 'ddi.pde5-inhibitor-nitrate', expect: 'problem', severity: 'high',
    patient: { meds: [tab('sildenafil 50 MG Oral Tablet', '1 tablet as needed'), tab('isosorbide mononitrate 30 MG Extended Release Oral Tablet')] } },
  { name: 'methotrexate with sulfamethoxazole/trimethoprim', ruleId: 'ddi.methotrexate-trimethoprim', expect: 'problem',
    patient: { meds: ['methotrexate 2.5 MG Oral Tablet | 6 tablets once weekly', 'sulfamethoxazole 800 MG / trimethoprim 160 MG Oral Tablet | 1 tablet twice daily'] } },
  { name: 'lithium with lisinopril', ruleId: 'ddi.lithium-ras', expect: 'problem',
    patient: { meds: ['lithium carbonate 300 MG Oral Capsule | 1 capsule three times a day', tab('lisinopril 10 MG Oral Tablet')] } },
  { name: 'warfarin with naproxen (oral)', ruleId: 'ddi.warfarin-nsaid', expect: 'problem', severity: 'high',
    patient: { meds: [tab('warfarin sodium 5 MG Oral Tablet'), tab('naproxen 500 MG Oral Tablet', '1 tablet twice daily')] } },
  { name: 'warfarin with topical diclofenac gel', ruleId: 'ddi.warfarin-nsaid', expect: 'none',
    patient: { meds: [tab('warfarin sodium 5 MG Oral Tablet'), 'diclofenac sodium 10 MG/ML Topical Gel | apply to knees four times a day'] } },
  { name: 'hydrocodone/acetaminophen with lorazepam', ruleId: 'ddi.opioid-benzodiazepine', expect: 'problem',
    patient: { meds: ['acetaminophen 325 MG / hydrocodone bitartrate 5 MG Oral Tablet | 1 tablet every 6 hours as needed', tab('lorazepam 1 MG Oral Tablet', '1 tablet at bedtime')] } },

  // ---- statin intensity ----
  { name: 'ASCVD at 65 on atorvastatin 10 mg (moderate intensity)', ruleId: 'gap.statin-intensity-ascvd', expect: 'problem', mentions: 'moderate',
    patient: { age: 65, conditions: ['I25.10'], meds: [tab('atorvastatin 10 MG Oral Tablet')] } },
  { name: 'ASCVD at 65 on atorvastatin 40 mg (high intensity)', ruleId: 'gap.statin-intensity-ascvd', expect: 'none',
    patient: { age: 65, conditions: ['I25.10'], meds: [tab('atorvastatin 40 MG Oral Tablet')] } },
  { name: 'ASCVD at 80 on moderate intensity (over 75: moderate is reasonable)', ruleId: 'gap.statin-intensity-ascvd', expect: 'none',
    patient: { age: 80, conditions: ['I25.10'], meds: [tab('atorvastatin 10 MG Oral Tablet')] } },
  { name: 'ASCVD at 65 on a statin without directions', ruleId: 'gap.statin-intensity-ascvd', expect: 'could-not-assess',
    patient: { age: 65, conditions: ['I25.10'], meds: ['atorvastatin 10 MG Oral Tablet'] } },

  // ---- Beers ----
  { name: 'diphenhydramine at 70', ruleId: 'beers.avoid.first-gen-antihistamines', expect: 'problem',
    patient: { age: 70, meds: [tab('diphenhydramine hydrochloride 25 MG Oral Capsule', '1 capsule at bedtime')] } },
  { name: 'naproxen with heart failure at 72', ruleId: 'beers.dd.heart-failure-nsaid', expect: 'problem',
    patient: { age: 72, conditions: ['I50.22'], meds: [tab('naproxen sodium 220 MG Oral Tablet', '1 tablet twice daily')] } },
];
