import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toDay } from '../../domain/days.ts';
import type { DtpFinding } from '../../domain/screening.ts';
import { DEFAULT_SETTINGS, type Member, type MemberFill } from '../adherence/member.ts';
import { measureReport } from '../adherence/report.ts';
import { assessInterventions, reconcileInterventions, type ExistingIntervention, type InterventionAssessment } from './interventions.ts';

const settings = { ...DEFAULT_SETTINGS, year: 2026 };
const statin = (day: string, daysSupply: number): MemberFill => ({ day: toDay(day), daysSupply, classes: { statin: 'atorvastatin' } });
const member = (fills: MemberFill[]): Member => ({ id: 'm', birthDay: toDay('1950-01-01'), exclusions: new Set(), fills, inpatient: [] });
/** Period 2026-03-01..12-31 = 306 days, 245 needed; covered Mar 1–May 29 and Jun 1–Aug 29 = 180, so 65 days short. */
const lapsed = member([statin('2026-03-01', 90), statin('2026-06-01', 90)]);

const assess = (m: Member | null, asOf: string, findings: DtpFinding[] | null = null, errors: { ruleId: string; patientId: string; message: string }[] = []) =>
  assessInterventions(
    { measures: m ? measureReport(m, settings, toDay(asOf)) : null, screening: findings ? { findings, errors } : null, adherenceThreshold: 0.8 },
    asOf,
  );

function finding(ruleId: string, title: string, drugs: string[], over: Partial<DtpFinding> = {}): DtpFinding {
  return {
    ruleId, ruleVersion: 1, family: 'interaction', category: 'adverse-drug-reaction', group: 'safety', severity: 'high', status: 'problem', title,
    summary: title, drugs, evidence: { medications: [], conditions: [], observations: [], facts: [] }, missing: [], recommendation: 'r', patientText: 'p',
    snomed: { code: '1', display: 'x' }, source: { citation: 'test citation', version: '1', retrieved: '2026-01-01' }, ...over,
  };
}

describe('adherence rescue items', () => {
  it('lists a measure below 80% that one refill by a near date still rescues, due on that day', () => {
    const a = assess(lapsed, '2026-10-01');
    assert.deepEqual(a.items, [
      {
        kind: 'adherence',
        topic: 'PDC-STA@2026-10-28',
        dueDate: '2026-10-28',
        reason: 'Adherence rescue: PDC-STA (statins) is 58.8% this year, below 80.0%; one refill of atorvastatin by 2026-10-28 still brings it to 80.0%',
        factors: [{ factor: 'adherence rescue: PDC-STA at 58.8%, below 80.0%', points: 15 }],
      },
    ]);
    assert.equal(a.now.get('PDC-STA'), 'the last day to refill for PDC-STA (58.8%) is 2026-10-28');
    assert.match(a.now.get('PDC-DR')!, /^PDC-DR does not apply to this patient this year \(too-few-fills\)$/);
  });

  it('waits while the last refill day is more than 30 days away', () => {
    const a = assess(lapsed, '2026-09-15');
    assert.deepEqual(a.items, []);
    assert.equal(a.now.get('PDC-STA'), 'the last day to refill for PDC-STA (58.8%) is 2026-10-28');
  });

  it('lists nothing once the last refill day has passed: the year can no longer be rescued', () => {
    const a = assess(lapsed, '2026-10-29');
    assert.deepEqual(a.items, []);
    assert.match(a.now.get('PDC-STA')!, /^PDC-STA \(58\.8%\) can no longer reach 80\.0% this year with one refill \(best \d+\.\d%\)$/);
  });

  it('lists nothing for an adherent patient', () => {
    const a = assess(member([statin('2026-03-01', 90), statin('2026-05-25', 90), statin('2026-08-20', 90), statin('2026-11-15', 90)]), '2026-10-01');
    assert.deepEqual(a.items, []);
    assert.equal(a.now.get('PDC-STA'), 'PDC-STA is 100.0%, at or above 80.0%');
  });

  it('no fills is "not in the measure", never a rescue item', () => {
    const a = assess(member([]), '2026-10-01');
    assert.deepEqual(a.items, []);
    for (const m of ['PDC-DR', 'PDC-RASA', 'PDC-STA']) assert.equal(a.now.get(m), `${m} does not apply to this patient this year (too-few-fills)`);
    const one = assess(member([statin('2026-09-20', 30)]), '2026-10-01');
    assert.deepEqual(one.items, [], 'a single fill does not put the patient in the measure');
  });

  it('knows nothing about measures it was not given', () => {
    const a = assess(null, '2026-10-01');
    assert.deepEqual(a.items, []);
    assert.equal(a.now.size, 0);
  });
});

