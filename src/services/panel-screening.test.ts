// Facts for the DTP severity and annual cost criteria from a stored record: the screening engine over the chart as it
// stood on the day (a medication started later is not screened), problems only (never could-not-assess findings), a
// rule that throws → could not assess with the rule named in the notes, a screen that cannot run at all; the drug
// cost of the window as the repository sums it, with fills that carry no cost.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toDay } from '../domain/days.ts';
import { DEFAULT_SETTINGS } from '../engines/adherence/member.ts';
import { rulesFor, type Rule } from '../engines/screening/index.ts';
import { shippedKnowledge } from '../knowledge/screening/index.ts';
import type { PanelInputs } from '../store/panel-inputs.repository.ts';
import type { ScreeningChartRows } from '../store/patients.repository.ts';
import { panelFacts, panelRecord, type PanelRun } from './panel-member.ts';
import { screenOnDay } from './panel-screening.ts';

const asOf = toDay('2026-06-15');
const knowledge = shippedKnowledge();
const run = (over: Partial<PanelRun> = {}): PanelRun => ({
  kind: 'clinic', year: 2026, criteria: {}, asOf, knowledge, classify: undefined, measureSettings: { ...DEFAULT_SETTINGS, year: 2026 }, ...over,
});

const med = (id: string, rxcui: string, display: string, startDate: string) => ({ id, rxcui, display, source: 'prescription', status: 'active', startDate, stopDate: null });
const inr = (value: number, date: string) => ({ id: `inr-${date}`, loinc: '6301-6', display: 'INR', valueNum: value, unit: null, effectiveDate: date });

/** Ida's chart: warfarin with a recent INR in range, and ibuprofen from `ibuprofenFrom`. */
function chart(ibuprofenFrom = '2026-03-01'): ScreeningChartRows {
  return {
    patient: [{ birthDate: '1952-02-02', sex: 'female' }],
    medications: [med('w', '855332', 'warfarin sodium 5 MG Oral Tablet', '2025-01-10'), med('i', '197806', 'ibuprofen 600 MG Oral Tablet', ibuprofenFrom)],
    conditions: [],
    allergies: [],
    observations: [inr(2.5, '2026-06-01')],
    fills: [],
    immunizations: [],
  };
}

function inputs(c: ScreeningChartRows | undefined, drugCost = { known: 0, fills: 0, withoutCost: 0 }): PanelInputs {
  return {
    medications: [], conditions: [], a1c: null, lastDischarge: null, coverage: [], drugCost,
    measure: { birthDate: '1952-02-02', deceasedDate: null, fills: [], inpatient: [], enrollment: [], icd10: [], hospiceEncounter: false },
    ...(c ? { chart: c } : {}),
  };
}

const boom: Rule = { id: 'test.throws', version: 1, family: 'drug-interaction', evaluate: () => { throw new Error('table missing'); } };

