// A patient record in the import format (patient-record.ts) as the screening engine's snapshot: used to screen
// generated populations without the database (bench/screen.ts) and anywhere a record is at hand.
import type { PatientRecord } from './patient-record.ts';
import type { PatientSnapshot } from './screening.ts';

export function recordToSnapshot(r: PatientRecord, asOf: string): PatientSnapshot {
  return {
    id: r.externalId,
    birthDate: r.birthDate,
    sex: r.sex,
    medications: r.medications.map((m) => ({
      id: m.externalId, name: m.display, kind: m.source,
      status: m.stopDate && m.stopDate <= asOf ? 'stopped' as const : 'active' as const,
      ...(m.rxcui ? { rxcui: m.rxcui } : {}), ...(m.sig ? { sig: m.sig } : {}),
      ...(m.startDate ? { startDate: m.startDate } : {}), ...(m.stopDate ? { stopDate: m.stopDate } : {}),
    })),
    conditions: r.conditions.map((c) => ({
      id: c.externalId, text: c.display, active: c.clinicalStatus === 'active',
      ...(c.codeSystem === 'icd10cm' ? { icd10: c.code.replace('.', '') } : { snomed: c.code }),
      ...(c.onsetDate ? { onsetDate: c.onsetDate } : {}),
    })),
    observations: r.observations.flatMap((o) => (o.valueNum == null ? [] : [{ id: o.externalId, loinc: o.loinc, text: o.display, value: o.valueNum, ...(o.unit ? { unit: o.unit } : {}), date: o.effectiveDate }])),
    allergies: r.allergies.map((a) => ({ id: a.externalId, text: a.substance, ...(a.substanceRxcui ? { rxcui: a.substanceRxcui } : {}) })),
    immunizations: r.immunizations.map((i) => ({ id: i.externalId, cvx: i.cvx, text: i.display, date: i.administeredDate })),
    fills: r.fills.filter((f) => f.claimStatus !== 'reversed').map((f) => ({ id: f.externalId, name: f.drugName, date: f.fillDate, daysSupply: f.daysSupply, ...(f.rxcui ? { rxcui: f.rxcui } : {}), ...(f.ndc ? { ndc: f.ndc } : {}) })),
  };
}
