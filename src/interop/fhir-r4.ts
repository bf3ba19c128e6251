// FHIR R4 in, one patient's clinical data out. A Bundle (collection/transaction/batch/searchset/document), a bare
// array of resources, or a bulk-export NDJSON set grouped per patient by `ndjsonToBundles` is read into
// `FhirPatientData`; `bundleToSnapshot` turns that into the screening engine's PatientSnapshot and
// fhir-patient-record.ts turns the same reading into import records, so both paths agree on every rule below.
// Pure: JSON and text in, values out (files are read in src/jobs).
//
// Why the conventions are what they are:
// - Dates keep the calendar day as written (first 10 characters of a dateTime). Converting to the server's time
//   zone would move Synthea's "23:58:16-04:00" orders to the next day. Partial clinical dates (YYYY, YYYY-MM)
//   become the first day of the period, the usual reading for "started in 2019"; a partial birth date is refused
//   because age-based rules (Beers, renal dosing) would be off by up to a year without anyone noticing.
// - Input that would make the reading wrong throws FhirInputError, naming the place ("entry[3].resource.code")
//   and the JSON pointer; input we merely cannot use (no numeric value, unknown resource types, an immunization
//   without a CVX code) is skipped, with a warning when a person importing the data would want to know.
// - Codes are passed through as written (trimmed); their shapes are checked where they are stored
//   (fhir-patient-record.ts), since the screening engine only compares them with its own lists.
//
// Where things are: fhir-json.ts (places, errors, JSON access, dates), fhir-read-context.ts (the Read* shapes and
// the reader contract), fhir-medications.ts and fhir-dosage.ts, fhir-clinical-readers.ts, fhir-ndjson.ts. This file
// locates resources, picks the patient, dispatches each resource to its reader and builds the snapshot; it
// re-exports the public pieces so importers need only this module.
import type { FieldIssue } from '../domain/errors.ts';
import type { PatientSnapshot, SnapshotAllergy, SnapshotCondition, SnapshotFill, SnapshotImmunization, SnapshotMedication, SnapshotObservation } from '../domain/screening.ts';
import { readAllergy, readCondition, readEncounter, readImmunization, readObservation } from './fhir-clinical-readers.ts';
import { arr, compact, fail, fhirDate, isObj, issueAt, obj, patientRefOf, str, type Located, type Place } from './fhir-json.ts';
import { collapseMedications, readDispense, readMedication } from './fhir-medications.ts';
import { warn, type Context, type FhirPatientData, type ReadOptions, type Reader, type ReadPatient } from './fhir-read-context.ts';

export { FHIR_SYSTEMS, FhirInputError, issueAt, placeName, type Place } from './fhir-json.ts';
export { collapseMedications } from './fhir-medications.ts';
export { ndjsonToBundles, type FhirBundle, type NdjsonFile, type PatientBundle } from './fhir-ndjson.ts';
export type {
  FhirPatientData, ReadAllergy, ReadCondition, ReadEncounter, ReadFill, ReadImmunization, ReadMedication, ReadObservation, ReadOptions, ReadPatient, ResourceSource,
} from './fhir-read-context.ts';

// ---------------------------------------------------------------------------------------------------------------
// Locating resources

const BUNDLE_TYPES = ['collection', 'transaction', 'batch', 'searchset', 'document'];

function locate(json: unknown, opts: ReadOptions): Located[] {
  const root: Place = { base: opts.file ? `/${opts.file}` : '', label: opts.file ?? '', path: '', ref: 'input' };
  const items: { value: unknown; fullUrl?: string; place: Place }[] = [];
  const placeOf = (i: number, base: string, path: string): Place => {
    const s = opts.sources?.[i];
    return s ? { base: `/${s.file}/${s.line}`, label: `${s.file} line ${s.line}`, path: '', ref: '' } : { ...root, base: root.base + base, path, ref: '' };
  };
  if (Array.isArray(json)) json.forEach((value, i) => items.push({ value, place: placeOf(i, `/${i}`, `[${i}]`) }));
  else if (isObj(json) && json.resourceType === 'Bundle') {
    const bundle: Place = { ...root, ref: 'Bundle' };
    if (typeof json.type !== 'string' || !BUNDLE_TYPES.includes(json.type)) fail(bundle, '/type', `expected a Bundle of type ${BUNDLE_TYPES.join(', ')}, got ${JSON.stringify(json.type ?? null)}`);
    if (json.entry !== undefined && !Array.isArray(json.entry)) fail(bundle, '/entry', 'expected an array of entries');
    arr(json.entry).forEach((e, i) => {
      if (!isObj(e)) fail(bundle, `/entry/${i}`, 'expected an entry object');
      // Entries without a resource (a transaction DELETE, a search outcome) carry nothing to read.
      if (e.resource !== undefined) items.push({ value: e.resource, fullUrl: str(e.fullUrl), place: placeOf(i, `/entry/${i}/resource`, `entry[${i}].resource`) });
    });
  } else {
    fail(root, isObj(json) ? '/resourceType' : '', `expected a FHIR Bundle or an array of resources${isObj(json) ? `, got resourceType ${JSON.stringify(json.resourceType ?? null)}` : ''}`);
  }
  return items.map(({ value, fullUrl, place }) => {
    if (!isObj(value)) fail({ ...place, ref: 'resource' }, '', 'expected a resource object');
    if (typeof value.resourceType !== 'string') fail({ ...place, ref: 'resource' }, '/resourceType', `resourceType must be a string, got ${JSON.stringify(value.resourceType ?? null)}`);
    const id = str(value.id);
    return { r: value, type: value.resourceType, id, fullUrl, place: { ...place, ref: id ? `${value.resourceType}/${id}` : value.resourceType } };
  });
}

