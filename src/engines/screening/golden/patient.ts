// Compact patient builder for golden cases: medications as "name | sig" strings, conditions as ICD-10-CM codes
// (or "sct:CODE"), labs as [LOINC, value, unit, daysAgo]. Dates are relative to the case's asOf.
import type { PatientSnapshot, SnapshotMedication } from '../../../domain/screening.ts';
import { isoDay, toDay } from '../../../domain/days.ts';

export const GOLDEN_AS_OF = '2026-11-25';

export type MedSpec = string | (Partial<SnapshotMedication> & { name: string });
export type PatientSpec = {
  /** null = date of birth unknown. */
  age?: number | null;
  sex?: PatientSnapshot['sex'];
  meds?: MedSpec[];
  stopped?: MedSpec[];
  conditions?: string[];
  labs?: [loinc: string, value: number, unit: string, daysAgo?: number][];
  immunizations?: [cvx: string, daysAgo: number][];
  allergies?: string[];
  fills?: [name: string, daysAgo: number, daysSupply: number][];
};

export function patient(p: PatientSpec, asOf = GOLDEN_AS_OF): PatientSnapshot {
  const day = toDay(asOf);
  const ago = (n: number) => isoDay(day - n);
  const age = p.age === undefined ? 70 : p.age;
  const med = (m: MedSpec, i: number, status: 'active' | 'stopped'): SnapshotMedication => {
    if (typeof m !== 'string') return { id: `m${status}${i}`, status, ...m };
    const [name, sig] = m.split('|').map((s) => s.trim());
    return { id: `m${status}${i}`, name: name ?? '', status, ...(sig ? { sig } : {}) };
  };
  return {
    id: 'golden',
    ...(age === null ? {} : { birthDate: `${Number(asOf.slice(0, 4)) - age - 1}-12-31` }),
    sex: p.sex ?? 'female',
    medications: [...(p.meds ?? []).map((m, i) => med(m, i, 'active')), ...(p.stopped ?? []).map((m, i) => med(m, i, 'stopped'))],
    conditions: (p.conditions ?? []).map((c, i) => ({ id: `c${i}`, text: c, active: true, ...(c.startsWith('sct:') ? { snomed: c.slice(4) } : { icd10: c }) })),
    observations: (p.labs ?? []).map(([loinc, value, unit, daysAgo], i) => ({ id: `o${i}`, loinc, value, unit, date: ago(daysAgo ?? 10) })),
    allergies: (p.allergies ?? []).map((text, i) => ({ id: `a${i}`, text })),
    immunizations: (p.immunizations ?? []).map(([cvx, daysAgo], i) => ({ id: `i${i}`, cvx, date: ago(daysAgo) })),
    ...(p.fills ? { fills: p.fills.map(([name, daysAgo, daysSupply], i) => ({ id: `f${i}`, name, date: ago(daysAgo), daysSupply })) } : {}),
  };
}
