// One way to build a finding, so every rule reports the same fields: DTP category and group, evidence, the source
// it rests on, the SNOMED CT concept for export, and — for "could not assess" — what data is missing.
import type { DtpCategory, DtpFinding, DtpGroup, FindingEvidence, Severity, SnapshotCondition, SnapshotObservation } from '../../domain/screening.ts';
import type { Provenance } from '../../knowledge/screening/index.ts';
import type { DrugSelector } from '../../knowledge/screening/schema.ts';
import { CATEGORY_SNOMED, SNOMED, type SnomedConcept } from '../../knowledge/screening/dtp-snomed.ts';
import type { ScreenContext } from './context.ts';
import type { Match } from './select.ts';
import { dailyDoseText } from './resolve.ts';

export type Rule = {
  id: string;
  version: number;
  family: string;
  /** A necessary condition: the rule can only fire when an active medication matches this selector. Lets the
   *  screen skip most of several hundred rules with one set lookup. */
  trigger?: DrugSelector;
  evaluate(ctx: ScreenContext): DtpFinding[];
};

export const GROUP_OF: Record<DtpCategory, DtpGroup> = {
  'unnecessary-therapy': 'indication',
  'needs-additional-therapy': 'indication',
  'ineffective-drug': 'effectiveness',
  'dosage-too-low': 'effectiveness',
  'adverse-drug-reaction': 'safety',
  'dosage-too-high': 'safety',
  'non-adherence': 'adherence',
};

const KNOWN_SNOMED = new Map<string, SnomedConcept>(Object.values(SNOMED).map((c) => [c.code, c]));

export type FindingSpec = {
  rule: { id: string; version: number; family: string };
  category: DtpCategory;
  severity: Severity;
  status?: 'problem' | 'could-not-assess';
  title: string;
  summary: string;
  matches?: Match[];
  /** Ingredient names involved when no medication matched (e.g. a missing therapy names what is missing). */
  drugs?: string[];
  conditions?: SnapshotCondition[];
  observations?: SnapshotObservation[];
  facts?: string[];
  missing?: string[];
  recommendation: string;
  patientText: string;
  snomed?: string | SnomedConcept;
  provenance: Provenance;
};

export function finding(s: FindingSpec): DtpFinding {
  const matches = s.matches ?? [];
  const drugs = new Set<string>(s.drugs ?? []);
  const medications: FindingEvidence['medications'] = [];
  for (const m of matches) {
    for (const i of m.ingredients) drugs.add(i.name);
    if (medications.some((x) => x.id === m.med.med.id)) continue;
    const dose = m.ingredients.map((i) => dailyDoseText(m.med, i.name)).filter((t): t is string => t !== undefined).join(', ');
    medications.push({ id: m.med.med.id, name: m.med.med.name, ingredients: m.med.ingredients.map((i) => i.name), ...(dose ? { dailyDose: dose } : {}) });
  }
  const snomed = typeof s.snomed === 'string'
    ? KNOWN_SNOMED.get(s.snomed) ?? { code: s.snomed, display: s.title }
    : s.snomed ?? CATEGORY_SNOMED[s.category];
  const { citation, url, version, retrieved } = s.provenance;
  return {
    ruleId: s.rule.id,
    ruleVersion: s.rule.version,
    family: s.rule.family,
    category: s.category,
    group: GROUP_OF[s.category],
    severity: s.severity,
    status: s.status ?? 'problem',
    title: s.title,
    summary: s.summary,
    drugs: [...drugs].sort(),
    evidence: {
      medications,
      conditions: (s.conditions ?? []).map((c) => ({ id: c.id, text: c.text, ...(c.icd10 ?? c.snomed ? { code: c.icd10 ?? c.snomed } : {}) })),
      observations: (s.observations ?? []).map((o) => ({ id: o.id, loinc: o.loinc, ...(o.text ? { text: o.text } : {}), value: o.value, ...(o.unit ? { unit: o.unit } : {}), date: o.date })),
      facts: s.facts ?? [],
    },
    missing: s.missing ?? [],
    recommendation: s.recommendation,
    patientText: s.patientText,
    snomed: { code: snomed.code, display: snomed.display },
    source: { citation, ...(url ? { url } : {}), version, retrieved },
  };
}

/** Names of the matched medications for a summary line: "warfarin (Jantoven 5 MG) and ibuprofen 400 MG". */
export function medNames(matches: Match[]): string {
  const names = [...new Set(matches.map((m) => m.med.med.name))];
  return names.length <= 2 ? names.join(' and ') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

export function ageFact(ctx: ScreenContext): string[] {
  return ctx.age === undefined ? [] : [`age ${ctx.age}`];
}
