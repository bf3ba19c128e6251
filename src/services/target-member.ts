// Turns a patient's stored record (store/target-inputs.repository.ts) into the Part D targeting engine's member and
// evaluates it: the database run's counterpart of what `openmtm target` reads from its three files. Drug identity
// is the file run's (jobs/drug-identifier.ts); a code it does not know counts as its own drug, with the same note.
import { isoDay, toDay, yearStart } from '../domain/days.ts';
import { targetPartdMember, type TargetMember } from '../engines/targeting/partd.ts';
import type { PartdProgram } from '../engines/targeting/program.ts';
import type { DrugIdentifier } from '../jobs/drug-identifier.ts';
import type { TargetInputs } from '../store/target-inputs.repository.ts';
import type { StoredTargetResult } from '../store/target-runs.repository.ts';

type Span = TargetInputs['coverage'][number];

/**
 * The member's Part D enrollment in the program year: the hull of their Part D / Medicare Advantage spans that
 * overlap the year (the engine takes one span; a gap between two spans in one year is not modelled), and the member
 * id of the latest of them. Undefined when no span overlaps the year.
 */
export function enrollmentInYear(coverage: readonly Span[], year: number): { start: number; end: number | undefined; memberId: string } | undefined {
  const y0 = yearStart(year);
  const y1 = yearStart(year + 1) - 1;
  const inYear = coverage.filter((c) => toDay(c.startDate) <= y1 && (c.endDate === null || toDay(c.endDate) >= y0));
  if (inYear.length === 0) return undefined;
  const open = inYear.some((c) => c.endDate === null);
  return {
    start: Math.min(...inYear.map((c) => toDay(c.startDate))),
    end: open ? undefined : Math.max(...inYear.map((c) => toDay(c.endDate!))),
    memberId: inYear[inYear.length - 1]!.memberId,
  };
}

export function targetRecord(patientId: string, inputs: TargetInputs, program: PartdProgram, asOf: number, identify: DrugIdentifier): StoredTargetResult {
  const enrollment = enrollmentInYear(inputs.coverage, program.year);
  if (!enrollment) {
    // Part D MTM is for the plan's Part D enrollees: a patient with only other coverage on record is not one.
    const why = inputs.coverage.length ? `no Part D or Medicare Advantage coverage in ${program.year}` : 'no Part D or Medicare Advantage coverage on record';
    return {
      patientId, memberId: null, eligible: false, reason: null, dateMet: null, coreDiseases: [], drugCount: 0, annualCost: null, evaluatedOn: null, notes: [why],
      decision: null, outcomes: null,
    };
  }
  let unidentified = 0;
  const fills = inputs.fills.map((f) => {
    let drug = identify({ rxcui: f.rxcui, ndc: f.ndc });
    if (drug === undefined) {
      unidentified++;
      drug = f.rxcui ? `rxcui:${f.rxcui}` : `ndc:${f.ndc}`;
    }
    return { day: toDay(f.fillDate), drug, cost: f.totalCost === null ? null : Number(f.totalCost) };
  });
  // A DMP determination that ended before the year does not target the member in it.
  const dmpAtRisk = inputs.dmpAtRiskOn !== null && (inputs.dmpAtRiskUntil === null || toDay(inputs.dmpAtRiskUntil) >= yearStart(program.year));
  const member: TargetMember = {
    id: patientId,
    enrollStart: enrollment.start,
    enrollEnd: enrollment.end,
    deathDay: inputs.deceasedDate ? toDay(inputs.deceasedDate) : undefined,
    dmpAtRisk,
    dmpDay: dmpAtRisk ? toDay(inputs.dmpAtRiskOn!) : undefined,
    fills,
    conditions: inputs.conditions.map((c) => ({ code: c.code, system: c.system === 'icd10cm' ? 'icd10' : 'snomed', onsetDay: c.onsetDate ? toDay(c.onsetDate) : undefined })),
  };
  const r = targetPartdMember(member, program, asOf);
  if (unidentified) r.notes.push(`${unidentified} fill${unidentified > 1 ? 's' : ''} with a product code the knowledge base does not know, counted as a drug by code`);
  return {
    patientId,
    memberId: enrollment.memberId,
    eligible: r.eligible,
    reason: r.reason === '' ? null : r.reason,
    dateMet: r.dateMet === undefined ? null : isoDay(r.dateMet),
    coreDiseases: r.coreDiseases,
    drugCount: r.drugCount,
    annualCost: r.annualCost,
    evaluatedOn: r.evaluatedDay === undefined ? null : isoDay(r.evaluatedDay),
    notes: r.notes,
    decision: null,
    outcomes: null,
  };
}
