// Golden cases for non-Part D program criteria: each criterion met, not met and (where the record can be silent)
// could not assess; all/any matching.
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
  ...over,
});

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
});