describe('DTP facts for panel criteria', () => {
  it('screens the chart on the day: problems by severity, never the could-not-assess findings', () => {
    const s = screenOnDay('ida', chart(), '2026-06-15', knowledge);
    assert.deepEqual(s.errors, []);
    const high = s.dtps!.problems.filter((p) => p.severity === 'high').map((p) => p.title);
    assert.deepEqual(high, ['Warfarin with an oral or injectable NSAID'], 'the INR on record answers the monitoring rule');
    const all = screenOnDay('ida', chart(), '2026-06-15', knowledge, rulesFor(knowledge));
    assert.deepEqual(all.dtps, s.dtps, 'the knowledge base\'s rules by default');
    const r = panelRecord('ida', inputs(chart()), run({ criteria: { dtpSeverityAtLeast: 'high' } }));
    assert.deepEqual([r.decision, r.outcomes![0]!.detail, r.notes], ['qualifies', '1 drug therapy problem of high severity: Warfarin with an oral or injectable NSAID', []]);
    const moderate = panelRecord('ida', inputs(chart()), run({ criteria: { dtpSeverityAtLeast: 'moderate' } })).outcomes![0]!.detail;
    assert.match(moderate, /^2 drug therapy problems of moderate severity or higher: Warfarin with an oral or injectable NSAID \(high\); Non-COX-2-selective oral NSAIDs \(chronic use\) \(moderate\)$/);
    assert.doesNotMatch(moderate, /creatinine clearance/, 'renal.nsaids could not assess without a creatinine: not a problem');
  });

  it('does not screen a medication started after the day', () => {
    const r = panelRecord('ida', inputs(chart('2026-07-01')), run({ criteria: { dtpSeverityAtLeast: 'high' } }));
    assert.deepEqual([r.decision, r.outcomes![0]!.detail], ['not', 'no drug therapy problem of high severity']);
  });

  it('a rule that throws leaves the criterion unknown unless a problem decides it, and the notes name the rule', () => {
    const noNsaid = chart();
    noNsaid.medications = noNsaid.medications.slice(0, 1);
    const rules = [...rulesFor(knowledge), boom];
    const r = panelRecord('ida', inputs(noNsaid), run({ criteria: { dtpSeverityAtLeast: 'high' }, screeningRules: rules }));
    assert.deepEqual([r.decision, r.eligible, r.outcomes![0]!.status], ['could-not-assess', false, 'could-not-assess']);
    assert.equal(r.outcomes![0]!.detail, 'no drug therapy problem of high severity found, but 1 screening rule failed for the patient: test.throws');
    assert.deepEqual(r.notes, ['screening rule test.throws failed: table missing']);
    const decided = panelRecord('ida', inputs(chart()), run({ criteria: { dtpSeverityAtLeast: 'high' }, screeningRules: rules }));
    assert.deepEqual([decided.decision, decided.notes], ['qualifies', ['screening rule test.throws failed: table missing']]);
  });

  it('a screen that cannot run at all is "could not assess", with the reason in the notes', () => {
    const unreadable = { id: 'test.unreadable', version: 1, family: 'drug-interaction', get trigger(): Rule['trigger'] { throw new Error('rule table unreadable'); }, evaluate: () => [] };
    const r = panelRecord('ida', inputs(chart()), run({ criteria: { dtpSeverityAtLeast: 'high' }, screeningRules: [unreadable] }));
    assert.deepEqual([r.decision, r.outcomes![0]!.detail], ['could-not-assess', 'drug therapy problems could not be screened (needs one of high severity)']);
    assert.deepEqual(r.notes, ['drug therapy problems could not be screened: rule table unreadable']);
  });

  it('screens nothing when the inputs carry no chart (a program without the criterion)', () => {
    const f = panelFacts('ida', inputs(undefined), run());
    assert.deepEqual([f.facts.dtps, f.screeningErrors], [null, []]);
  });
});

describe('annual cost facts for panel criteria', () => {
  it('reads the cost of the window and keeps it as the result\'s annual cost', () => {
    const r = panelRecord('ida', inputs(undefined, { known: 1734.2, fills: 14, withoutCost: 0 }), run({ criteria: { minAnnualCost: 1500 } }));
    assert.deepEqual([r.decision, r.annualCost, r.outcomes![0]!.detail], ['qualifies', 1734.2, '$1,734.20 drug cost in the last 365 days from 14 fills (at least $1,500 needed)']);
    assert.equal(panelRecord('ida', inputs(undefined, { known: 1734.2, fills: 14, withoutCost: 0 }), run({ criteria: { minMedications: 1 } })).annualCost, null, 'only a program with the criterion');
  });

  it('fills without a cost: could not assess below the threshold, met above it', () => {
    const cost = { known: 812.4, fills: 9, withoutCost: 2 };
    const below = panelRecord('ida', inputs(undefined, cost), run({ criteria: { minAnnualCost: 1500 } }));
    assert.deepEqual([below.decision, below.outcomes![0]!.detail], ['could-not-assess', '$812.40 known drug cost in the last 365 days; 2 of 9 fills have no cost (at least $1,500 needed)']);
    assert.equal(panelRecord('ida', inputs(undefined, cost), run({ criteria: { minAnnualCost: 500 } })).decision, 'qualifies');
  });
});
