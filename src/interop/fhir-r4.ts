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
import { isIsoDate } from '../domain/codes.ts';
import { ValidationError, type FieldIssue } from '../domain/errors.ts';
import type { PatientSnapshot, SnapshotAllergy, SnapshotCondition, SnapshotFill, SnapshotImmunization, SnapshotMedication, SnapshotObservation } from '../domain/screening.ts';

export const FHIR_SYSTEMS = {
  rxnorm: 'http://www.nlm.nih.gov/research/umls/rxnorm',
  icd10cm: 'http://hl7.org/fhir/sid/icd-10-cm',
  snomed: 'http://snomed.info/sct',
  loinc: 'http://loinc.org',
  cvx: 'http://hl7.org/fhir/sid/cvx',
  ndc: 'http://hl7.org/fhir/sid/ndc',
} as const;

// ---------------------------------------------------------------------------------------------------------------
// Places and errors

/** Where a resource came from: `base` prefixes JSON pointers; `label` (file, line) and `path` name it for people. */
export type Place = { base: string; label: string; path: string; ref: string };

/** A place for people: "entry[3].resource.code", "Condition.000.ndjson line 17: code", "bundle.json: entry[0].resource". */
export function placeName(place: Place, sub = ''): string {
  const dotted = sub.split('/').filter(Boolean).map((s) => (/^\d+$/.test(s) ? `[${s}]` : `.${s}`)).join('');
  return [place.label, `${place.path}${dotted}`.replace(/^\./, '')].filter(Boolean).join(': ') || 'input';
}

/** A located problem: `pointer` is a JSON pointer (RFC 6901) into the input, `message` says where and what. */
export function issueAt(place: Place, sub: string, detail: string): FieldIssue {
  return { pointer: place.base + sub, message: `${placeName(place, sub)} (${place.ref}): ${detail}` };
}

/** FHIR input that cannot be read correctly. A ValidationError, so the API answers 422 with the pointer. */
export class FhirInputError extends ValidationError {
  readonly pointer: string;
  constructor(issue: FieldIssue) {
    super(issue.message, [issue]);
    this.pointer = issue.pointer;
  }
}

function fail(place: Place, sub: string, detail: string): never {
  throw new FhirInputError(issueAt(place, sub, detail));
}

