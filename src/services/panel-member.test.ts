// Facts for panel program criteria from a stored record, each present and absent: medications active on the day and
// their classes through the screening resolver (product code, brand name, unknown product), chronic condition groups,
// the latest A1c, adherence from the measure engine (and when it cannot be computed), the last discharge; then the
// stored result: decision, outcomes, notes, and the living and coverage checks of the program kind.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toDay } from '../domain/days.ts';
import { DEFAULT_SETTINGS } from '../engines/adherence/member.ts';
import { evaluatePanel } from '../engines/targeting/panel.ts';
import { shippedKnowledge } from '../knowledge/screening/index.ts';
import type { PanelInputs } from '../store/panel-inputs.repository.ts';
import { panelFacts, panelRecord, type PanelRun } from './panel-member.ts';

const asOf = toDay('2026-06-15');
const run = (over: Partial<PanelRun> = {}): PanelRun => ({
  kind: 'clinic', year: 2026, criteria: {}, asOf, knowledge: shippedKnowledge(), classify: undefined,
  measureSettings: { ...DEFAULT_SETTINGS, year: 2026 }, ...over,
});

const empty = (): PanelInputs => ({
  medications: [], conditions: [], a1c: null, lastDischarge: null, coverage: [], drugCost: { known: 0, fills: 0, withoutCost: 0 },
  measure: { birthDate: '1950-05-05', deceasedDate: null, fills: [], inpatient: [], enrollment: [], icd10: [], hospiceEncounter: false },
});

const med = (id: string, display: string, rxcui: string | null, source = 'prescription') => ({ id, display, rxcui, source });
// atorvastatin 10 mg, 30 days at a time on 5 January, 1 March and 1 May: 90 of the 162 days to 15 June covered.
const statinFill = (fillDate: string) => ({ fillDate, daysSupply: 30, rxcui: '617312', ndc: null });

/** Rosa: every fact on record. */
function full(): PanelInputs {
  const p = empty();
  p.medications = [
    med('m1', 'warfarin sodium 5 MG Oral Tablet', '855332'),
    med('m2', 'Eliquis 5 mg tablet', null), // uncoded: resolved by its brand name
    med('m3', 'oxycodone hydrochloride 5 MG Oral Tablet', '1049621'),
    med('m4', 'lisinopril 10 MG Oral Tablet', '314076'),
    med('m5', "Grandma's tonic", null, 'herbal'),
  ];
  p.conditions = [
    { system: 'icd10cm', code: 'I10' },
    { system: 'icd10cm', code: 'E11.9' },
    { system: 'snomed', code: '13645005' }, // COPD
    { system: 'icd10cm', code: 'E11.65' }, // a second diabetes code counts once
    { system: 'icd10cm', code: 'J06.9' }, // an acute infection is no chronic group
  ];
  p.a1c = { value: 9.6, date: '2026-04-01' };
  p.lastDischarge = '2026-06-01';
  p.coverage = [{ kind: 'commercial', memberId: 'C-77' }, { kind: 'medicaid', memberId: 'MCD-1' }];
  p.measure.fills = [statinFill('2026-01-05'), statinFill('2026-03-01'), statinFill('2026-05-01'), { fillDate: '2026-02-01', daysSupply: 30, rxcui: '99999999', ndc: null }];
  return p;
}

describe('panel facts from the record', () => {
  it('reads every fact of a patient who has them all', () => {
    const r = panelFacts('rosa', full(), run());
    assert.equal(r.facts.activeMedications, 5);
    for (const c of ['anticoagulant', 'vka', 'doac', 'opioid', 'ace-inhibitor']) assert.ok(r.facts.drugClasses.has(c), `classes include ${c}`);
    assert.equal(r.facts.drugClasses.has('insulin'), false);
    assert.deepEqual(r.unrecognised, ["Grandma's tonic"]);
    assert.deepEqual(r.facts.chronicConditionGroups, ['diabetes', 'hypertension', 'respiratory'], 'distinct groups in the knowledge file order');
    assert.deepEqual(r.facts.latestA1c, { value: 9.6, day: toDay('2026-04-01') });
    assert.equal(r.facts.lastDischarge, toDay('2026-06-01'));
    assert.equal(r.facts.adherence?.length, 1, JSON.stringify(r.facts.adherence));
    const sta = r.facts.adherence![0]!;
    assert.equal(sta.measure, 'PDC-STA');
    assert.ok(Math.abs(sta.pdc - 90 / 162) < 1e-9, `PDC-STA ${sta.pdc}: 90 covered days from 5 January to 15 June`);
    assert.equal(r.unclassifiedFills, 1, 'the fill with a code the class lists do not know');
    assert.equal(r.adherenceError, null);
  });

  it('reads adherence as the measure does once the period has ended, and ignores fills after the day', () => {
    const p = full();
    p.measure.fills = [statinFill('2025-01-05'), statinFill('2025-03-01'), statinFill('2025-05-01')];
    const yearEnd = panelFacts('rosa', p, run({ year: 2025, asOf: toDay('2025-12-31'), measureSettings: { ...DEFAULT_SETTINGS, year: 2025 } }));
    assert.deepEqual(yearEnd.facts.adherence, [{ measure: 'PDC-STA', pdc: 90 / 361 }], 'the measure PDC: 90 of the 361 days from 5 January');
    const later = full();
    later.measure.fills.push(statinFill('2026-06-16'), statinFill('2026-07-20'));
    assert.deepEqual(panelFacts('rosa', later, run()).facts.adherence, panelFacts('rosa', full(), run()).facts.adherence, 'fills after 15 June are not known on 15 June');
  });

  it('reads a patient with nothing on record as nothing, and no A1c as "could not assess"', () => {
    const r = panelFacts('walter', empty(), run());
    assert.deepEqual(
      [r.facts.activeMedications, [...r.facts.drugClasses], r.facts.chronicConditionGroups, r.facts.latestA1c, r.facts.adherence, r.facts.lastDischarge],
      [0, [], [], undefined, [], undefined],
    );
    const d = evaluatePanel({ a1cAbove: 9 }, r.facts, asOf);
    assert.equal(d.qualifies, 'could-not-assess');
    assert.equal(d.outcomes[0]!.detail, 'no A1c in the last 365 days (needs one above 9%)');
    const low = evaluatePanel({ pdcBelow: 0.8, recentDischargeDays: 30, match: 'any' }, r.facts, asOf);
    assert.deepEqual(low.outcomes.map((o) => o.detail), ['in no adherence measure this year', 'no inpatient discharge on record']);
    assert.equal(low.qualifies, false);
  });

  it('says adherence could not be computed when the measure engine cannot, never "not met"', () => {
    const broken = run({ classify: () => { throw new Error('value-set file unreadable'); } });
    const r = panelFacts('rosa', full(), broken);
    assert.deepEqual([r.facts.adherence, r.adherenceError], [null, 'value-set file unreadable']);
    const stored = panelRecord('rosa', full(), { ...broken, criteria: { pdcBelow: 0.8 } });
    assert.deepEqual([stored.decision, stored.eligible, stored.outcomes![0]!.status], ['could-not-assess', false, 'could-not-assess']);
    assert.deepEqual(stored.notes, ['adherence could not be computed: value-set file unreadable']);
  });
});

