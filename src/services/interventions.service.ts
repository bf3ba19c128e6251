// Runs the adherence and screening engines over enrolled patients for the work queue's targeted interventions
// (issue 5): inputs are read a page of patients per statement, each patient is assessed on its own, and a patient
// whose record makes an engine throw is reported, not silently skipped and not allowed to stop the others.
import { toDay } from '../domain/days.ts';
import { DEFAULT_SETTINGS } from '../engines/adherence/member.ts';
import { measureReport, type MeasureReportItem } from '../engines/adherence/report.ts';
import { screenPatient } from '../engines/screening/index.ts';
import { assessInterventions, type InterventionAssessment } from '../engines/targeting/interventions.ts';
import type { Knowledge } from '../knowledge/screening/index.ts';
import type { Queryable } from '../store/db.ts';
import { interventionInputs } from '../store/interventions.repository.ts';
import { memberFromRecord } from './measure-member.ts';
import type { ProductClassifier } from '../jobs/product-classifier.ts';
import { chartToSnapshot } from './chart-snapshot.ts';

/** Patients per statement: large enough to amortise the statement, small enough to keep the JSON modest. */
const PAGE = 200;

export type AssessmentError = { patientId: string; engine: 'measures' | 'screening'; message: string };

export async function assessPatients(
  q: Queryable,
  orgId: string,
  patientIds: readonly string[],
  asOf: string,
  k: Knowledge,
  classify?: ProductClassifier,
): Promise<{ assessments: Map<string, InterventionAssessment>; errors: AssessmentError[] }> {
  const settings = { ...DEFAULT_SETTINGS, year: Number(asOf.slice(0, 4)) };
  const day = toDay(asOf);
  const assessments = new Map<string, InterventionAssessment>();
  const errors: AssessmentError[] = [];
  for (let i = 0; i < patientIds.length; i += PAGE) {
    for (const row of await interventionInputs(q, orgId, patientIds.slice(i, i + PAGE), asOf)) {
      let measures: MeasureReportItem[] | null = null;
      try {
        measures = measureReport(memberFromRecord(row.patientId, row.measure, classify).member, settings, day);
      } catch (err) {
        errors.push({ patientId: row.patientId, engine: 'measures', message: err instanceof Error ? err.message : String(err) });
      }
      let screening: ReturnType<typeof screenPatient> | null = null;
      try {
        screening = screenPatient(chartToSnapshot(row.patientId, row.chart), asOf, k);
      } catch (err) {
        errors.push({ patientId: row.patientId, engine: 'screening', message: err instanceof Error ? err.message : String(err) });
      }
      assessments.set(row.patientId, assessInterventions({ measures, screening, adherenceThreshold: settings.adherenceThreshold }, asOf));
    }
  }
  return { assessments, errors };
}
