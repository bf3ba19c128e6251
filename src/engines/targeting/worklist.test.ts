import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { shippedKnowledge } from '../../knowledge/screening/index.ts';
import { addMonths, highRiskClassesOf, nextCmr, nextTmr, NO_HISTORY, postDischarge, priorityOf } from './worklist.ts';

describe('worklist due dates', () => {
  it('adds calendar months, clamping to the end of shorter months', () => {
    assert.equal(addMonths('2026-01-31', 1), '2026-02-28');
    assert.equal(addMonths('2028-01-31', 1), '2028-02-29');
    assert.equal(addMonths('2026-11-15', 3), '2027-02-15');
    assert.equal(addMonths('2026-06-15', 12), '2027-06-15');
  });

  it('offers a new enrollee a CMR within 60 days, then annually after the last one done', () => {
    assert.deepEqual(nextCmr('2026-05-01', NO_HISTORY, '2026-05-01'), {
      kind: 'cmr',
      dueDate: '2026-06-30',
      initial: true,
      reason: 'Initial CMR for a new enrollee: enrolled 2026-05-01, to be offered within 60 days',
    });
    assert.equal(nextCmr('2026-05-01', { ...NO_HISTORY, active: true }, '2026-05-01'), undefined, 'one already in the queue');
    const done = { lastDoneOn: '2026-06-20', lastClosedDue: null, active: false };
    assert.equal(nextCmr('2026-05-01', done, '2027-05-20'), undefined, 'more than 30 days ahead');
    assert.equal(nextCmr('2026-05-01', done, '2027-05-21')?.dueDate, '2027-06-20');
    const declined = { lastDoneOn: null, lastClosedDue: '2026-06-30', active: false };
    assert.equal(nextCmr('2026-05-01', declined, '2027-06-01')?.dueDate, '2027-06-30');
  });

  it('schedules TMRs a quarter after the last review, the last missed TMR, or enrollment', () => {
    assert.equal(nextTmr('2026-05-01', NO_HISTORY, NO_HISTORY, '2026-07-02')?.dueDate, '2026-08-01');
    assert.equal(nextTmr('2026-05-01', NO_HISTORY, NO_HISTORY, '2026-07-01'), undefined, 'more than 30 days ahead');
    const cmrDone = { lastDoneOn: '2026-06-20', lastClosedDue: null, active: false };
    assert.equal(nextTmr('2026-05-01', cmrDone, NO_HISTORY, '2026-09-01')?.dueDate, '2026-09-20');
    const tmrMissed = { lastDoneOn: null, lastClosedDue: '2026-09-20', active: false };
    assert.equal(nextTmr('2026-05-01', cmrDone, tmrMissed, '2026-12-01')?.reason, 'Quarterly TMR: the TMR due 2026-09-20 was not completed');
  });

  it('reviews recent discharges within 7 days', () => {
    assert.equal(postDischarge('2026-06-10', null, '2026-06-15')?.dueDate, '2026-06-17');
    assert.equal(postDischarge('2026-05-01', null, '2026-06-15'), undefined);
  });
});

describe('worklist priority', () => {
  it('explains every point', () => {
    const k = shippedKnowledge();
    const risk = highRiskClassesOf(
      [
        { id: '1', name: 'warfarin 5 MG Oral Tablet' },
        { id: '2', name: 'oxycodone 5 MG Oral Tablet' },
        { id: '3', name: 'lisinopril 10 MG Oral Tablet' },
      ],
      k,
    );
    assert.deepEqual([...risk], [['anticoagulant', 'warfarin'], ['opioid', 'oxycodone']]);
    const p = priorityOf({ item: { kind: 'cmr', dueDate: '2026-06-01', initial: true }, asOf: '2026-06-15', birthDate: '1940-06-16', activeMedications: 12, highRisk: risk });
    assert.deepEqual(p.factors, [
      { factor: 'overdue by 14 days', points: 24 },
      { factor: 'initial CMR for a new enrollee', points: 10 },
      { factor: '12 active medications (8 or more)', points: 20 },
      { factor: 'high-risk drug class anticoagulant (warfarin)', points: 10 },
      { factor: 'high-risk drug class opioid (oxycodone)', points: 10 },
      { factor: 'age 85 (80 or older)', points: 10 },
    ]);
    assert.equal(p.priority, 84);
    const capped = priorityOf({ item: { kind: 'post-discharge', dueDate: '2026-01-01', initial: false }, asOf: '2026-06-15', birthDate: '1930-01-01', activeMedications: 15, highRisk: risk });
    assert.equal(capped.priority, 100);
  });
});