describe('high-severity drug therapy problem items', () => {
  it('makes one item per patient listing every high-severity problem, due in 7 days', () => {
    const a = assess(null, '2026-06-15', [
      finding('ddi.warfarin-nsaid', 'Warfarin with an NSAID', ['ibuprofen', 'warfarin']),
      finding('monitoring.inr', 'No INR on warfarin', ['warfarin'], { severity: 'moderate' }),
      finding('renal.metformin', 'Metformin with low kidney function', ['metformin'], { status: 'could-not-assess' }),
      finding('gap.naloxone', 'No naloxone with high-dose opioid', []),
    ]);
    assert.deepEqual(a.items, [
      {
        kind: 'dtp',
        topic: 'dtp@ddi.warfarin-nsaid:ibuprofen+warfarin;gap.naloxone',
        dueDate: '2026-06-22',
        reason: 'High-severity drug therapy problems (2): Warfarin with an NSAID (ibuprofen, warfarin); No naloxone with high-dose opioid',
        factors: [{ factor: '2 high-severity drug therapy problems', points: 20 }],
      },
    ]);
  });

  it('could-not-assess and lower-severity findings make no item', () => {
    const a = assess(null, '2026-06-15', [finding('renal.metformin', 'Metformin with low kidney function', ['metformin'], { status: 'could-not-assess' })]);
    assert.deepEqual(a.items, []);
    assert.equal(a.now.get('dtp'), 'no high-severity drug therapy problem is flagged');
  });

  it('does not claim "no problem" when a rule failed, but still lists the problems it found', () => {
    const boom = [{ ruleId: 'ddi.warfarin-nsaid', patientId: 'p', message: 'boom' }];
    const a = assess(null, '2026-06-15', [], boom);
    assert.deepEqual(a.items, []);
    assert.equal(a.now.has('dtp'), false);
    const b = assess(null, '2026-06-15', [finding('gap.naloxone', 'No naloxone with high-dose opioid', [])], boom);
    assert.deepEqual(b.items.map((i) => i.topic), ['dtp@gap.naloxone']);
    assert.equal(b.now.has('dtp'), false);
    const r = reconcileInterventions(b, [{ id: 'old', topic: 'dtp@ddi.warfarin-nsaid:ibuprofen+warfarin', status: 'open', started: false }], '2026-06-15');
    assert.deepEqual([r.create.map((i) => i.topic), r.close], [['dtp@gap.naloxone'], []], 'the earlier item may still hold: it stays');
  });
});

describe('reconciling with the items already in the queue', () => {
  const due = assess(lapsed, '2026-10-01');
  const item = (topic: string, over: Partial<ExistingIntervention> = {}): ExistingIntervention => ({ id: topic, topic, status: 'open', started: false, ...over });

  it('adds a new item once: re-running adds nothing, whatever became of it', () => {
    assert.deepEqual(reconcileInterventions(due, [], '2026-10-01').create.map((i) => i.topic), ['PDC-STA@2026-10-28']);
    for (const status of ['open', 'claimed', 'done', 'declined', 'unable-to-reach'] as const) {
      assert.deepEqual(reconcileInterventions(due, [item('PDC-STA@2026-10-28', { status })], '2026-10-01'), { create: [], close: [] }, status);
    }
  });

  it('closes an unstarted item whose reason no longer holds, saying why', () => {
    // Refilled on 10-05: 90 + 90 + 88 (Oct 5–Dec 31) = 268 of 306 days.
    const now = assess(member([statin('2026-03-01', 90), statin('2026-06-01', 90), statin('2026-10-05', 90)]), '2026-10-06');
    assert.deepEqual(now.items, []);
    const r = reconcileInterventions(now, [item('PDC-STA@2026-10-28')], '2026-10-06');
    assert.deepEqual(r, { create: [], close: [{ id: 'PDC-STA@2026-10-28', reason: 'No longer needed on 2026-10-06: PDC-STA is 87.5%, at or above 80.0%' }] });
  });

  it('replaces an unstarted item whose deadline moved, but leaves a started one to the person working it', () => {
    const old = item('PDC-STA@2026-10-20');
    const replaced = reconcileInterventions(due, [old], '2026-10-01');
    assert.deepEqual(replaced.create.map((i) => i.topic), ['PDC-STA@2026-10-28']);
    assert.deepEqual(replaced.close, [{ id: old.id, reason: 'No longer needed on 2026-10-01: the last day to refill for PDC-STA (58.8%) is 2026-10-28' }]);
    for (const started of [item('PDC-STA@2026-10-20', { started: true }), item('PDC-STA@2026-10-20', { status: 'claimed', started: true })]) {
      assert.deepEqual(reconcileInterventions(due, [started], '2026-10-01'), { create: [], close: [] });
    }
  });

  it('leaves items alone when their subject could not be assessed, and may recreate one closed as no longer needed', () => {
    const unknown: InterventionAssessment = { items: [], now: new Map() };
    assert.deepEqual(reconcileInterventions(unknown, [item('dtp@ddi.x')], '2026-10-01'), { create: [], close: [] });
    assert.deepEqual(reconcileInterventions(due, [item('PDC-STA@2026-10-28', { status: 'not-needed' })], '2026-10-01').create.length, 1);
    assert.deepEqual(reconcileInterventions(due, [item('PDC-RASA@2026-10-10', { status: 'done' })], '2026-10-01').close, [], 'closed items stay as they are');
  });
});
