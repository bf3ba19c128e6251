// What a FHIR reading produces and what each resource reader is handed: the Read* shapes and FhirPatientData
// (fhir-patient-record.ts builds import records from them, bundleToSnapshot the screening snapshot), the options a
// caller passes in, and the Reader/Context contract. Types only, plus `warn`, so fhir-r4.ts (which dispatches
// resources to readers) and the reader modules (fhir-medications.ts, fhir-clinical-readers.ts) can both import
// them without importing each other. Pure.
import type { FieldIssue } from '../domain/errors.ts';
import type { SnapshotAllergy, SnapshotCondition, SnapshotFill, SnapshotImmunization, SnapshotMedication, SnapshotObservation } from '../domain/screening.ts';
import { issueAt, type Located, type Place } from './fhir-json.ts';

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

/** What readers add to (`data`) and the bundled Medication resources they resolve references against, by reference. */
export type Context = { data: FhirPatientData; medications: Map<string, Located> };
/** Reads one resource of the chosen patient into `ctx.data`; throws FhirInputError, or skips with a warning. */
export type Reader = (l: Located, ctx: Context) => void;
/** Records data skipped or adjusted, located at `sub` within the resource. */
export function warn(ctx: Context, l: Located, sub: string, detail: string): void {
  ctx.data.warnings.push(issueAt(l.place, sub, detail));
}
