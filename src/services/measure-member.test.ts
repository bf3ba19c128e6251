// Which coverage the continuous-enrollment rule reads for a patient in the database: Part D / MA when there is any,
// else the other drug coverage (a commercial or Medicaid plan's own members), else none known.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toDay } from '../domain/days.ts';
import { evaluateMember } from '../engines/adherence/measures.ts';
import { DEFAULT_SETTINGS } from '../engines/adherence/member.ts';
import type { MeasureInputs } from '../store/measures.repository.ts';
import { memberFromRecord } from './measure-member.ts';

const fill = (fillDate: string) => ({ fillDate, daysSupply: 90, rxcui: '861007', ndc: null }); // metformin 500 mg
const inputs = (enrollment: MeasureInputs['enrollment']): MeasureInputs => ({
  birthDate: '1960-01-01', deceasedDate: null, fills: [fill('2025-01-05'), fill('2025-04-05'), fill('2025-07-05'), fill('2025-10-05')],
  inpatient: [], enrollment, icd10: [], hospiceEncounter: false,
});
const pdcDr = (i: MeasureInputs) => evaluateMember(memberFromRecord('p', i).member, { ...DEFAULT_SETTINGS, year: 2025 }).find((r) => r.measure === 'PDC-DR')!;

describe('memberFromRecord enrollment', () => {
  it('reads a commercial plan that ends in October as a gap when there is no Part D coverage', () => {
    assert.equal(pdcDr(inputs([{ kind: 'commercial', startDate: '2024-01-01', endDate: '2025-10-31' }])).reason, 'enrollment-gap');
  });
  it('reads only the Part D / MA spans when the patient has any', () => {
    const r = pdcDr(inputs([{ kind: 'medicare_part_d', startDate: '2021-01-01', endDate: null }, { kind: 'commercial', startDate: '2024-01-01', endDate: '2025-03-31' }]));
    assert.equal(r.reason, 'in-denominator');
    assert.equal(memberFromRecord('p', inputs([{ kind: 'medicare_part_d', startDate: '2021-01-01', endDate: null }])).member.enrollment![0]![0], toDay('2021-01-01'));
  });
  it('treats a record without coverage as enrollment not known (the rule cannot exclude)', () => {
    assert.equal(memberFromRecord('p', inputs([])).member.enrollment, undefined);
    assert.equal(pdcDr(inputs([])).reason, 'in-denominator');
  });
});