/** The same resource twice (merged search pages, repeated exports) is read once. */
function dedupe(all: Located[], warnings: FieldIssue[]): Located[] {
  const seen = new Set<string>();
  return all.filter((l) => {
    if (!l.id) return true;
    const key = `${l.type}/${l.id}`;
    if (!seen.has(key)) {
      seen.add(key);
      return true;
    }
    warnings.push(issueAt(l.place, '', `${key} appears more than once; the first copy was read`));
    return false;
  });
}

/** The ids of the Patient resources in a Bundle or array, in order. */
export function listPatientIds(json: unknown, opts: ReadOptions = {}): string[] {
  return locate(json, opts).filter((l) => l.type === 'Patient').map((l) => l.id ?? fail(l.place, '/id', 'a Patient needs an id'));
}

function choosePatient(patients: Located[], wanted: string | undefined, opts: ReadOptions): Located {
  const root: Place = { base: opts.file ? `/${opts.file}` : '', label: opts.file ?? '', path: '', ref: 'input' };
  for (const p of patients) if (!p.id) fail(p.place, '/id', 'a Patient needs an id');
  const ids = patients.map((p) => p.id).join(', ');
  if (patients.length === 0) fail(root, '', 'contains no Patient resource');
  if (wanted !== undefined) return patients.find((p) => p.id === wanted) ?? fail(root, '', `has no Patient with id "${wanted}" (it has ${ids})`);
  if (patients.length > 1) fail(root, '', `contains ${patients.length} Patient resources (${ids}); choose one with patientId`);
  return patients[0]!;
}

function refersTo(ref: string, p: Located): boolean {
  if (p.fullUrl !== undefined && ref === p.fullUrl) return true;
  return /(?:^|\/)Patient\/([^/]+)(?:\/_history\/[^/]+)?$/.exec(ref)?.[1] === p.id;
}

// ---------------------------------------------------------------------------------------------------------------
// The reading

/** Reads one patient and everything that refers to it. Throws FhirInputError on input that cannot be read correctly. */
export function readFhirPatient(json: unknown, opts: ReadOptions = {}): FhirPatientData {
  const warnings: FieldIssue[] = [];
  const resources = dedupe(locate(json, opts), warnings);
  const patients = resources.filter((l) => l.type === 'Patient');
  const chosen = choosePatient(patients, opts.patientId, opts);
  const medications = new Map<string, Located>();
  for (const l of resources) {
    if (l.type !== 'Medication' || !l.id) continue;
    medications.set(`Medication/${l.id}`, l);
    if (l.fullUrl) medications.set(l.fullUrl, l);
  }
  const data: FhirPatientData = {
    patient: readPatient(chosen), medications: [], conditions: [], observations: [], allergies: [], immunizations: [], fills: [], encounters: [], hasDispenses: false, warnings,
  };
  const ctx: Context = { data, medications };
  for (const l of resources) {
    const reader = READERS[l.type];
    if (!reader) continue; // Practitioner, Procedure, Claim, …: not part of the patient's medication picture
    const ref = patientRefOf(l.r);
    if (ref === undefined ? patients.length > 1 : !refersTo(ref, chosen)) {
      // In a multi-patient bundle, resources of the other patients are expected; anything else is worth a word.
      if (ref === undefined || !patients.some((p) => refersTo(ref, p))) warn(ctx, l, ref === undefined ? '' : l.r.subject ? '/subject' : '/patient', ref === undefined ? 'names no patient; skipped' : `refers to ${ref}, which is not the patient read (${chosen.id}); skipped`);
      continue;
    }
    reader(l, ctx);
  }
  return data;
}

