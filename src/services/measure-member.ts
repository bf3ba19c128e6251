// Turns a patient's stored record (store/measures.repository.ts) into the measure engine's Member: products
// classified by the knowledge base, exclusions read from diagnoses. Shared by the chart and population runs.
import { toDay } from '../domain/days.ts';
import type { Member, MemberFill } from '../engines/adherence/member.ts';
import type { ProductClassifier } from '../jobs/product-classifier.ts';
import { classKeysForProduct } from '../knowledge/measure-classes.ts';
import { exclusionsFromDiagnoses } from '../knowledge/measure-exclusions.ts';
import type { MeasureInputs } from '../store/measures.repository.ts';

/** `classify`: the configured class lists (ServiceContext.measureClassifier); the shipped open lists by default. */
const MEDICARE_DRUG = new Set(['medicare_part_d', 'medicare_advantage']);

/**
 * The spans the continuous-enrollment rule reads: the Part D / Medicare Advantage coverage when the patient has any
 * (the star measures are Part D measures), else every drug coverage on record (a Medicaid or commercial plan running
 * the same measures over its own members). No coverage at all: enrollment not known, so the rule cannot exclude.
 */
function enrollmentSpans(spans: MeasureInputs['enrollment']): Member['enrollment'] {
  const medicare = spans.filter((e) => MEDICARE_DRUG.has(e.kind));
  const chosen = medicare.length ? medicare : spans;
  return chosen.length ? chosen.map((e) => [toDay(e.startDate), e.endDate ? toDay(e.endDate) : undefined] as const) : undefined;
}

export function memberFromRecord(patientId: string, inputs: MeasureInputs, classify: ProductClassifier = classKeysForProduct): { member: Member; unclassifiedFills: number } {
  let unclassifiedFills = 0;
  const fills: MemberFill[] = [];
  for (const f of inputs.fills) {
    const classes = classify({ rxcui: f.rxcui, ndc: f.ndc });
    if (classes === undefined) unclassifiedFills++;
    else if (Object.keys(classes).length) fills.push({ day: toDay(f.fillDate), daysSupply: f.daysSupply, classes });
  }
  const exclusions = exclusionsFromDiagnoses(inputs.icd10);
  // Hospice enrollment is not stored yet; a home palliative-care encounter (how imports and the generator record
  // hospice care) stands for it, as the members file's hospice flag does in file-based runs.
  if (inputs.hospiceEncounter) exclusions.add('hospice');
  return {
    unclassifiedFills,
    member: {
      id: patientId,
      birthDay: toDay(inputs.birthDate),
      deathDay: inputs.deceasedDate ? toDay(inputs.deceasedDate) : undefined,
      enrollment: enrollmentSpans(inputs.enrollment),
      exclusions,
      fills,
      inpatient: inputs.inpatient.map((e) => [toDay(e.startDate), toDay(e.endDate ?? e.startDate)] as const),
    },
  };
}