describe('panel result as stored', () => {
  const highRisk = { minMedications: 5, highRiskDrugClasses: ['anticoagulant', 'opioid'] as ('anticoagulant' | 'opioid')[], a1cAbove: 9, pdcBelow: 0.8, recentDischargeDays: 30 };

  it('qualifies a clinic patient meeting a high-risk panel, with every reason and what the record lacks', () => {
    const r = panelRecord('rosa', full(), run({ criteria: highRisk }));
    assert.deepEqual([r.decision, r.eligible, r.reason, r.dateMet, r.evaluatedOn, r.memberId], ['qualifies', true, null, null, '2026-06-15', 'C-77']);
    assert.deepEqual([r.coreDiseases, r.drugCount, r.annualCost], [['diabetes', 'hypertension', 'respiratory'], 5, null]);
    assert.deepEqual(r.outcomes!.map((o) => `${o.criterion}:${o.status}: ${o.detail}`), [
      'minMedications:met: 5 active medications (needs 5)',
      'highRiskDrugClasses:met: takes anticoagulant, opioid',
      'a1cAbove:met: latest A1c 9.6% (above 9% needed)',
      'pdcBelow:met: PDC-STA 55.5% so far this year',
      'recentDischargeDays:met: discharged 14 days ago (within 30 needed)',
    ]);
    assert.deepEqual(r.notes, [
      "drug classes unknown for 1 active medication the knowledge base does not recognise: Grandma's tonic",
      '1 fill with a product code the measure class lists do not know, left out of adherence',
    ]);
  });

  it('leaves out notes about facts the program does not use', () => {
    assert.deepEqual(panelRecord('rosa', full(), run({ criteria: { minMedications: 2 } })).notes, []);
  });

  it('a Medicaid program takes only patients with Medicaid coverage on the day, with that member id', () => {
    const covered = panelRecord('rosa', full(), run({ kind: 'medicaid', criteria: { minMedications: 2 } }));
    assert.deepEqual([covered.decision, covered.memberId], ['qualifies', 'MCD-1']);
    assert.deepEqual(covered.outcomes![0], { criterion: 'coverage', status: 'met', detail: 'medicaid coverage, member MCD-1' });
    const p = full();
    p.coverage = [{ kind: 'medicare_part_d', memberId: 'MBR1' }];
    const other = panelRecord('rosa', p, run({ kind: 'medicaid', criteria: { minMedications: 2 } }));
    assert.deepEqual([other.decision, other.eligible, other.memberId], ['not', false, null]);
    assert.deepEqual(other.outcomes!.map((o) => `${o.criterion}:${o.status}`), ['coverage:not-met', 'minMedications:met']);
    assert.equal(other.outcomes![0]!.detail, 'no Medicaid coverage on 2026-06-15');
    const employer = panelRecord('rosa', full(), run({ kind: 'employer', criteria: {} }));
    assert.deepEqual([employer.decision, employer.memberId], ['qualifies', 'C-77'], 'employer programs accept commercial coverage');
  });

  it('does not take a patient who died on or before the day', () => {
    const p = full();
    p.measure.deceasedDate = '2026-05-01';
    const r = panelRecord('rosa', p, run({ criteria: { minMedications: 2 } }));
    assert.deepEqual([r.decision, r.outcomes![0]], ['not', { criterion: 'living', status: 'not-met', detail: 'died on 2026-05-01' }]);
    p.measure.deceasedDate = '2026-06-20';
    assert.equal(panelRecord('rosa', p, run({ criteria: { minMedications: 2 } })).decision, 'qualifies', 'died after the day: qualifies on it');
  });
});
