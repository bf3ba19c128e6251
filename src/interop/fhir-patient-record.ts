// FHIR patients (Synthea bulk exports, Bundle files) → OpenMTM PatientRecords, the `openmtm import` format, so
// `openmtm import-fhir` loads them through the same validated write path. Pure; reading is in fhir-r4.ts.
//
// Decisions (see also the header of fhir-r4.ts):
// - External ids are FHIR resource ids (components of a panel: "<observation id>#<LOINC>"), so re-imports skip.
// - Medication renewals collapse to one medication per RxNorm code (uncoded: per name): the latest order supplies
//   status, sig and id; startDate is the first order's. A stopped medication without an end date gets the last
//   order date as its stop date, since the record knows "stopped" only by a stop date. Everything is recorded as
//   source "prescription" (FHIR does not say OTC). Prescriber NPIs are not carried: they would have to exist as
//   prescribers in the organisation first.
// - A patient's demographics must be valid (name, full birth date) or the whole import stops, naming the place.
//   A child item that fails the record schema (a malformed SNOMED or CVX code, days' supply over 365, stop before
//   start) is dropped and reported in `warnings`; an optional field that fails (a state name instead of a code, a
//   malformed RxNorm code on a named drug) is left empty and reported. Nothing is dropped silently.
// - Active orders of a deceased patient are stopped on the date of death (Synthea leaves them active).
import type { z } from 'zod';
import { ICD10CM_PATTERN, RXCUI_PATTERN, US_STATES } from '../domain/codes.ts';
import type { FieldIssue } from '../domain/errors.ts';
import {
  allergyRecord,
  conditionRecord,
  encounterRecord,
  fillRecord,
  immunizationRecord,
  medicationRecord,
  observationRecord,
  patientRecord,
  type PatientRecord,
} from '../domain/patient-record.ts';
import { collapseMedications, FhirInputError, issueAt, listPatientIds, placeName, readFhirPatient, type FhirPatientData, type Place, type ReadOptions, type ResourceSource } from './fhir-r4.ts';

/** One input: a Bundle or array of resources (every Patient in it is converted), or an `ndjsonToBundles` result. */
export type FhirSource = { bundle: unknown; sources?: readonly ResourceSource[]; file?: string };
export type FhirConversion = { records: PatientRecord[]; warnings: FieldIssue[] };

