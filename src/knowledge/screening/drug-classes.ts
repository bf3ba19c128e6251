// The drug class vocabulary of the screening knowledge base. Every class an ingredient can carry in drugs.json and
// every class a rule can name is listed here, so a typo in a knowledge file is a load error, not a silent miss.
// A class is pharmacologic or therapeutic; an ingredient carries all that apply (sertraline: ssri, serotonergic,
// antidepressant). Umbrella classes (anticoagulant, antidepressant, nsaid, diuretic) are listed on the ingredient
// explicitly rather than derived, so the data file is the whole truth.

export const DRUG_CLASSES = [
  // cardiovascular
  'statin', 'ace-inhibitor', 'arb', 'arni', 'renin-inhibitor', 'beta-blocker', 'ccb-dihydropyridine', 'ccb-nondihydropyridine',
  'thiazide', 'loop-diuretic', 'potassium-sparing-diuretic', 'mineralocorticoid-antagonist', 'diuretic', 'alpha-blocker',
  'central-alpha-agonist', 'vasodilator', 'nitrate', 'pde5-inhibitor', 'antiarrhythmic', 'digoxin', 'ezetimibe', 'pcsk9-inhibitor',
  'fibrate', 'niacin', 'omega-3',
  // antithrombotic
  'anticoagulant', 'vka', 'doac', 'heparin', 'antiplatelet', 'p2y12-inhibitor', 'aspirin',
  // diabetes
  'antidiabetic', 'biguanide', 'sulfonylurea', 'meglitinide', 'dpp4-inhibitor', 'glp1-ra', 'sglt2-inhibitor', 'thiazolidinedione',
  'alpha-glucosidase-inhibitor', 'insulin', 'insulin-basal', 'insulin-bolus', 'insulin-premixed',
  // pain / musculoskeletal
  'nsaid', 'cox2-inhibitor', 'opioid', 'opioid-long-acting', 'opioid-antagonist', 'skeletal-muscle-relaxant', 'gabapentinoid',
  'acetaminophen', 'triptan', 'gout-urate-lowering', 'colchicine', 'bisphosphonate', 'corticosteroid-systemic',
  // CNS
  'benzodiazepine', 'z-drug', 'barbiturate', 'antidepressant', 'ssri', 'snri', 'tca', 'maoi', 'serotonergic', 'antipsychotic',
  'antipsychotic-first-gen', 'antipsychotic-second-gen', 'anticonvulsant', 'lithium', 'stimulant', 'cholinesterase-inhibitor',
  'nmda-antagonist', 'antiparkinson', 'dopamine-agonist', 'sedating-antihistamine', 'antihistamine', 'antiemetic',
  'cns-depressant',
  // respiratory
  'saba', 'laba', 'lama', 'sama', 'ics', 'ltra', 'methylxanthine',
  // GI / GU
  'ppi', 'h2-blocker', 'antispasmodic-gi', 'urinary-antimuscarinic', 'beta3-agonist', 'alpha-reductase-inhibitor', 'laxative',
  'antidiarrheal',
  // anti-infective
  'antibiotic', 'macrolide', 'fluoroquinolone', 'tetracycline', 'sulfonamide-antibiotic', 'trimethoprim', 'azole-antifungal',
  'rifamycin', 'nitrofurantoin', 'penicillin', 'cephalosporin', 'antiviral',
  // endocrine / other
  'thyroid', 'antithyroid', 'estrogen', 'progestin', 'contraceptive', 'androgen', 'potassium-supplement', 'iron-supplement',
  'calcium-supplement', 'vitamin-d', 'immunosuppressant', 'methotrexate', 'antineoplastic', 'ergot-alkaloid', 'melatonin-agonist',
  'vasopressin-analogue', 'growth-hormone', 'antiadrenergic', 'decongestant', 'adhd-nonstimulant', 'hiv-protease-inhibitor',
  'opioid-short-acting', 'smoking-cessation', 'antimalarial', 'urinary-analgesic', 'bile-acid-sequestrant', 'serm',
  // interaction mechanism classes (a drug is listed when the interaction literature names it as such)
  'strong-cyp3a4-inhibitor', 'moderate-cyp3a4-inhibitor', 'strong-cyp3a4-inducer', 'strong-cyp2d6-inhibitor',
  'cyp2c19-inhibitor', 'pgp-inhibitor', 'qt-prolonging', 'hyperkalemia-risk', 'bleeding-risk', 'hypoglycemia-risk',
] as const;

export type DrugClass = (typeof DRUG_CLASSES)[number];
