// Golden cases for non-Part D program criteria: each criterion met, not met and (where the record can be silent)
// could not assess; all/any matching. DTP severity: problems by level, could-not-assess findings never counted (the
// facts hold problems only), a failed rule → could not assess unless a problem already decides it. Annual cost: the
// known sum against the threshold, fills without a cost → could not assess only while the known sum is below it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toDay } from '../../domain/days.ts';
import { evaluatePanel, type PanelFacts } from './panel.ts';

const asOf = toDay('2026-06-15');
const facts = (over: Partial<PanelFacts> = {}): PanelFacts => ({
  activeMedications: 9,
  drugClasses: new Set(['anticoagulant', 'doac', 'statin']),
  chronicConditionGroups: ['diabetes', 'hypertension'],
  latestA1c: { value: 9.4, day: toDay('2026-03-01') },
  adherence: [{ measure: 'PDC-STA', pdc: 0.71 }, { measure: 'PDC-RASA', pdc: 0.93 }],
  lastDischarge: toDay('2026-06-01'),
  dtps: { problems: [{ title: 'Warfarin with an NSAID', severity: 'high' }, { title: 'No serum potassium in 12 months', severity: 'moderate' }, { title: 'No influenza vaccine', severity: 'low' }], failedRules: [] },
  drugCost: { known: 1734.2, fills: 14, withoutCost: 0 },
  ...over,
});
const one = (criteria: Parameters<typeof evaluatePanel>[0], over: Partial<PanelFacts> = {}) => {
  const d = evaluatePanel(criteria, facts(over), asOf);
  return [d.qualifies, d.outcomes[0]!.status, d.outcomes[0]!.detail];
};

