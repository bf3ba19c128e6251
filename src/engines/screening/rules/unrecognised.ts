// A medication the knowledge base cannot identify is screened by no rule; say so, so the pharmacist knows the
// list was only partly checked ("could not assess" is never "no problem").
import type { Knowledge, Provenance } from '../../../knowledge/screening/index.ts';
import { finding, type Rule } from '../finding.ts';

export const UNRECOGNISED_RULE = { id: 'screen.unrecognised-medication', version: 1 } as const;

const PROVENANCE: Provenance = {
  citation: 'OpenMTM screening coverage check: medication not found in the drug dictionary or product table (src/knowledge/screening).',
  version: '1', retrieved: '2026-11-25', file: 'src/engines/screening/rules/unrecognised.ts',
};

export function unrecognisedRules(_k: Knowledge): Rule[] {
  return [{
    ...UNRECOGNISED_RULE, family: 'coverage',
    evaluate(ctx) {
      return ctx.meds.filter((m) => m.ingredients.length === 0).map((m) => finding({
        rule: { ...UNRECOGNISED_RULE, family: 'coverage' }, category: 'adverse-drug-reaction', severity: m.med.kind === undefined || m.med.kind === 'prescription' ? 'moderate' : 'low', status: 'could-not-assess',
        title: `Medication not recognised: ${m.med.name}`, drugs: [],
        summary: `${m.med.name}${m.med.rxcui ? ` (RxCUI ${m.med.rxcui})` : ''} is not in the drug dictionary; interactions, doses and Beers rules were not checked for it.`,
        missing: [`an RxNorm code or a recognised ingredient name for "${m.med.name}"`],
        recommendation: 'Identify the product (RxNorm code or ingredient) and screen it by hand or add it to a local knowledge file.',
        patientText: `Bring ${m.med.name} to your review so we can check it with your other medicines.`,
        provenance: PROVENANCE,
      }));
    },
  }];
}
