// SNOMED CT concepts used when a DTP is exported as a PhCP Medication-Therapy Condition (PRODUCT.md C2, C10).
//
// PhCP binds Condition.code (preferred strength) to VSAC value set 2.16.840.1.113762.1.4.1096.213, whose expansion
// needs a UMLS licence; the codes below were each found together with their term in public sources (US Core,
// QI-Core, mCODE, VSAC expansions published on GitHub, tx.fhir.ch), retrieved 2026-11-25. Displays are preferred
// terms, as FHIR recommends. Where no concept specific to a DTP kind could be verified (dose too high, dose too
// low, needs additional drug therapy, duplication, renal dose adjustment, monitoring), the nearest verified
// concept is used and marked `nearest`; an organisation with VSAC access can replace any of them with a rule's
// own `snomed` field in a user knowledge file.
import type { DtpCategory } from './schema.ts';

export type SnomedConcept = { code: string; display: string; nearest?: true };

const US_EDITION_NOTE = 'US Edition concept (http://snomed.info/sct/731000124108)';

export const SNOMED = {
  drugInteraction: { code: '79899007', display: 'Drug interaction' },
  adverseReaction: { code: '62014003', display: 'Adverse reaction caused by drug' },
  contraindication: { code: '397745006', display: 'Medical contraindication' },
  notIndicated: { code: '183966005', display: 'Drug treatment not indicated' },
  notEffective: { code: '435501000124106', display: 'Medication not effective' },
  nonadherence: { code: '129834002', display: 'Noncompliance with medication regimen' },
  cannotAfford: { code: '454061000124102', display: 'Unable to afford medication' },
  needsInfluenzaVaccine: { code: '185903001', display: 'Needs influenza immunization' },
  requiresVaccination: { code: '723620004', display: 'Requires vaccination' },
} as const satisfies Record<string, SnomedConcept>;

/** Default concept per DTP category when a rule names none. */
export const CATEGORY_SNOMED: Record<DtpCategory, SnomedConcept> = {
  'unnecessary-therapy': SNOMED.notIndicated,
  'needs-additional-therapy': { ...SNOMED.notEffective, nearest: true },
  'ineffective-drug': SNOMED.notEffective,
  'dosage-too-low': { ...SNOMED.notEffective, nearest: true },
  'adverse-drug-reaction': SNOMED.adverseReaction,
  'dosage-too-high': { ...SNOMED.adverseReaction, nearest: true },
  'non-adherence': SNOMED.nonadherence,
};

export const SNOMED_NOTES = { usEdition: US_EDITION_NOTE } as const;