// ---------------------------------------------------------------------------------------------------------------
// JSON access without `any`

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const obj = (v: unknown): Json | undefined => (isObj(v) ? v : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Drops keys whose value is undefined, so snapshots compare and serialise cleanly. */
function compact<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

type Coded = { code: string; display?: string; index: number };
/** The first coding of `system` in a CodeableConcept, with its index for pointers. */
function coded(cc: unknown, system: string): Coded | undefined {
  const list = arr(obj(cc)?.coding);
  for (const [index, c] of list.entries()) {
    const o = obj(c);
    const code = str(o?.code);
    if (o && o.system === system && code) return { code, display: str(o.display), index };
  }
  return undefined;
}
/** What a person would read: the concept's text, else the first coding display. */
function conceptText(cc: unknown): string | undefined {
  const o = obj(cc);
  return str(o?.text) ?? arr(o?.coding).map((c) => str(obj(c)?.display)).find((d) => d !== undefined);
}
/** `status`-like CodeableConcept (clinicalStatus, verificationStatus): its first code. */
const statusCode = (cc: unknown): string | undefined => arr(obj(cc)?.coding).map((c) => str(obj(c)?.code)).find((c) => c !== undefined);

// ---------------------------------------------------------------------------------------------------------------
// Dates

const DATE_TIME = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/** A FHIR date/dateTime/instant as YYYY-MM-DD (see the header for partial dates and time zones). */
function fhirDate(v: unknown, place: Place, sub: string, partial: 'first-day' | 'refuse'): string | undefined {
  if (v === undefined || v === null) return undefined;
  const text = typeof v === 'string' ? v.trim() : '';
  const m = DATE_TIME.exec(text);
  if (m && !m[3] && partial === 'refuse') fail(place, sub, `expected a full date YYYY-MM-DD, got "${text}" (a partial birth date would put age-based rules off by up to a year)`);
  const day = m ? `${m[1]}-${m[2] ?? '01'}-${m[3] ?? '01'}` : '';
  if (!isIsoDate(day)) fail(place, sub, `expected a date as YYYY, YYYY-MM, YYYY-MM-DD or a dateTime (from 1850 on), got ${JSON.stringify(v)}`);
  return day;
}

/** The first present element among `subs` (JSON pointers relative to the resource), read as a clinical date. */
function firstDate(l: Located, subs: readonly string[]): string | undefined {
  for (const sub of subs) {
    const v = valueAt(l.r, sub);
    if (v !== undefined && v !== null) return fhirDate(v, l.place, sub, 'first-day');
  }
  return undefined;
}
function valueAt(root: unknown, sub: string): unknown {
  let v: unknown = root;
  for (const part of sub.split('/').filter(Boolean)) v = Array.isArray(v) ? v[Number(part)] : obj(v)?.[part];
  return v;
}

// ---------------------------------------------------------------------------------------------------------------
// Locating resources

/** For resources that came from NDJSON: the file and 1-based line, so messages name them. */
export type ResourceSource = { file: string; line: number };
export type ReadOptions = {
  /** Which Patient to read when the input holds more than one. */
  patientId?: string;
  /** Name of the file the input came from; prefixes pointers and messages. */
  file?: string;
  /** Per entry (or array element): where it came from, as made by `ndjsonToBundles`. */
  sources?: readonly (ResourceSource | undefined)[];
};

type Located = { r: Json; type: string; id?: string; fullUrl?: string; place: Place };

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

const patientRefOf = (r: Json): string | undefined => str(obj(r.subject)?.reference) ?? str(obj(r.patient)?.reference);
function refersTo(ref: string, p: Located): boolean {
  if (p.fullUrl !== undefined && ref === p.fullUrl) return true;
  return /(?:^|\/)Patient\/([^/]+)(?:\/_history\/[^/]+)?$/.exec(ref)?.[1] === p.id;
}

// ---------------------------------------------------------------------------------------------------------------
// The reading

export type ReadPatient = {
  id: string;
  place: Place;
  birthDate?: string;
  sex?: 'female' | 'male' | 'other' | 'unknown';
  given: string[];
  family?: string;
  nameText?: string;
  phone?: string;
  email?: string;
  addressLine?: string;
  city?: string;
  state?: string;
  postalCode?: string;
  /** BCP 47 tag as written ("en-US"). */
  language?: string;
  deceasedDate?: string;
};
export type ReadMedication = SnapshotMedication & {
  place: Place;
  resourceType: 'MedicationRequest' | 'MedicationStatement';
  fhirStatus: string;
  ndc?: string;
  indication?: string;
  /** After collapsing: the start date of the latest order (the first one's is `startDate`) and how many orders. */
  lastStartDate?: string;
  orders: number;
};
export type ReadCondition = SnapshotCondition & { place: Place; clinicalStatus: 'active' | 'resolved' | 'inactive'; abatementDate?: string };
export type ReadObservation = Omit<SnapshotObservation, 'value'> & { place: Place; value?: number; valueText?: string };
export type ReadAllergy = SnapshotAllergy & { place: Place; kind: 'allergy' | 'intolerance'; reaction?: string; severity?: 'mild' | 'moderate' | 'severe'; recordedDate?: string };
export type ReadImmunization = SnapshotImmunization & { place: Place };
export type ReadFill = SnapshotFill & { place: Place; quantity?: number };
export type ReadEncounter = { id: string; place: Place; kind: 'inpatient' | 'emergency' | 'ambulatory' | 'telehealth' | 'home'; startDate: string; endDate?: string; facility?: string; reasonCode?: string; reason?: string };

export type FhirPatientData = {
  patient: ReadPatient;
  /** One per order/statement, not collapsed; see collapseMedications. */
  medications: ReadMedication[];
  conditions: ReadCondition[];
  observations: ReadObservation[];
  allergies: ReadAllergy[];
  immunizations: ReadImmunization[];
  fills: ReadFill[];
  encounters: ReadEncounter[];
  /** True when the input held MedicationDispense resources: then an empty `fills` means "no fills". */
  hasDispenses: boolean;
  /** Data skipped or adjusted, located. */
  warnings: FieldIssue[];
};

type Context = { data: FhirPatientData; medications: Map<string, Located> };
type Reader = (l: Located, ctx: Context) => void;
function warn(ctx: Context, l: Located, sub: string, detail: string): void {
  ctx.data.warnings.push(issueAt(l.place, sub, detail));
}

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

// --- medications ------------------------------------------------------------------------------------------------

type Status = 'active' | 'stopped' | null; // null: entered in error, read as if absent
const REQUEST_STATUS: Record<string, Status> = { active: 'active', 'on-hold': 'active', draft: 'active', completed: 'stopped', stopped: 'stopped', cancelled: 'stopped', 'entered-in-error': null };
const STATEMENT_STATUS: Record<string, Status> = { active: 'active', intended: 'active', 'on-hold': 'active', completed: 'stopped', stopped: 'stopped', 'not-taken': 'stopped', 'entered-in-error': null };

type Drug = { rxcui?: string; name: string; ndc?: string };

function drugFromConcept(place: Place, sub: string, cc: unknown): Drug {
  const rx = coded(cc, FHIR_SYSTEMS.rxnorm);
  const name = rx?.display ?? conceptText(cc) ?? (rx ? `RxNorm ${rx.code}` : undefined);
  if (name === undefined) fail(place, sub, 'needs an RxNorm coding or a text name');
  return compact({ rxcui: rx?.code, name, ndc: coded(cc, FHIR_SYSTEMS.ndc)?.code });
}

/** The drug of a MedicationRequest/Statement/Dispense: inline concept, contained Medication or bundled Medication. */
function drugOf(l: Located, ctx: Context): Drug {
  if (l.r.medicationCodeableConcept !== undefined) return drugFromConcept(l.place, '/medicationCodeableConcept', l.r.medicationCodeableConcept);
  const ref = obj(l.r.medicationReference);
  if (!ref) fail(l.place, '/medicationCodeableConcept', 'needs medicationCodeableConcept or medicationReference');
  const target = str(ref.reference);
  if (target?.startsWith('#')) {
    const j = arr(l.r.contained).findIndex((c) => obj(c)?.resourceType === 'Medication' && obj(c)?.id === target.slice(1));
    if (j >= 0) return drugFromConcept(l.place, `/contained/${j}/code`, obj(arr(l.r.contained)[j])?.code);
  } else if (target !== undefined) {
    const m = ctx.medications.get(target) ?? ctx.medications.get(/(Medication\/[^/]+)$/.exec(target)?.[1] ?? '');
    if (m) return drugFromConcept(m.place, '/code', m.r.code);
  }
  const display = str(ref.display);
  if (display !== undefined) return { name: display };
  return fail(l.place, '/medicationReference', `${target ?? 'the reference'} is neither a contained nor a bundled Medication, and the reference has no display`);
}

const PERIOD_DAYS: Record<string, number> = { s: 1 / 86400, min: 1 / 1440, h: 1 / 24, d: 1, wk: 7, mo: 30, a: 365 };
const PERIOD_WORD: Record<string, string> = { s: 'second', min: 'minute', h: 'hour', d: 'day', wk: 'week', mo: 'month', a: 'year' };
/** HL7 v3 GTSAbbreviation timing codes and common sig abbreviations: administrations per day and how to say it. */
const TIMING_CODES: Record<string, [number, string]> = {
  QD: [1, 'once a day'], DAILY: [1, 'once a day'], AM: [1, 'every morning'], QAM: [1, 'every morning'], PM: [1, 'every evening'], QPM: [1, 'every evening'],
  HS: [1, 'at bedtime'], QHS: [1, 'at bedtime'], BED: [1, 'at bedtime'], BID: [2, '2 times a day'], Q12H: [2, 'every 12 hours'], TID: [3, '3 times a day'],
  Q8H: [3, 'every 8 hours'], QID: [4, '4 times a day'], Q6H: [4, 'every 6 hours'], Q4H: [6, 'every 4 hours'], Q3H: [8, 'every 3 hours'],
  Q2H: [12, 'every 2 hours'], Q1H: [24, 'every hour'], QOD: [0.5, 'every other day'], WK: [1 / 7, 'once a week'], QW: [1 / 7, 'once a week'], MO: [1 / 30, 'once a month'],
};
const fmt = (n: number) => String(Math.round(n * 1000) / 1000);

type Dosing = Pick<SnapshotMedication, 'sig' | 'doseQuantity' | 'doseUnit' | 'timesPerDay' | 'asNeeded'>;

/** FHIR Dosage → structured dosing, plus a sig written from it when the source has no text, for human readers. */
function readDosage(d: unknown): Dosing {
  const dosage = obj(d);
  if (!dosage) return {};
  const dose = obj(obj(arr(dosage.doseAndRate)[0])?.doseQuantity);
  const doseQuantity = num(dose?.value);
  const doseUnit = str(dose?.unit) ?? str(dose?.code);
  const timing = obj(dosage.timing);
  const repeat = obj(timing?.repeat);
  let timesPerDay: number | undefined;
  let often: string | undefined;
  const period = num(repeat?.period);
  const unit = str(repeat?.periodUnit);
  if (period !== undefined && period > 0 && unit !== undefined && PERIOD_DAYS[unit] !== undefined) {
    const f = num(repeat?.frequency) ?? 1;
    timesPerDay = f / (period * PERIOD_DAYS[unit]);
    const times = f === 1 ? 'once' : `${fmt(f)} times`;
    often = period === 1 ? `${times} a ${PERIOD_WORD[unit]}` : `${f === 1 ? '' : `${times} `}every ${fmt(period)} ${PERIOD_WORD[unit]}s`;
  } else {
    const codes = [...arr(obj(timing?.code)?.coding).map((c) => obj(c)?.code), obj(timing?.code)?.text];
    const hit = codes.map((c) => (typeof c === 'string' ? TIMING_CODES[c.trim().toUpperCase()] : undefined)).find((h) => h !== undefined);
    if (hit) [timesPerDay, often] = hit;
  }
  const prnConcept = dosage.asNeededCodeableConcept;
  const asNeeded = prnConcept !== undefined ? true : typeof dosage.asNeededBoolean === 'boolean' ? dosage.asNeededBoolean : undefined;
  const prnFor = conceptText(prnConcept);
  const written = [
    doseQuantity !== undefined ? `${fmt(doseQuantity)} ${doseUnit ?? (doseQuantity === 1 ? 'dose' : 'doses')}` : undefined,
    often,
    asNeeded ? `as needed${prnFor ? ` for ${prnFor}` : ''}` : undefined,
  ].filter(Boolean).join(' ');
  return compact({ sig: str(dosage.text) ?? (written || undefined), doseQuantity, doseUnit, timesPerDay, asNeeded });
}

const readMedication: Reader = (l, ctx) => {
  const resourceType = l.type as ReadMedication['resourceType'];
  const table = resourceType === 'MedicationRequest' ? REQUEST_STATUS : STATEMENT_STATUS;
  const fhirStatus = str(l.r.status) ?? 'unknown';
  let status = table[fhirStatus];
  if (status === null) return;
  if (status === undefined) {
    // "unknown" or a non-FHIR value: screened as active, since missing a live drug is the worse mistake.
    warn(ctx, l, '/status', `status "${fhirStatus}" read as active`);
    status = 'active';
  }
  const drug = drugOf(l, ctx);
  const reason = obj(arr(l.r.reasonCode)[0]);
  const startDate = firstDate(l, ['/authoredOn', '/effectivePeriod/start', '/effectiveDateTime']);
  ctx.data.medications.push(compact<ReadMedication>({
    id: l.id ?? fail(l.place, '/id', `a ${resourceType} needs an id`),
    rxcui: drug.rxcui,
    name: drug.name,
    status,
    startDate,
    stopDate: firstDate(l, ['/effectivePeriod/end']),
    ...readDosage(arr(resourceType === 'MedicationRequest' ? l.r.dosageInstruction : l.r.dosage)[0]),
    place: l.place,
    resourceType,
    fhirStatus,
    ndc: drug.ndc,
    indication: (reason && conceptText(reason)) ?? str(obj(arr(l.r.reasonReference)[0])?.display),
    lastStartDate: startDate,
    orders: 1,
  }));
};

/**
 * Renewals repeat the same drug (Synthea writes a new MedicationRequest every year): one entry per RxNorm code
 * (uncoded: per name), or per code and status with `byStatus`. The latest order (by start date, then input
 * order) supplies everything except `startDate`, which is the earliest in the group. Distinct codes stay apart.
 */
export function collapseMedications(meds: readonly ReadMedication[], opts: { byStatus: boolean }): ReadMedication[] {
  const groups = new Map<string, ReadMedication[]>();
  for (const m of meds) {
    const key = `${m.rxcui ?? `name:${m.name.toLowerCase().replace(/\s+/g, ' ')}`}${opts.byStatus ? `|${m.status}` : ''}`;
    groups.set(key, [...(groups.get(key) ?? []), m]);
  }
  return [...groups.values()].map((group) => {
    let latest = group[0]!;
    for (const m of group) if ((m.startDate ?? '') >= (latest.startDate ?? '')) latest = m;
    const starts = group.map((m) => m.startDate).filter((d): d is string => d !== undefined).sort();
    return compact({ ...latest, startDate: starts[0], lastStartDate: latest.startDate, orders: group.reduce((n, m) => n + m.orders, 0) });
  });
}

// --- conditions, observations, allergies, immunizations, dispenses, encounters -------------------------------

const readCondition: Reader = (l, ctx) => {
  const verification = statusCode(l.r.verificationStatus);
  if (verification === 'refuted' || verification === 'entered-in-error') return;
  const clinical = statusCode(l.r.clinicalStatus);
  const icd = coded(l.r.code, FHIR_SYSTEMS.icd10cm);
  const snomed = coded(l.r.code, FHIR_SYSTEMS.snomed);
  const icd10 = icd?.code.replace(/\./g, '').toUpperCase();
  const text = conceptText(l.r.code) ?? (icd10 ? `ICD-10-CM ${icd10}` : snomed ? `SNOMED CT ${snomed.code}` : undefined);
  if (text === undefined) return warn(ctx, l, '/code', 'has no code and no text; skipped');
  ctx.data.conditions.push(compact<ReadCondition>({
    id: l.id ?? fail(l.place, '/id', 'a Condition needs an id'),
    icd10,
    snomed: snomed?.code,
    text,
    onsetDate: firstDate(l, ['/onsetDateTime', '/onsetPeriod/start']),
    // A missing clinicalStatus means a plain problem-list entry: treat it as current.
    active: clinical === undefined || clinical === 'active' || clinical === 'recurrence' || clinical === 'relapse',
    place: l.place,
    clinicalStatus: clinical === 'resolved' ? 'resolved' : clinical === 'inactive' || clinical === 'remission' ? 'inactive' : 'active',
    abatementDate: firstDate(l, ['/abatementDateTime', '/abatementPeriod/start']),
  }));
};

const readObservation: Reader = (l, ctx) => {
  const status = str(l.r.status);
  if (status === 'entered-in-error' || status === 'cancelled') return;
  const date = firstDate(l, ['/effectiveDateTime', '/effectivePeriod/start', '/effectiveInstant', '/issued']);
  // A panel (blood pressure 85354-9) carries its values in components, each with its own LOINC code.
  const parts: { sub: string; o: Json }[] = [{ sub: '', o: l.r }, ...arr(l.r.component).flatMap((c, i) => (isObj(c) ? [{ sub: `/component/${i}`, o: c }] : []))];
  const seen = new Set<string>();
  for (const { sub, o } of parts) {
    const value = num(obj(o.valueQuantity)?.value) ?? num(o.valueInteger);
    const valueText = str(o.valueString) ?? (o.valueCodeableConcept !== undefined ? conceptText(o.valueCodeableConcept) : undefined);
    if (value === undefined && valueText === undefined) continue;
    const loinc = coded(o.code, FHIR_SYSTEMS.loinc);
    if (!loinc) {
      if (value !== undefined) fail(l.place, `${sub}/code`, 'has a numeric value but no LOINC coding (http://loinc.org)');
      warn(ctx, l, `${sub}/code`, 'has a text value but no LOINC coding; skipped');
      continue;
    }
    if (date === undefined) {
      warn(ctx, l, '/effectiveDateTime', 'has no effective date; skipped');
      return;
    }
    const id = l.id ?? fail(l.place, '/id', 'an Observation needs an id');
    if (seen.has(loinc.code)) warn(ctx, l, `${sub}/code`, `LOINC ${loinc.code} appears twice in one observation; the first was read`);
    else {
      seen.add(loinc.code);
      const unit = str(obj(o.valueQuantity)?.unit) ?? str(obj(o.valueQuantity)?.code);
      ctx.data.observations.push(compact<ReadObservation>({ id: sub === '' ? id : `${id}#${loinc.code}`, loinc: loinc.code, text: conceptText(o.code), value, valueText: value === undefined ? valueText : undefined, unit, date, place: l.place }));
    }
  }
};

/** SNOMED CT "no known allergy" situations: recorded as AllergyIntolerance resources but not allergies. */
const NO_KNOWN_ALLERGY = new Set(['716186003', '409137002', '428607008', '429625007', '428197003']);
const SEVERITY_RANK = ['mild', 'moderate', 'severe'] as const;

const readAllergy: Reader = (l, ctx) => {
  const verification = statusCode(l.r.verificationStatus);
  const clinical = statusCode(l.r.clinicalStatus);
  if (verification === 'refuted' || verification === 'entered-in-error' || clinical === 'inactive' || clinical === 'resolved') return;
  const rx = coded(l.r.code, FHIR_SYSTEMS.rxnorm);
  const snomed = coded(l.r.code, FHIR_SYSTEMS.snomed);
  if (snomed && NO_KNOWN_ALLERGY.has(snomed.code)) return;
  const text = conceptText(l.r.code) ?? (rx ? `RxNorm ${rx.code}` : snomed ? `SNOMED CT ${snomed.code}` : undefined);
  if (text === undefined) return warn(ctx, l, '/code', 'has no substance code or text; skipped');
  const reactions = arr(l.r.reaction).filter(isObj);
  const manifestations = [...new Set(reactions.flatMap((x) => arr(x.manifestation).map(conceptText)).filter((t): t is string => t !== undefined))];
  const rank = Math.max(-1, ...reactions.map((x) => SEVERITY_RANK.indexOf(x.severity as (typeof SEVERITY_RANK)[number])));
  ctx.data.allergies.push(compact<ReadAllergy>({
    id: l.id ?? fail(l.place, '/id', 'an AllergyIntolerance needs an id'),
    text,
    rxcui: rx?.code,
    snomed: snomed?.code,
    place: l.place,
    kind: l.r.type === 'intolerance' ? 'intolerance' : 'allergy',
    reaction: manifestations.join('; ') || undefined,
    severity: SEVERITY_RANK[rank],
    recordedDate: firstDate(l, ['/recordedDate', '/onsetDateTime']),
  }));
};

const readImmunization: Reader = (l, ctx) => {
  const status = str(l.r.status);
  if (status === 'not-done' || status === 'entered-in-error') return;
  const cvx = coded(l.r.vaccineCode, FHIR_SYSTEMS.cvx);
  if (!cvx) return warn(ctx, l, '/vaccineCode', 'has no CVX coding; skipped');
  const date = firstDate(l, ['/occurrenceDateTime']);
  if (date === undefined) return warn(ctx, l, '/occurrenceDateTime', 'has no occurrence date; skipped');
  ctx.data.immunizations.push(compact<ReadImmunization>({ id: l.id ?? fail(l.place, '/id', 'an Immunization needs an id'), cvx: cvx.code, text: conceptText(l.r.vaccineCode), date, place: l.place }));
};

/** An NDC as 11 digits: as written, or from the 10-digit hyphenated forms 4-4-2, 5-3-2 and 5-4-1. */
function ndc11(raw: string): string | undefined {
  if (/^[0-9]{11}$/.test(raw)) return raw;
  const m = /^([0-9]{4,5})-([0-9]{3,4})-([0-9]{1,2})$/.exec(raw);
  if (!m || m[1]!.length + m[2]!.length + m[3]!.length > 11) return undefined;
  return m[1]!.padStart(5, '0') + m[2]!.padStart(4, '0') + m[3]!.padStart(2, '0');
}

const readDispense: Reader = (l, ctx) => {
  ctx.data.hasDispenses = true;
  if (str(l.r.status) !== 'completed') return; // preparation, cancelled, declined…: nothing reached the patient
  const drug = drugOf(l, ctx);
  const ndc = drug.ndc === undefined ? undefined : ndc11(drug.ndc);
  if (drug.ndc !== undefined && ndc === undefined) warn(ctx, l, '/medicationCodeableConcept', `NDC "${drug.ndc}" is not an 11-digit or hyphenated 10-digit NDC; left out`);
  const date = firstDate(l, ['/whenHandedOver', '/whenPrepared']);
  const daysSupply = num(obj(l.r.daysSupply)?.value);
  if (date === undefined) return warn(ctx, l, '/whenHandedOver', 'has no whenHandedOver or whenPrepared date; skipped');
  if (daysSupply === undefined || daysSupply <= 0) return warn(ctx, l, '/daysSupply', 'has no positive daysSupply; skipped');
  ctx.data.fills.push(compact<ReadFill>({ id: l.id ?? fail(l.place, '/id', 'a MedicationDispense needs an id'), rxcui: drug.rxcui, ndc, name: drug.name, date, daysSupply, place: l.place, quantity: num(obj(l.r.quantity)?.value) }));
};

/** Encounter.class (v3 ActCode) → the record's encounter kinds. */
const ENCOUNTER_KINDS: Record<string, ReadEncounter['kind']> = {
  IMP: 'inpatient', ACUTE: 'inpatient', NONAC: 'inpatient', EMER: 'emergency', AMB: 'ambulatory', OBSENC: 'ambulatory', PRENC: 'ambulatory',
  SS: 'ambulatory', FLD: 'ambulatory', VR: 'telehealth', HH: 'home',
};

const readEncounter: Reader = (l, ctx) => {
  const status = str(l.r.status);
  if (status === 'planned' || status === 'cancelled' || status === 'entered-in-error') return;
  const cls = str(obj(l.r.class)?.code);
  const kind = cls === undefined ? undefined : ENCOUNTER_KINDS[cls];
  if (!kind) return warn(ctx, l, '/class', `class ${JSON.stringify(cls ?? null)} is not a known encounter class; skipped`);
  const startDate = firstDate(l, ['/period/start']);
  if (startDate === undefined) return warn(ctx, l, '/period/start', 'has no start date; skipped');
  const reason = obj(arr(l.r.reasonCode)[0]);
  const reasonCoding = obj(arr(reason?.coding)[0]);
  ctx.data.encounters.push(compact<ReadEncounter>({
    id: l.id ?? fail(l.place, '/id', 'an Encounter needs an id'),
    place: l.place,
    kind,
    startDate,
    endDate: firstDate(l, ['/period/end']),
    facility: str(obj(l.r.serviceProvider)?.display) ?? str(obj(obj(arr(l.r.location)[0])?.location)?.display),
    reasonCode: str(reasonCoding?.code),
    reason: reason ? conceptText(reason) : undefined,
  }));
};

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

// ---------------------------------------------------------------------------------------------------------------
// Bulk-export NDJSON

export type NdjsonFile = { name: string; text: string };
export type FhirBundle = { resourceType: 'Bundle'; type: 'collection'; entry: { resource: Json }[] };
export type PatientBundle = { patientId: string; bundle: FhirBundle; sources: ResourceSource[] };

/**
 * Groups bulk-export NDJSON (one resource per line; Patient.000.ndjson, MedicationRequest.000.ndjson, …) into one
 * collection Bundle per Patient, by each resource's subject/patient reference. Medications referenced by a
 * patient's resources are copied into that patient's bundle; other unattributed resources (Practitioner,
 * Organization, Location) are left out. `sources` gives each entry's file and line, for `readFhirPatient`.
 */
export function ndjsonToBundles(files: readonly NdjsonFile[]): PatientBundle[] {
  const patients = new Map<string, PatientBundle>();
  const medications = new Map<string, { resource: Json; source: ResourceSource }>();
  const attributed: { resource: Json; source: ResourceSource; ref: string }[] = [];
  for (const file of files) {
    file.text.split('\n').forEach((raw, i) => {
      const source = { file: file.name, line: i + 1 };
      const place: Place = { base: `/${file.name}/${i + 1}`, label: `${file.name} line ${i + 1}`, path: '', ref: 'resource' };
      const text = (i === 0 ? raw.replace(/^\uFEFF/, '') : raw).trim(); // tolerate a byte-order mark and CRLF
      if (text === '') return;
      let resource: unknown;
      try {
        resource = JSON.parse(text);
      } catch (err) {
        fail(place, '', `not valid JSON (${(err as Error).message})`);
      }
      if (!isObj(resource)) fail(place, '', 'expected a resource object');
      if (typeof resource.resourceType !== 'string') fail(place, '/resourceType', `resourceType must be a string, got ${JSON.stringify(resource.resourceType ?? null)}`);
      const id = str(resource.id);
      const here = { ...place, ref: `${resource.resourceType}${id ? `/${id}` : ''}` };
      if (resource.resourceType === 'Patient') {
        if (!id) fail(here, '/id', 'a Patient needs an id');
        const first = patients.get(id);
        if (first) fail(here, '/id', `Patient ${id} appears twice (first in ${first.sources[0]!.file} line ${first.sources[0]!.line})`);
        patients.set(id, { patientId: id, bundle: { resourceType: 'Bundle', type: 'collection', entry: [{ resource }] }, sources: [source] });
      } else if (resource.resourceType === 'Medication') {
        if (id) medications.set(id, { resource, source });
      } else {
        const ref = patientRefOf(resource);
        if (ref !== undefined) attributed.push({ resource, source, ref });
      }
    });
  }
  for (const { resource, source, ref } of attributed) {
    const id = /(?:^|\/)Patient\/([^/]+)(?:\/_history\/[^/]+)?$/.exec(ref)?.[1];
    const target = id === undefined ? undefined : patients.get(id);
    const here: Place = { base: `/${source.file}/${source.line}`, label: `${source.file} line ${source.line}`, path: '', ref: `${String(resource.resourceType)}/${str(resource.id) ?? '?'}` };
    if (!target) fail(here, resource.subject !== undefined ? '/subject/reference' : '/patient/reference', `refers to ${ref}, which is in no Patient file line`);
    target.bundle.entry.push({ resource });
    target.sources.push(source);
  }
  for (const p of patients.values()) {
    const wanted = new Set(p.bundle.entry.map((e) => /(?:^|\/)Medication\/([^/]+)$/.exec(str(obj(e.resource.medicationReference)?.reference) ?? '')?.[1]).filter((m): m is string => m !== undefined));
    for (const m of wanted) {
      const med = medications.get(m);
      if (med) {
        p.bundle.entry.push({ resource: med.resource });
        p.sources.push(med.source);
      }
    }
  }
  return [...patients.values()];
}
