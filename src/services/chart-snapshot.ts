// The chart's screening sections (store/patients.repository.ts screeningChartSql, loadChart) as the screening
// engine's snapshot. Pure. Used per patient by the chart, reviews, the work queue and panel targeting runs, so it is
// written with plain loops and module-level helpers: under tsx every function created per call is wrapped, which
// costs more than the copying itself when a run converts thousands of charts.
import type {
  PatientSnapshot, SnapshotAllergy, SnapshotCondition, SnapshotFill, SnapshotImmunization, SnapshotMedication, SnapshotObservation,
} from '../domain/screening.ts';
import type { ScreeningChartRows } from '../store/patients.repository.ts';

type Row = Record<string, unknown>;

const KINDS = new Set(['prescription', 'otc', 'herbal', 'supplement']);

/** A non-empty string, else undefined (the database's json gives null for an empty column). */
function text(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/** The date part of a json date or timestamp. */
function day(v: unknown): string | undefined {
  const s = text(v);
  return s === undefined ? undefined : s.slice(0, 10);
}

function medication(m: Row): SnapshotMedication {
  const out: SnapshotMedication = { id: String(m['id']), name: text(m['display']) ?? '', status: m['status'] === 'active' ? 'active' : 'stopped' };
  const rxcui = text(m['rxcui']);
  if (rxcui) out.rxcui = rxcui;
  const sig = text(m['sig']);
  if (sig) out.sig = sig;
  if (KINDS.has(String(m['source']))) out.kind = m['source'] as SnapshotMedication['kind'];
  const start = day(m['startDate']);
  if (start) out.startDate = start;
  const stop = day(m['stopDate']);
  if (stop) out.stopDate = stop;
  return out;
}

function condition(c: Row): SnapshotCondition {
  const out: SnapshotCondition = { id: String(c['id']), text: text(c['display']) ?? '', active: c['clinicalStatus'] === 'active' };
  if (c['codeSystem'] === 'icd10cm') out.icd10 = String(c['code']).replace('.', '');
  else out.snomed = String(c['code']);
  const onset = day(c['onsetDate']);
  if (onset) out.onsetDate = onset;
  return out;
}

function observation(o: Row): SnapshotObservation {
  const out: SnapshotObservation = { id: String(o['id']), loinc: String(o['loinc']), text: text(o['display']), value: o['valueNum'] as number, date: String(o['effectiveDate']).slice(0, 10) };
  const unit = text(o['unit']);
  if (unit) out.unit = unit;
  return out;
}

function allergy(a: Row): SnapshotAllergy {
  const out: SnapshotAllergy = { id: String(a['id']), text: text(a['substance']) ?? '' };
  const rxcui = text(a['substanceRxcui']);
  if (rxcui) out.rxcui = rxcui;
  return out;
}

function immunization(i: Row): SnapshotImmunization {
  return { id: String(i['id']), cvx: String(i['cvx']), text: text(i['display']), date: String(i['administeredDate']).slice(0, 10) };
}

function fill(f: Row): SnapshotFill {
  const out: SnapshotFill = { id: String(f['id']), name: text(f['drugName']) ?? '', date: String(f['fillDate']).slice(0, 10), daysSupply: Number(f['daysSupply']) };
  const rxcui = text(f['rxcui']);
  if (rxcui) out.rxcui = rxcui;
  const ndc = text(f['ndc']);
  if (ndc) out.ndc = ndc;
  return out;
}

/** The chart sections as the engine's snapshot (dates are ISO strings from the database's json). */
export function chartToSnapshot(patientId: string, rows: ScreeningChartRows): PatientSnapshot {
  const p = rows.patient[0] ?? {};
  const sex = text(p['sex']);
  const snapshot: PatientSnapshot = {
    id: patientId,
    sex: sex === 'female' || sex === 'male' || sex === 'other' ? sex : 'unknown',
    medications: [],
    conditions: [],
    observations: [],
    allergies: [],
    immunizations: [],
    fills: [],
  };
  const birth = day(p['birthDate']);
  if (birth) snapshot.birthDate = birth;
  for (const m of rows.medications) snapshot.medications.push(medication(m));
  for (const c of rows.conditions) snapshot.conditions.push(condition(c));
  for (const o of rows.observations) if (typeof o['valueNum'] === 'number') snapshot.observations.push(observation(o));
  for (const a of rows.allergies) snapshot.allergies.push(allergy(a));
  for (const i of rows.immunizations) snapshot.immunizations.push(immunization(i));
  for (const f of rows.fills) if (f['claimStatus'] !== 'reversed') snapshot.fills!.push(fill(f));
  return snapshot;
}
