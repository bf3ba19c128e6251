// Shapes of the JSON the OpenMTM API returns (see the OpenAPI document at /docs). Dates are YYYY-MM-DD,
// timestamps ISO strings, absent values null.
import type { LastReviewFinding } from '../../../src/domain/encounters.ts';
import type { AuditOutcome, AuditRow, MeasureId, PatientSummary } from '../../../src/domain/shapes.ts';

export type { AuditOutcome, MeasureId, PatientSummary };

// One list of permissions for server and web.
export type { Permission } from '../../../src/domain/roles.ts';

export type User = {
  id: string;
  username: string;
  displayName: string;
  role: string;
  orgId: string;
  orgName: string;
  permissions: string[];
};

export type Page<T> = { items: T[]; total: number; limit: number; offset: number };


export type Patient = {
  id: string;
  externalId: string | null;
  firstName: string;
  lastName: string;
  birthDate: string;
  sex: string;
  language: string | null;
  phone: string | null;
  email: string | null;
  addressLine: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  healthLiteracyConcern: boolean;
  cognitiveImpairment: 'yes' | 'no' | 'unknown';
  longTermCare: boolean;
  caregiverName: string | null;
  caregiverRelationship: string | null;
  caregiverPhone: string | null;
  deceasedDate: string | null;
  /** The plan's Drug Management Program at-risk determination (null: none). */
  dmpAtRiskOn: string | null;
  dmpAtRiskUntil: string | null;
  /** One of the organisation's pharmacy locations. */
  homePharmacy: { id: string; name: string; state: string; ncpdp: string | null; npi: string | null } | null;
};

export type Coverage = {
  id: string;
  kind: string;
  payerName: string;
  memberId: string;
  contractId: string | null;
  pbpId: string | null;
  groupId: string | null;
  startDate: string;
  endDate: string | null;
};

export type Consent = {
  id: string;
  kind: string;
  status: string;
  givenBy: string;
  effectiveDate: string;
  expiresDate: string | null;
};

export type Prescriber = {
  id: string;
  npi: string;
  firstName: string;
  lastName: string;
  credential: string | null;
  specialty: string | null;
  phone?: string | null;
  fax?: string | null;
};

export type CareTeamMember = { id: string; role: string; prescriber: Prescriber | null };

export type MedicationSource = 'prescription' | 'otc' | 'herbal' | 'supplement';

export type Medication = {
  id: string;
  rxcui: string | null;
  display: string;
  source: MedicationSource;
  sig: string | null;
  indication: string | null;
  prescriber: { id: string; npi: string; name: string } | null;
  startDate: string | null;
  stopDate: string | null;
  stopReason: string | null;
  status: 'active' | 'stopped';
  recordedFrom: string | null;
  updatedAt: string;
  /** Its finding at the latest signed review that reconciled it (not taking, taking differently, …), or null. */
  lastReview: LastReviewFinding | null;
};

export type Condition = {
  id: string;
  codeSystem: 'icd10cm' | 'snomed';
  code: string;
  display: string;
  onsetDate: string | null;
  abatementDate: string | null;
  clinicalStatus: string;
};

export type Allergy = {
  id: string;
  substance: string;
  substanceRxcui: string | null;
  kind: string;
  reaction: string | null;
  severity: string | null;
  recordedDate: string | null;
};

export type Observation = {
  id: string;
  loinc: string;
  display: string;
  valueNum: number | null;
  valueText: string | null;
  unit: string | null;
  effectiveDate: string;
};

export type Fill = {
  id: string;
  ndc: string | null;
  rxcui: string | null;
  drugName: string;
  fillDate: string;
  daysSupply: number;
  quantity: number;
  totalCost: number | null;
  patientPay: number | null;
  pharmacyName: string | null;
  prescriberName: string | null;
  claimStatus: string;
};

export type Encounter = {
  id: string;
  kind: string;
  startDate: string;
  endDate: string | null;
  facility: string | null;
  reasonCode: string | null;
  reason: string | null;
};

export type Immunization = { id: string; cvx: string; display: string; administeredDate: string };

export type Signature = {
  id: string;
  signedAt: string;
  signedBy: string;
  note: string | null;
  activeMedicationCount: number;
};

export type PatientChart = {
  patient: Patient;
  coverages: Coverage[];
  consents: Consent[];
  careTeam: CareTeamMember[];
  medications: Medication[];
  conditions: Condition[];
  allergies: Allergy[];
  observations: Observation[];
  fills: Fill[];
  encounters: Encounter[];
  immunizations: Immunization[];
  signatures: Signature[];
};

/** One row of the append-only audit log (GET /api/audit), newest first. */
export type AuditEntry = AuditRow;


export type RefillAdvice = null | { status: 'already-adherent' } | { status: 'refill-by'; lastDate: string } | { status: 'cannot-reach'; bestPdc: number };

/** A fill counted for an adherence measure; coveredFrom/To after overlap shifting, null when nothing fell in the period. */
export type MeasureFill = { date: string; daysSupply: number; drug: string; coveredFrom: string | null; coveredTo: string | null };

export type MeasureResult = {
  measure: MeasureId;
  inDenominator: boolean;
  reason: string;
  /** Proportion of days covered, 0–1. */
  pdc: number | null;
  coveredDays: number | null;
  periodDays: number | null;
  numerator: 0 | 1;
  periodStart: string | null;
  periodEnd: string | null;
  refill: RefillAdvice;
  fills: MeasureFill[];
};

export type PatientMeasures = { year: number; asOf: string; label: string; unclassifiedFills: number; measures: MeasureResult[] };
