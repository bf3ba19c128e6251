// The patient snapshot the screening engine reads and the findings it returns. Shared by the engine, the FHIR
// reader (openmtm screen / POST /api/screen), the chart service and the web app, so all speak one shape.
import type { DtpCategory, Severity } from '../knowledge/screening/schema.ts';

export type { DtpCategory, Severity };

export type SnapshotMedication = {
  /** Stable id from the source (FHIR resource id, database id). */
  id: string;
  /** RxNorm product (SCD/SBD/GPCK/BPCK) or ingredient code, when coded. */
  rxcui?: string;
  /** Display or free-text name ("lisinopril 10 mg tablet"); the only identity an uncoded medication has. */
  name: string;
  /** Active medications are screened; stopped ones are kept for history (e.g. "statin stopped"). */
  status: 'active' | 'stopped';
  /** Where it comes from; an unrecognised supplement matters less than an unrecognised prescription. */
  kind?: 'prescription' | 'otc' | 'herbal' | 'supplement';
  startDate?: string;
  stopDate?: string;
  /** Free-text directions ("1 tablet by mouth twice daily"), parsed when structured dosing is absent. */
  sig?: string;
  /** Structured dosing (FHIR Dosage): units per administration and administrations per day. */
  doseQuantity?: number;
  doseUnit?: string;
  timesPerDay?: number;
  asNeeded?: boolean;
};

export type SnapshotCondition = {
  id: string;
  icd10?: string;
  snomed?: string;
  text: string;
  onsetDate?: string;
  /** Resolved/inactive conditions still count for history-type rules (falls, fractures, MI). */
  active: boolean;
};

export type SnapshotObservation = {
  id: string;
  loinc: string;
  text?: string;
  value: number;
  unit?: string;
  date: string;
};

export type SnapshotAllergy = { id: string; text: string; rxcui?: string; snomed?: string };
export type SnapshotImmunization = { id: string; cvx: string; text?: string; date: string };
export type SnapshotFill = { id: string; rxcui?: string; ndc?: string; name: string; date: string; daysSupply: number };

export type PatientSnapshot = {
  id: string;
  birthDate?: string;
  sex?: 'female' | 'male' | 'other' | 'unknown';
  medications: SnapshotMedication[];
  conditions: SnapshotCondition[];
  observations: SnapshotObservation[];
  allergies: SnapshotAllergy[];
  immunizations: SnapshotImmunization[];
  /** Pharmacy fills; absent means "no claims data", not "no fills". */
  fills?: SnapshotFill[];
};

export const DTP_GROUPS = { indication: 'Indication', effectiveness: 'Effectiveness', safety: 'Safety', adherence: 'Adherence' } as const;
export type DtpGroup = keyof typeof DTP_GROUPS;

export type FindingEvidence = {
  medications: { id: string; name: string; ingredients: string[]; dailyDose?: string }[];
  conditions: { id: string; text: string; code?: string }[];
  observations: { id: string; loinc: string; text?: string; value: number; unit?: string; date: string }[];
  /** Derived facts the rule used ("age 78", "CrCl 24 mL/min (Cockcroft–Gault, SCr 2.1 on 2026-10-02, 61 kg)"). */
  facts: string[];
};

export type DtpFinding = {
  ruleId: string;
  ruleVersion: number;
  family: string;
  category: DtpCategory;
  group: DtpGroup;
  severity: Severity;
  status: 'problem' | 'could-not-assess';
  title: string;
  summary: string;
  /** Ingredient names involved, sorted. */
  drugs: string[];
  evidence: FindingEvidence;
  /** For could-not-assess: the data that would let the rule decide ("serum creatinine within 365 days"). */
  missing: string[];
  recommendation: string;
  patientText: string;
  snomed: { code: string; display: string };
  source: { citation: string; url?: string; version: string; retrieved: string };
};

export type RuleError = { ruleId: string; patientId: string; message: string };
export type ScreeningResult = { patientId: string; asOf: string; findings: DtpFinding[]; errors: RuleError[] };
