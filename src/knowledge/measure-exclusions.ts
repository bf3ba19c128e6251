// Measure exclusions recognised from ICD-10-CM diagnoses (PRODUCT.md §5.4: SUPD and COB exclusions, ESRD for all
// adherence measures). Hospice is not a diagnosis: it comes from enrollment data (the members file's hospice
// column); the database does not hold it yet. The exclusion groups are PQA's, described in words in the public measure summaries; the
// code ranges below are our own mapping to public ICD-10-CM categories (CMS ICD-10-CM 2026 tabular list).
// A licensed PQA value set would replace this table; until then results say "PQA-aligned".
import type { MemberExclusion } from '../engines/adherence/member.ts';

export const MEASURE_EXCLUSIONS_PROVENANCE = {
  source: 'PQA measure summaries (exclusion groups); ICD-10-CM 2026 categories (CMS/NCHS)',
  version: '2026.11.1',
  retrieved: '2026-11-25',
} as const;

/** [exclusion, code prefixes]: a diagnosis matches when its code (without the dot) starts with a prefix. */
const RULES: readonly [MemberExclusion, readonly string[]][] = [
  ['esrd', ['N186', 'Z992']], // end-stage renal disease; dependence on renal dialysis
  ['palliative-care', ['Z515']],
  ['cancer', ['C']], // malignant neoplasms C00-C96 (all C codes in ICD-10-CM)
  ['sickle-cell', ['D57']],
  ['liver-disease', ['K70', 'K71', 'K72', 'K73', 'K74', 'K75', 'K76', 'K77']],
  ['pregnancy-lactation-fertility', ['O', 'Z33', 'Z34', 'Z39', 'N97']],
  ['pcos', ['E282']],
  ['prediabetes', ['R7303']],
  ['rhabdomyolysis-myopathy', ['M6282', 'G720', 'G721', 'G722', 'G729', 'T796']],
];

/** Exclusions implied by a patient's ICD-10-CM diagnoses (active or not: the measures look at the year's claims). */
export function exclusionsFromDiagnoses(icd10Codes: readonly string[]): Set<MemberExclusion> {
  const found = new Set<MemberExclusion>();
  for (const raw of icd10Codes) {
    const code = raw.replace('.', '').toUpperCase();
    for (const [exclusion, prefixes] of RULES) if (prefixes.some((p) => code.startsWith(p))) found.add(exclusion);
  }
  return found;
}
