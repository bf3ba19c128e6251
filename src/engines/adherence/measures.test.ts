// Golden cases for the six measures: in/out of the denominator with the reason, and the numerator.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toDay } from '../../domain/days.ts';
import { evaluateMember, type MeasureId, type MeasureResult } from './measures.ts';
import { DEFAULT_SETTINGS, type Member, type MemberExclusion, type MemberFill, type MeasureClass } from './member.ts';

const settings = { ...DEFAULT_SETTINGS, year: 2025 };

function rx(date: string, daysSupply: number, classes: Partial<Record<MeasureClass, string>>): MemberFill {
  return { day: toDay(date), daysSupply, classes };
}
const metformin = (date: string, days = 90) => rx(date, days, { 'diabetes-noninsulin': 'metformin' });
const lisinopril = (date: string, days = 90) => rx(date, days, { rasa: 'lisinopril' });
const lisinoprilHctz = (date: string, days = 90) => rx(date, days, { rasa: 'lisinopril' });
const atorvastatin = (date: string, days = 90) => rx(date, days, { statin: 'atorvastatin' });

function member(fills: MemberFill[], over: Partial<Member> & { born?: string; excl?: MemberExclusion[] } = {}): Member {
  return {
    id: 'M1',
    birthDay: toDay(over.born ?? '1950-06-01'),
    exclusions: new Set(over.excl ?? []),
    fills,
    inpatient: over.inpatient ?? [],
    deathDay: over.deathDay,
    enrollment: over.enrollment,
  };
}

function result(m: Member, id: MeasureId, s = settings): MeasureResult {
  return evaluateMember(m, s).find((r) => r.measure === id)!;
}

describe('adherence measures (PDC-DR, PDC-RASA, PDC-STA)', () => {
  it('adherent: quarterly fills on time', () => {
    const r = result(member([metformin('2025-01-02'), metformin('2025-04-01'), metformin('2025-06-30'), metformin('2025-09-28')]), 'PDC-DR');
    assert.deepEqual([r.inDenominator, r.reason, r.numerator], [true, 'in-denominator', 1]);
    // 01-02 → 04-01, then shifted 04-02 → 06-30, 07-01 → 09-28, 09-29 → 12-27: 360 of 364 days.
    assert.equal(r.coveredDays, 360);
    assert.equal(r.periodDays, 364);
    assert.equal(r.pdc!.toFixed(6), '0.989011');
  });
  it('non-adherent: a three-month gap', () => {
    const r = result(member([lisinopril('2025-01-01'), lisinopril('2025-03-25'), lisinopril('2025-09-25')]), 'PDC-RASA');
    assert.equal(r.numerator, 0);
    assert.equal(r.coveredDays, 270);
    assert.ok(r.pdc! < 0.8, 'a three-month gap brings the PDC below 80%');
  });
  it('single and combination products of the same ingredient are shifted as one drug', () => {
    const r = result(member([lisinopril('2025-01-01'), lisinoprilHctz('2025-03-25'), lisinoprilHctz('2025-07-05'), lisinoprilHctz('2025-09-25')]), 'PDC-RASA');
    assert.equal(r.coveredDays, 360);
  });
  it('needs two fills on different days', () => {
    assert.equal(result(member([atorvastatin('2025-02-01', 90), atorvastatin('2025-02-01', 90)]), 'PDC-STA').reason, 'too-few-fills');
    assert.equal(result(member([atorvastatin('2025-02-01')]), 'PDC-STA').reason, 'too-few-fills');
  });
  it('needs the first fill at least 91 days before year end (2 October is the last day that qualifies)', () => {
    assert.equal(result(member([atorvastatin('2025-10-02', 30), atorvastatin('2025-11-01', 30)]), 'PDC-STA').inDenominator, true);
    assert.equal(result(member([atorvastatin('2025-10-03', 30), atorvastatin('2025-11-02', 30)]), 'PDC-STA').reason, 'ipsd-too-late');
  });
  it('excludes hospice and ESRD, insulin users from PDC-DR and sacubitril/valsartan users from PDC-RASA', () => {
    const dm = [metformin('2025-01-02'), metformin('2025-04-01')];
    assert.equal(result(member(dm, { excl: ['hospice'] }), 'PDC-DR').reason, 'excluded:hospice');
    assert.equal(result(member(dm, { excl: ['esrd'] }), 'PDC-DR').reason, 'excluded:esrd');
    assert.equal(result(member([...dm, rx('2025-05-01', 30, { insulin: 'insulin glargine' })]), 'PDC-DR').reason, 'excluded:insulin');
    const ras = [lisinopril('2025-01-02'), lisinopril('2025-04-01'), rx('2025-06-01', 30, { 'sacubitril-valsartan': 'sacubitril/valsartan', rasa: 'valsartan' })];
    assert.equal(result(member(ras), 'PDC-RASA').reason, 'excluded:sacubitril-valsartan');
  });
  it('ends the treatment period at death and excludes members under 18', () => {
    const r = result(member([atorvastatin('2025-01-01'), atorvastatin('2025-04-01')], { deathDay: toDay('2025-06-29') }), 'PDC-STA');
    assert.equal(r.periodDays, 180);
    assert.equal(r.numerator, 1);
    assert.equal(result(member([atorvastatin('2025-01-01'), atorvastatin('2025-04-01')], { born: '2010-01-01' }), 'PDC-STA').reason, 'age');
  });
  it('excludes a member with an enrollment gap of more than one day when continuous enrollment is required', () => {
    const fills = [atorvastatin('2025-01-01'), atorvastatin('2025-04-01'), atorvastatin('2025-07-01'), atorvastatin('2025-10-01')];
    const gap = [[toDay('2025-01-01'), toDay('2025-05-31')], [toDay('2025-06-03'), undefined]] as const;
    const oneDay = [[toDay('2025-01-01'), toDay('2025-05-31')], [toDay('2025-06-02'), undefined]] as const;
    assert.equal(result(member(fills, { enrollment: gap }), 'PDC-STA').reason, 'enrollment-gap');
    assert.equal(result(member(fills, { enrollment: oneDay }), 'PDC-STA').inDenominator, true);
    assert.equal(result(member(fills, { enrollment: gap }), 'PDC-STA', { ...settings, requireContinuousEnrollment: false }).inDenominator, true);
  });
  it('takes inpatient days out of the period', () => {
    const r = result(member([metformin('2025-01-01', 30), metformin('2025-02-05', 330)], { inpatient: [[toDay('2025-01-10'), toDay('2025-01-14')]] }), 'PDC-DR');
    assert.equal(r.periodDays, 360);
    assert.equal(r.coveredDays, 360);
  });
});