describe('panel program criteria', () => {
  it('qualifies a patient who meets every criterion, with the reason for each', () => {
    const d = evaluatePanel({ minMedications: 8, minChronicConditions: 2, highRiskDrugClasses: ['anticoagulant', 'opioid'], a1cAbove: 9, pdcBelow: 0.8, recentDischargeDays: 30 }, facts(), asOf);
    assert.equal(d.qualifies, true);
    assert.deepEqual(d.outcomes.map((o) => [o.criterion, o.status, o.detail]), [
      ['minMedications', 'met', '9 active medications (needs 8)'],
      ['minChronicConditions', 'met', '2 chronic conditions: diabetes, hypertension (needs 2)'],
      ['highRiskDrugClasses', 'met', 'takes anticoagulant'],
      ['a1cAbove', 'met', 'latest A1c 9.4% (above 9% needed)'],
      ['pdcBelow', 'met', 'PDC-STA 71.0%'],
      ['recentDischargeDays', 'met', 'discharged 14 days ago (within 30 needed)'],
    ]);
  });

  it('does not qualify when one criterion is not met (match all), and does with match any', () => {
    const p = { minMedications: 10, highRiskDrugClasses: ['anticoagulant'] as ('anticoagulant')[] };
    assert.equal(evaluatePanel(p, facts(), asOf).qualifies, false);
    assert.equal(evaluatePanel({ ...p, match: 'any' }, facts(), asOf).qualifies, true);
    assert.equal(evaluatePanel({ ...p, match: 'any' }, facts({ drugClasses: new Set() }), asOf).qualifies, false);
  });

  it('says "could not assess" when the record has no recent A1c or no computable adherence, never "not met"', () => {
    const noA1c = evaluatePanel({ a1cAbove: 9 }, facts({ latestA1c: undefined }), asOf);
    assert.equal(noA1c.qualifies, 'could-not-assess');
    assert.equal(noA1c.outcomes[0]!.detail, 'no A1c in the last 365 days (needs one above 9%)');
    const oldA1c = evaluatePanel({ a1cAbove: 9 }, facts({ latestA1c: { value: 11, day: toDay('2025-05-01') } }), asOf);
    assert.equal(oldA1c.qualifies, 'could-not-assess', 'an A1c older than a year does not count');
    assert.equal(evaluatePanel({ pdcBelow: 0.8 }, facts({ adherence: null }), asOf).qualifies, 'could-not-assess');
    // Not met elsewhere decides it regardless of the unknown; met elsewhere decides it under "any".
    assert.equal(evaluatePanel({ a1cAbove: 9, minMedications: 20 }, facts({ latestA1c: undefined }), asOf).qualifies, false);
    assert.equal(evaluatePanel({ a1cAbove: 9, minMedications: 2, match: 'any' }, facts({ latestA1c: undefined }), asOf).qualifies, true);
  });

  it('reads the edges: A1c equal to the threshold, PDC at the threshold, discharge one day too old, no measures', () => {
    assert.equal(evaluatePanel({ a1cAbove: 9.4 }, facts(), asOf).qualifies, false, 'above means strictly above');
    assert.equal(evaluatePanel({ pdcBelow: 0.71 }, facts(), asOf).qualifies, false, 'below means strictly below');
    assert.equal(evaluatePanel({ recentDischargeDays: 13 }, facts(), asOf).qualifies, false, '14 days ago is outside 13');
    const none = evaluatePanel({ pdcBelow: 0.8 }, facts({ adherence: [] }), asOf);
    assert.deepEqual([none.qualifies, none.outcomes[0]!.detail], [false, 'in no adherence measure this year']);
    assert.equal(evaluatePanel({}, facts(), asOf).qualifies, true, 'a panel without criteria takes everyone');
    const soFar = evaluatePanel({ pdcBelow: 0.8 }, facts({ adherence: [{ measure: 'PDC-DR', pdc: 0.5, soFar: true }] }), asOf);
    assert.equal(soFar.outcomes[0]!.detail, 'PDC-DR 50.0% so far this year', 'a PDC over the period so far says so');
  });

  it('DTP severity: a problem of the level or higher, listed by title; none is not met', () => {
    assert.deepEqual(one({ dtpSeverityAtLeast: 'high' }), [true, 'met', '1 drug therapy problem of high severity: Warfarin with an NSAID']);
    assert.deepEqual(one({ dtpSeverityAtLeast: 'moderate' }), [
      true, 'met', '2 drug therapy problems of moderate severity or higher: Warfarin with an NSAID (high); No serum potassium in 12 months (moderate)',
    ], 'moderate takes high too; low does not count');
    const lowOnly = { dtps: { problems: [{ title: 'No influenza vaccine', severity: 'low' as const }], failedRules: [] } };
    assert.deepEqual(one({ dtpSeverityAtLeast: 'moderate' }, lowOnly), [false, 'not-met', 'no drug therapy problem of moderate severity or higher']);
    assert.deepEqual(one({ dtpSeverityAtLeast: 'high' }, { dtps: { problems: [], failedRules: [] } }), [false, 'not-met', 'no drug therapy problem of high severity']);
  });

  it('DTP severity: a rule that failed leaves it unknown unless a problem already decides it; no screen at all is unknown', () => {
    const failed = { dtps: { problems: [{ title: 'No serum potassium in 12 months', severity: 'moderate' as const }], failedRules: ['renal.metformin', 'ddi.warfarin-nsaid'] } };
    assert.deepEqual(one({ dtpSeverityAtLeast: 'high' }, failed), [
      'could-not-assess', 'could-not-assess', 'no drug therapy problem of high severity found, but 2 screening rules failed for the patient: renal.metformin, ddi.warfarin-nsaid',
    ]);
    assert.deepEqual(one({ dtpSeverityAtLeast: 'moderate' }, failed).slice(0, 2), [true, 'met'], 'the moderate problem decides it whatever the failed rules would say');
    assert.deepEqual(one({ dtpSeverityAtLeast: 'high' }, { dtps: null }), ['could-not-assess', 'could-not-assess', 'drug therapy problems could not be screened (needs one of high severity)']);
    assert.equal(evaluatePanel({ dtpSeverityAtLeast: 'high', minMedications: 20 }, facts({ dtps: null }), asOf).qualifies, false, 'not met elsewhere decides it');
    assert.equal(evaluatePanel({ dtpSeverityAtLeast: 'high', minMedications: 2, match: 'any' }, facts({ dtps: null }), asOf).qualifies, true, 'met elsewhere decides it under any');
  });

  it('annual cost: the known cost against the threshold; fills without a cost leave it unknown only while below it', () => {
    assert.deepEqual(one({ minAnnualCost: 1500 }), [true, 'met', '$1,734.20 drug cost in the last 365 days from 14 fills (at least $1,500 needed)']);
    assert.deepEqual(one({ minAnnualCost: 1734.2 }).slice(0, 2), [true, 'met'], 'at least means the threshold itself is enough');
    assert.deepEqual(one({ minAnnualCost: 2000.5 }), [false, 'not-met', '$1,734.20 drug cost in the last 365 days from 14 fills (at least $2,000.50 needed)']);
    const someUnpriced = { drugCost: { known: 812.4, fills: 9, withoutCost: 2 } };
    assert.deepEqual(one({ minAnnualCost: 1500 }, someUnpriced), [
      'could-not-assess', 'could-not-assess', '$812.40 known drug cost in the last 365 days; 2 of 9 fills have no cost (at least $1,500 needed)',
    ]);
    assert.deepEqual(one({ minAnnualCost: 800 }, someUnpriced), [true, 'met', '$812.40 drug cost in the last 365 days from 7 fills; 2 of 9 fills have no cost (at least $800 needed)']);
    assert.deepEqual(one({ minAnnualCost: 10 }, { drugCost: { known: 0, fills: 1, withoutCost: 1 } }), [
      'could-not-assess', 'could-not-assess', '$0.00 known drug cost in the last 365 days; 1 of 1 fill has no cost (at least $10 needed)',
    ]);
    assert.deepEqual(one({ minAnnualCost: 10 }, { drugCost: { known: 0, fills: 0, withoutCost: 0 } }), [false, 'not-met', 'no paid fills in the last 365 days (at least $10 needed)']);
    assert.deepEqual(one({ minAnnualCost: 1_000_000 }, { drugCost: { known: 1_234_567.891, fills: 3, withoutCost: 0 } }).slice(1), ['met', '$1,234,567.89 drug cost in the last 365 days from 3 fills (at least $1,000,000 needed)']);
  });

  it('lists the new criteria after the others, in the CSV order', () => {
    const d = evaluatePanel({ minAnnualCost: 1000, dtpSeverityAtLeast: 'high', minMedications: 5 }, facts(), asOf);
    assert.deepEqual(d.outcomes.map((o) => o.criterion), ['minMedications', 'dtpSeverityAtLeast', 'minAnnualCost']);
    assert.equal(d.qualifies, true);
  });
});
