// Drug–allergy conflicts: an active medication containing a recorded allergen, or in a class the allergy names
// ("penicillin allergy" with amoxicillin, "sulfa" with sulfamethoxazole). Allergy words that name a class are
// listed below; ingredient allergies are recognised by the same name matcher as medications.
import type { DtpFinding } from '../../../domain/screening.ts';
import type { Knowledge, Provenance } from '../../../knowledge/screening/index.ts';
import type { DrugClass } from '../../../knowledge/screening/drug-classes.ts';
import { SNOMED } from '../../../knowledge/screening/dtp-snomed.ts';
import type { ScreenContext } from '../context.ts';
import { finding, type Rule } from '../finding.ts';
import { ingredientsFromText } from '../resolve.ts';
import type { Match } from '../select.ts';

export const ALLERGY_RULE = { id: 'allergy.drug-allergy-conflict', version: 1 } as const;

/** Allergy wording → the drug class it refers to. */
export const ALLERGY_CLASS_WORDS: [RegExp, DrugClass][] = [
  [/\bpenicillins?\b/i, 'penicillin'],
  [/\bcephalosporins?\b/i, 'cephalosporin'],
  [/\bsulfa\b|\bsulfonamide antibiotics?\b|\bsulfonamides?\b/i, 'sulfonamide-antibiotic'],
  [/\bnsaids?\b|\bnon-?steroidal/i, 'nsaid'],
  [/\bstatins?\b/i, 'statin'],
  [/\bace inhibitors?\b/i, 'ace-inhibitor'],
  [/\bopioids?\b|\bopiates?\b/i, 'opioid'],
  [/\bfluoroquinolones?\b|\bquinolones?\b/i, 'fluoroquinolone'],
  [/\bmacrolides?\b/i, 'macrolide'],
  [/\btetracyclines?\b/i, 'tetracycline'],
];

const PROVENANCE: Provenance = {
  citation: 'Drug allergy documentation and cross-checking: Khan DA, et al. Drug allergy: a 2022 practice parameter update. J Allergy Clin Immunol 2022;150:1333–1393.',
  url: 'https://doi.org/10.1016/j.jaci.2022.08.028',
  version: '2022',
  retrieved: '2026-11-25',
  file: 'src/engines/screening/rules/allergy.ts',
};

function evaluate(ctx: ScreenContext): DtpFinding[] {
  const out: DtpFinding[] = [];
  for (const a of ctx.snapshot.allergies) {
    const byCode = a.rxcui ? ctx.knowledge.drugByRxcui.get(a.rxcui)?.name : undefined;
    const names = new Set([...(byCode ? [byCode] : []), ...ingredientsFromText(a.text, ctx.knowledge).map((i) => i.name)]);
    const classes = ALLERGY_CLASS_WORDS.filter(([re]) => re.test(a.text)).map(([, c]) => c);
    const matches: Match[] = [];
    for (const med of ctx.meds) {
      const hit = med.ingredients.filter((i) => names.has(i.name) || classes.some((c) => i.drug?.classSet.has(c)));
      if (hit.length > 0) matches.push({ med, ingredients: hit });
    }
    if (matches.length === 0) continue;
    out.push(finding({
      rule: { ...ALLERGY_RULE, family: 'allergy' }, category: 'adverse-drug-reaction', severity: 'high', title: `Medication conflicts with recorded allergy: ${a.text}`,
      matches, facts: [`allergy on record: ${a.text}`],
      summary: `${matches.map((m) => m.med.med.name).join(', ')} with a recorded allergy to ${a.text}.`,
      recommendation: 'Clarify the reaction history (allergy vs intolerance, severity, date) and contact the prescriber before the next dose; update the allergy record.',
      patientText: `You have an allergy to ${a.text} on record. Talk to your pharmacist before taking your next dose of this medicine.`,
      snomed: SNOMED.adverseReaction, provenance: PROVENANCE,
    }));
  }
  return out;
}

export function allergyRules(_k: Knowledge): Rule[] {
  return [{ ...ALLERGY_RULE, family: 'allergy', evaluate }];
}
