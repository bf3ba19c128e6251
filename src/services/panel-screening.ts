// Drug therapy problems for a panel program's DTP severity criterion (engines/targeting/panel.ts): the screening
// engine — the one the chart, reviews and the work queue run, with the configured knowledge — over the chart as it
// stood on the as-of day. Pure. Called once per patient of a run: plain loops and module-level helpers, no
// closures created per call (see chart-snapshot.ts).
import type { PatientSnapshot, ScreeningResult } from '../domain/screening.ts';
import { screenPatient, type Rule } from '../engines/screening/index.ts';
import type { DtpFacts } from '../engines/targeting/panel.ts';
import type { Knowledge } from '../knowledge/screening/index.ts';
import type { ScreeningChartRows } from '../store/patients.repository.ts';
import { chartToSnapshot } from './chart-snapshot.ts';

/**
 * The chart as it was known on the day: a medication started, a condition with an onset, a vaccine given or a fill
 * dated after it had not happened yet (a run as of a past day). Medications stopped by the day arrive as stopped
 * (the chart statement takes the day) and later labs are ignored by the engine itself.
 */
export function snapshotOnDay(s: PatientSnapshot, day: string): PatientSnapshot {
  const medications: PatientSnapshot['medications'] = [];
  for (const m of s.medications) if (m.startDate === undefined || m.startDate <= day) medications.push(m);
  const conditions: PatientSnapshot['conditions'] = [];
  for (const c of s.conditions) if (c.onsetDate === undefined || c.onsetDate <= day) conditions.push(c);
  const immunizations: PatientSnapshot['immunizations'] = [];
  for (const i of s.immunizations) if (i.date <= day) immunizations.push(i);
  const out: PatientSnapshot = { ...s, medications, conditions, immunizations };
  if (s.fills) {
    const fills: NonNullable<PatientSnapshot['fills']> = [];
    for (const f of s.fills) if (f.date <= day) fills.push(f);
    out.fills = fills;
  }
  return out;
}

/** The problems a result lists (never its could-not-assess findings) and the rules that threw, each once. */
export function dtpFacts(r: ScreeningResult): DtpFacts {
  const problems: { title: string; severity: DtpFacts['problems'][number]['severity'] }[] = [];
  for (const f of r.findings) if (f.status === 'problem') problems.push({ title: f.title, severity: f.severity });
  const failedRules: string[] = [];
  for (const e of r.errors) if (!failedRules.includes(e.ruleId)) failedRules.push(e.ruleId);
  return { problems, failedRules };
}

export type PanelScreen = {
  /** null when the screen could not run at all for this patient. */
  dtps: DtpFacts | null;
  /** What went wrong, for the result's notes: each failed rule with its message, or why the screen did not run. */
  errors: string[];
};

/** Screens one patient's chart on the day. `rules` defaults to the knowledge base's enabled rules; tests pass their own. */
export function screenOnDay(patientId: string, chart: ScreeningChartRows, day: string, knowledge: Knowledge, rules?: readonly Rule[]): PanelScreen {
  let result: ScreeningResult;
  try {
    result = screenPatient(snapshotOnDay(chartToSnapshot(patientId, chart), day), day, knowledge, rules);
  } catch (err) {
    return { dtps: null, errors: [`drug therapy problems could not be screened: ${err instanceof Error ? err.message : String(err)}`] };
  }
  const errors: string[] = [];
  for (const e of result.errors) errors.push(`screening rule ${e.ruleId} failed: ${e.message}`);
  return { dtps: dtpFacts(result), errors };
}