describe('SUPD', () => {
  const dm = [metformin('2025-01-02'), metformin('2025-04-01')];
  it('counts diabetes patients 40–75 and looks for a statin', () => {
    assert.equal(result(member([...dm, atorvastatin('2025-08-01', 30)]), 'SUPD').numerator, 1);
    const without = result(member(dm), 'SUPD');
    assert.deepEqual([without.inDenominator, without.numerator], [true, 0]);
  });
  it('anchors age at the start of the year by default (CMS 2024+), or at the end by setting', () => {
    const turns76 = member(dm, { born: '1949-07-01' }); // 75 on 1 Jan 2025, 76 on 31 Dec 2025
    assert.equal(result(turns76, 'SUPD').inDenominator, true);
    assert.equal(result(turns76, 'SUPD', { ...settings, supdAgeAnchor: 'end-of-year' }).reason, 'age');
  });
  it('applies the clinical exclusions when they are known', () => {
    assert.equal(result(member(dm, { excl: ['liver-disease'] }), 'SUPD').reason, 'excluded:liver-disease');
  });
});

describe('POLY-ACH', () => {
  const oxybutynin = (date: string) => rx(date, 30, { anticholinergic: 'oxybutynin' });
  const paroxetine = (date: string) => rx(date, 30, { anticholinergic: 'paroxetine' });
  it('flags 30+ days of two anticholinergics together, each filled at least twice', () => {
    const r = result(member([oxybutynin('2025-03-01'), oxybutynin('2025-03-31'), paroxetine('2025-03-01'), paroxetine('2025-03-31')], { born: '1945-01-01' }), 'POLY-ACH');
    assert.deepEqual([r.inDenominator, r.numerator], [true, 1]);
  });
  it('does not flag 29 days of overlap or a second drug filled once', () => {
    const short = result(member([oxybutynin('2025-03-01'), oxybutynin('2025-03-31'), paroxetine('2025-04-01'), paroxetine('2025-05-01')], { born: '1945-01-01' }), 'POLY-ACH');
    assert.equal(short.numerator, 0); // overlap only 04-01..04-29
    const once = result(member([oxybutynin('2025-03-01'), oxybutynin('2025-03-31'), paroxetine('2025-03-01')], { born: '1945-01-01' }), 'POLY-ACH');
    assert.equal(once.numerator, 0);
  });
  it('is for members 65 and older', () => {
    assert.equal(result(member([oxybutynin('2025-03-01'), oxybutynin('2025-03-31')], { born: '1970-01-01' }), 'POLY-ACH').reason, 'age');
  });
});

describe('COB', () => {
  const oxycodone = (date: string, days = 30) => rx(date, days, { opioid: 'oxycodone' });
  const alprazolam = (date: string, days = 30) => rx(date, days, { benzodiazepine: 'alprazolam' });
  it('flags 30+ days of opioid and benzodiazepine together with two benzodiazepine fills', () => {
    const r = result(member([oxycodone('2025-01-01'), oxycodone('2025-01-31'), alprazolam('2025-01-05'), alprazolam('2025-02-04')]), 'COB');
    assert.deepEqual([r.inDenominator, r.numerator], [true, 1]);
  });
  it('needs two opioid fills with at least 15 days in total for the denominator', () => {
    assert.equal(result(member([oxycodone('2025-01-01', 7), oxycodone('2025-01-20', 7)]), 'COB').reason, 'too-few-fills');
    assert.equal(result(member([oxycodone('2025-01-01', 7), oxycodone('2025-01-20', 8)]), 'COB').inDenominator, true);
  });
  it('excludes cancer, sickle cell disease, palliative care and hospice', () => {
    for (const e of ['cancer', 'sickle-cell', 'palliative-care', 'hospice'] as const) {
      assert.equal(result(member([oxycodone('2025-01-01'), oxycodone('2025-01-31')], { excl: [e] }), 'COB').reason, `excluded:${e}`);
    }
  });
});
