// The small pieces every FHIR R4 reader here shares: where a value came from (Place) and how a problem with it is
// reported (FhirInputError, with a JSON pointer), typed access to untyped JSON without `any`, and FHIR dates.
// Kept apart from fhir-r4.ts so the resource readers (fhir-medications.ts, fhir-clinical-readers.ts), the NDJSON
// grouping (fhir-ndjson.ts) and fhir-patient-record.ts all report places and read dates the same way.
// The rules for dates and for errors versus warnings are explained in fhir-r4.ts's header. Pure.
import { isIsoDate } from '../domain/codes.ts';
import { ValidationError, type FieldIssue } from '../domain/errors.ts';

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

export function fail(place: Place, sub: string, detail: string): never {
  throw new FhirInputError(issueAt(place, sub, detail));
}

// ---------------------------------------------------------------------------------------------------------------
// JSON access without `any`

export type Json = Record<string, unknown>;
export const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
export const obj = (v: unknown): Json | undefined => (isObj(v) ? v : undefined);
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
export const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Drops keys whose value is undefined, so snapshots compare and serialise cleanly. */
export function compact<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

export type Coded = { code: string; display?: string; index: number };
/** The first coding of `system` in a CodeableConcept, with its index for pointers. */
export function coded(cc: unknown, system: string): Coded | undefined {
  const list = arr(obj(cc)?.coding);
  for (const [index, c] of list.entries()) {
    const o = obj(c);
    const code = str(o?.code);
    if (o && o.system === system && code) return { code, display: str(o.display), index };
  }
  return undefined;
}
/** What a person would read: the concept's text, else the first coding display. */
export function conceptText(cc: unknown): string | undefined {
  const o = obj(cc);
  return str(o?.text) ?? arr(o?.coding).map((c) => str(obj(c)?.display)).find((d) => d !== undefined);
}
/** `status`-like CodeableConcept (clinicalStatus, verificationStatus): its first code. */
export const statusCode = (cc: unknown): string | undefined => arr(obj(cc)?.coding).map((c) => str(obj(c)?.code)).find((c) => c !== undefined);

/** A resource with where it came from, as located in the input by fhir-r4.ts. */
export type Located = { r: Json; type: string; id?: string; fullUrl?: string; place: Place };

/** The patient a resource belongs to, as written: `subject` (most resources) or `patient` (AllergyIntolerance, Immunization…). */
export const patientRefOf = (r: Json): string | undefined => str(obj(r.subject)?.reference) ?? str(obj(r.patient)?.reference);

// ---------------------------------------------------------------------------------------------------------------
// Dates

const DATE_TIME = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/** A FHIR date/dateTime/instant as YYYY-MM-DD (see fhir-r4.ts's header for partial dates and time zones). */
export function fhirDate(v: unknown, place: Place, sub: string, partial: 'first-day' | 'refuse'): string | undefined {
  if (v === undefined || v === null) return undefined;
  const text = typeof v === 'string' ? v.trim() : '';
  const m = DATE_TIME.exec(text);
  if (m && !m[3] && partial === 'refuse') fail(place, sub, `expected a full date YYYY-MM-DD, got "${text}" (a partial birth date would put age-based rules off by up to a year)`);
  const day = m ? `${m[1]}-${m[2] ?? '01'}-${m[3] ?? '01'}` : '';
  if (!isIsoDate(day)) fail(place, sub, `expected a date as YYYY, YYYY-MM, YYYY-MM-DD or a dateTime (from 1850 on), got ${JSON.stringify(v)}`);
  return day;
}

/** The first present element among `subs` (JSON pointers relative to the resource), read as a clinical date. */
export function firstDate(l: Located, subs: readonly string[]): string | undefined {
  for (const sub of subs) {
    const v = valueAt(l.r, sub);
    if (v !== undefined && v !== null) return fhirDate(v, l.place, sub, 'first-day');
  }
  return undefined;
}
/** The element at a JSON pointer relative to `root` (array indexes as digits); undefined when absent. */
export function valueAt(root: unknown, sub: string): unknown {
  let v: unknown = root;
  for (const part of sub.split('/').filter(Boolean)) v = Array.isArray(v) ? v[Number(part)] : obj(v)?.[part];
  return v;
}
