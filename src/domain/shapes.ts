// Shapes the API returns that the web app reads too: one definition for server and client (type-only for web).

export type PatientSummary = {
  id: string;
  firstName: string;
  lastName: string;
  birthDate: string;
  sex: string;
  state: string | null;
  memberIds: string[];
  activeMedicationCount: number;
};

export type AuditOutcome = 'success' | 'denied' | 'error';

/** What one audit-log entry records. */
export type AuditEntry = {
  orgId: string | null;
  userId: string | null;
  username: string | null;
  role: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  patientId: string | null;
  outcome: AuditOutcome;
  ip: string | null;
  userAgent: string | null;
  detail: Record<string, unknown> | null;
};

/** An audit-log row as stored and returned by GET /api/audit. */
export type AuditRow = AuditEntry & { id: string; at: string };

export const MEASURE_IDS = ['PDC-DR', 'PDC-RASA', 'PDC-STA', 'SUPD', 'POLY-ACH', 'COB'] as const;
export type MeasureId = (typeof MEASURE_IDS)[number];