function readPatient(l: Located): ReadPatient {
  const r = l.r;
  const names = arr(r.name).filter(isObj);
  const name = names.find((n) => n.use === 'official') ?? names.find((n) => n.use === 'usual') ?? names.find((n) => n.use !== 'old' && n.use !== 'maiden') ?? names[0];
  const telecom = arr(r.telecom).filter(isObj);
  const contact = (system: string) => str((telecom.find((t) => t.system === system && (t.use === 'home' || t.use === 'mobile')) ?? telecom.find((t) => t.system === system))?.value);
  const addresses = arr(r.address).filter(isObj);
  const address = addresses.find((a) => a.use === 'home') ?? addresses[0];
  const comms = arr(r.communication).filter(isObj);
  const lang = obj((comms.find((c) => c.preferred === true) ?? comms[0])?.language);
  const gender = str(r.gender);
  return compact<ReadPatient>({
    id: l.id!,
    place: l.place,
    birthDate: fhirDate(r.birthDate, l.place, '/birthDate', 'refuse'),
    sex: gender === 'female' || gender === 'male' || gender === 'other' || gender === 'unknown' ? gender : undefined,
    given: arr(name?.given).map(str).filter((g): g is string => g !== undefined),
    family: str(name?.family),
    nameText: str(name?.text),
    phone: contact('phone'),
    email: contact('email'),
    addressLine: arr(address?.line).map(str).filter(Boolean).join(', ') || undefined,
    city: str(address?.city),
    state: str(address?.state),
    postalCode: str(address?.postalCode),
    language: str(arr(lang?.coding).map((c) => obj(c)?.code).find((c) => typeof c === 'string')) ?? str(lang?.text),
    deceasedDate: r.deceasedDateTime !== undefined ? fhirDate(r.deceasedDateTime, l.place, '/deceasedDateTime', 'first-day') : undefined,
  });
}

const READERS: Record<string, Reader> = {
  MedicationRequest: readMedication,
  MedicationStatement: readMedication,
  Condition: readCondition,
  Observation: readObservation,
  AllergyIntolerance: readAllergy,
  Immunization: readImmunization,
  MedicationDispense: readDispense,
  Encounter: readEncounter,
};

// ---------------------------------------------------------------------------------------------------------------
// Snapshot

/**
 * A FHIR Bundle (or array of resources) as the screening engine's PatientSnapshot. Medications are collapsed per
 * code and status (renewals become one entry; an active and a stopped course of the same drug stay apart, so
 * "stopped" history rules still see the stop). Throws FhirInputError on input that cannot be read correctly.
 */
export function bundleToSnapshot(json: unknown, opts: ReadOptions = {}): PatientSnapshot {
  const d = readFhirPatient(json, opts);
  const snapshot: PatientSnapshot = compact({
    id: d.patient.id,
    birthDate: d.patient.birthDate,
    sex: d.patient.sex,
    medications: collapseMedications(d.medications, { byStatus: true }).map((m) =>
      compact<SnapshotMedication>({ id: m.id, rxcui: m.rxcui, name: m.name, status: m.status, startDate: m.startDate, stopDate: m.stopDate, sig: m.sig, doseQuantity: m.doseQuantity, doseUnit: m.doseUnit, timesPerDay: m.timesPerDay, asNeeded: m.asNeeded })),
    conditions: d.conditions.map((c) => compact<SnapshotCondition>({ id: c.id, icd10: c.icd10, snomed: c.snomed, text: c.text, onsetDate: c.onsetDate, active: c.active })),
    observations: d.observations.flatMap((o) => (o.value === undefined ? [] : [compact<SnapshotObservation>({ id: o.id, loinc: o.loinc, text: o.text, value: o.value, unit: o.unit, date: o.date })])),
    allergies: d.allergies.map((a) => compact<SnapshotAllergy>({ id: a.id, text: a.text, rxcui: a.rxcui, snomed: a.snomed })),
    immunizations: d.immunizations.map((i) => compact<SnapshotImmunization>({ id: i.id, cvx: i.cvx, text: i.text, date: i.date })),
    fills: d.hasDispenses ? d.fills.map((f) => compact<SnapshotFill>({ id: f.id, rxcui: f.rxcui, ndc: f.ndc, name: f.name, date: f.date, daysSupply: f.daysSupply })) : undefined,
  });
  return snapshot;
}