/** Cuts text to the record's limit, marking the cut. */
function clip(s: string | undefined, max: number): string | undefined {
  if (s === undefined) return undefined;
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/** ICD-10-CM as the record stores it (with the dot): the reader keeps it without. */
const icdWithDot = (code: string) => (code.length > 3 ? `${code.slice(0, 3)}.${code.slice(3)}` : code);

/** Converts every patient of every source; throws FhirInputError on unreadable input or an invalid patient. */
export function fhirToPatientRecords(inputs: readonly FhirSource[]): FhirConversion {
  const records: PatientRecord[] = [];
  const warnings: FieldIssue[] = [];
  const seen = new Map<string, Place>();
  for (const input of inputs) {
    const opts: ReadOptions = { ...(input.sources ? { sources: input.sources } : {}), ...(input.file ? { file: input.file } : {}) };
    for (const patientId of listPatientIds(input.bundle, opts)) {
      const data = readFhirPatient(input.bundle, { ...opts, patientId });
      const first = seen.get(patientId);
      if (first) throw new FhirInputError(issueAt(data.patient.place, '/id', `Patient ${patientId} was already read from ${placeName(first)}`));
      seen.set(patientId, data.patient.place);
      warnings.push(...data.warnings);
      records.push(toRecord(data, warnings));
    }
  }
  return { records, warnings };
}

/** Validates one child item with its schema; on failure the item is dropped with a located warning. */
function keep<S extends z.ZodType>(schema: S, item: z.input<S>, place: Place, warnings: FieldIssue[], what: string): z.output<S> | undefined {
  const r = schema.safeParse(item);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  warnings.push(issueAt(place, '', `${what} not imported: ${issue.path.join('.') || 'value'}: ${issue.message}`));
  return undefined;
}

/** Child ids key idempotent re-imports and must be unique per list: a repeat is dropped with a warning. */
function unique<T extends { externalId: string }>(items: (T | undefined)[], places: Place[], warnings: FieldIssue[]): T[] {
  const ids = new Set<string>();
  return items.flatMap((item, i) => {
    if (!item) return [];
    if (ids.has(item.externalId)) {
      warnings.push(issueAt(places[i]!, '/id', `id ${item.externalId} is used twice; the first was imported`));
      return [];
    }
    ids.add(item.externalId);
    return [item];
  });
}

function toRecord(d: FhirPatientData, warnings: FieldIssue[]): PatientRecord {
  const p = d.patient;
  const optional = <T>(value: T | undefined, ok: (v: T) => boolean, sub: string, what: string): T | null => {
    if (value === undefined) return null;
    if (ok(value)) return value;
    warnings.push(issueAt(p.place, sub, `${what} ${JSON.stringify(value)} left out: not in the form the record expects`));
    return null;
  };
  const nameParts = p.nameText?.split(/\s+/) ?? [];
  const firstName = p.given[0] ?? (p.family === undefined ? nameParts[0] : undefined);
  const lastName = p.family ?? (nameParts.length > 1 ? nameParts.at(-1) : undefined);
  const language = p.language?.split('-')[0]?.toLowerCase();

  const meds = collapseMedications(d.medications, { byStatus: false });
  const medications = unique(
    meds.map((m) => {
      const rxcui = optionalCode(m.rxcui, RXCUI_PATTERN, m.place, 'RxNorm code', warnings);
      let stopDate = m.stopDate ?? null;
      let stopReason: string | null = null;
      if (m.status === 'stopped') {
        stopDate ??= m.lastStartDate ?? null;
        stopReason = `${m.resourceType} status "${m.fhirStatus}"${m.stopDate ? '' : '; stop date not recorded, last order date used'}`;
        if (stopDate === null) {
          warnings.push(issueAt(m.place, '/status', `${m.name} is ${m.fhirStatus} but has no dates, so it cannot be recorded as stopped; not imported`));
          return undefined;
        }
      } else if (p.deceasedDate !== undefined && stopDate === null) {
        stopDate = m.startDate !== undefined && m.startDate > p.deceasedDate ? m.startDate : p.deceasedDate;
        stopReason = 'Patient deceased';
      }
      return keep(medicationRecord, {
        externalId: m.id, rxcui, display: clip(m.name, 300)!, source: 'prescription', sig: clip(m.sig, 500) ?? null, indication: clip(m.indication, 300) ?? null,
        startDate: m.startDate ?? null, stopDate, stopReason,
      }, m.place, warnings, 'medication');
    }),
    meds.map((m) => m.place),
    warnings,
  );

  const conditions = unique(
    d.conditions.map((c) => {
      const icd = c.icd10 !== undefined && ICD10CM_PATTERN.test(icdWithDot(c.icd10)) ? icdWithDot(c.icd10) : undefined;
      if (c.icd10 !== undefined && icd === undefined) warnings.push(issueAt(c.place, '/code', `ICD-10-CM code "${c.icd10}" is malformed; ${c.snomed ? 'the SNOMED CT code was used' : 'not imported'}`));
      // ICD-10-CM first: the measures' exclusion logic reads ICD-10-CM diagnoses.
      const code = icd !== undefined ? { codeSystem: 'icd10cm' as const, code: icd } : c.snomed !== undefined ? { codeSystem: 'snomed' as const, code: c.snomed } : undefined;
      if (!code) {
        if (c.icd10 === undefined) warnings.push(issueAt(c.place, '/code', `condition "${c.text}" has no ICD-10-CM or SNOMED CT code; not imported`));
        return undefined;
      }
      return keep(conditionRecord, {
        externalId: c.id, ...code, display: clip(c.text, 300)!, onsetDate: c.onsetDate ?? null, abatementDate: c.abatementDate ?? null, clinicalStatus: c.clinicalStatus,
      }, c.place, warnings, 'condition');
    }),
    d.conditions.map((c) => c.place),
    warnings,
  );

  const allergies = unique(
    d.allergies.map((a) => keep(allergyRecord, {
      externalId: a.id, substance: clip(a.text, 200)!, substanceRxcui: optionalCode(a.rxcui, RXCUI_PATTERN, a.place, 'RxNorm code', warnings), kind: a.kind,
      reaction: clip(a.reaction, 300) ?? null, severity: a.severity ?? null, recordedDate: a.recordedDate ?? null,
    }, a.place, warnings, 'allergy')),
    d.allergies.map((a) => a.place),
    warnings,
  );

  const observations = unique(
    d.observations.map((o) => keep(observationRecord, {
      externalId: o.id, loinc: o.loinc, display: clip(o.text ?? `LOINC ${o.loinc}`, 200)!, valueNum: o.value ?? null, valueText: clip(o.valueText, 200) ?? null,
      unit: clip(o.unit, 40) ?? null, effectiveDate: o.date,
    }, o.place, warnings, 'observation')),
    d.observations.map((o) => o.place),
    warnings,
  );

  const encounters = unique(
    d.encounters.map((e) => keep(encounterRecord, {
      externalId: e.id, kind: e.kind, startDate: e.startDate, endDate: e.endDate ?? null, facility: clip(e.facility, 200) ?? null,
      reasonCode: clip(e.reasonCode, 20) ?? null, reason: clip(e.reason, 300) ?? null,
    }, e.place, warnings, 'encounter')),
    d.encounters.map((e) => e.place),
    warnings,
  );

  const immunizations = unique(
    d.immunizations.map((i) => keep(immunizationRecord, { externalId: i.id, cvx: i.cvx, display: clip(i.text ?? `CVX ${i.cvx}`, 200)!, administeredDate: i.date }, i.place, warnings, 'immunization')),
    d.immunizations.map((i) => i.place),
    warnings,
  );

  const fills = unique(
    d.fills.map((f) => {
      if (f.quantity === undefined) {
        warnings.push(issueAt(f.place, '/quantity', 'dispense has no quantity; not imported as a fill'));
        return undefined;
      }
      return keep(fillRecord, {
        externalId: f.id, ndc: f.ndc ?? null, rxcui: optionalCode(f.rxcui, RXCUI_PATTERN, f.place, 'RxNorm code', warnings), drugName: clip(f.name, 300)!,
        fillDate: f.date, daysSupply: f.daysSupply, quantity: f.quantity, claimStatus: 'paid',
      }, f.place, warnings, 'fill');
    }),
    d.fills.map((f) => f.place),
    warnings,
  );

  const record = patientRecord.safeParse({
    externalId: p.id,
    firstName: clip(firstName, 100),
    lastName: clip(lastName, 100),
    birthDate: p.birthDate,
    sex: p.sex ?? 'unknown',
    language: optional(language, (l) => /^[a-z]{2,3}$/.test(l), '/communication', 'language') ?? 'en',
    phone: optional(p.phone, (v) => v.length <= 30, '/telecom', 'phone'),
    email: optional(p.email, (v) => v.length <= 200, '/telecom', 'email'),
    addressLine: optional(p.addressLine, (v) => v.length <= 200, '/address', 'address line'),
    city: optional(p.city, (v) => v.length <= 100, '/address', 'city'),
    state: optional(p.state, (v) => (US_STATES as readonly string[]).includes(v), '/address', 'state'),
    postalCode: optional(p.postalCode, (v) => /^[0-9]{5}(-[0-9]{4})?$/.test(v), '/address', 'postal code'),
    deceasedDate: p.deceasedDate ?? null,
    medications, conditions, allergies, observations, encounters, immunizations, fills,
  });
  if (!record.success) {
    const issue = record.error.issues[0]!;
    const field = String(issue.path[0] ?? '');
    const sub = field === 'firstName' || field === 'lastName' ? '/name' : field === 'birthDate' ? '/birthDate' : field === 'externalId' ? '/id' : '';
    const detail = field === 'firstName' || field === 'lastName' ? 'needs a given and a family name (the record requires first and last name)' : field === 'birthDate' ? 'needs a birthDate (YYYY-MM-DD)' : `${issue.path.join('.')}: ${issue.message}`;
    throw new FhirInputError(issueAt(p.place, sub, detail));
  }
  return record.data;
}

/** An optional code that must have a shape: kept when it does, else left out (the item stays) with a warning. */
function optionalCode(code: string | undefined, pattern: RegExp, place: Place, what: string, warnings: FieldIssue[]): string | null {
  if (code === undefined) return null;
  if (pattern.test(code)) return code;
  warnings.push(issueAt(place, '', `${what} "${code}" is malformed; left out`));
  return null;
}
