// Engine behaviour across rules: a failing rule is reported and the others still run; one finding per drug pair
// however many products carry it; a three-drug interaction covers its two-drug parts; problems rank first.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { shippedKnowledge } from '../../knowledge/screening/index.ts';
import { rulesFor } from './rules/index.ts';
import { screenPatient } from './screen.ts';
import { GOLDEN_AS_OF, patient } from './golden/patient.ts';
import type { Rule } from './finding.ts';

const k = shippedKnowledge();

describe('screenPatient', () => {
  it('reports a failing rule with its id and the patient, and still runs the others', () => {
    const broken: Rule = { id: 'test.broken', version: 1, family: 'test', evaluate: () => { throw new Error('boom'); } };
    const p = patient({ meds: ['warfarin sodium 5 MG Oral Tablet | 1 tablet daily', 'ibuprofen 400 MG Oral Tablet | 1 tablet three times a day'] });
    const r = screenPatient(p, GOLDEN_AS_OF, k, [broken, ...rulesFor(k)]);
    assert.deepEqual(r.errors, [{ ruleId: 'test.broken', patientId: 'golden', message: 'boom' }]);
    assert.ok(r.findings.some((f) => f.family === 'drug-interaction' && f.drugs.join('+') === 'ibuprofen+warfarin'), 'the other rules still run: ibuprofen + warfarin is flagged');
  });

  it('gives one warfarin + NSAID finding for two ibuprofen products, listing both as evidence', () => {
    const p = patient({ meds: ['warfarin sodium 5 MG Oral Tablet | 1 tablet daily', 'ibuprofen 200 MG Oral Tablet | 2 tablets as needed', 'Ibuprofen 400 MG Oral Tablet [Ibu] | 1 tablet three times a day'] });
    const r = screenPatient(p, GOLDEN_AS_OF, k);
    const ddi = r.findings.filter((f) => f.family === 'drug-interaction' && f.drugs.join('+') === 'ibuprofen+warfarin');
    assert.equal(ddi.length, 1, ddi.map((f) => f.ruleId).join(', '));
    assert.equal(ddi[0]?.evidence.medications.length, 3);
  });

  it('reports NSAID + ACE inhibitor + thiazide once, as the three-drug interaction', () => {
    const p = patient({ meds: ['lisinopril 10 MG Oral Tablet | 1 daily', 'hydrochlorothiazide 25 MG Oral Tablet | 1 daily', 'naproxen 500 MG Oral Tablet | 1 tablet twice daily'] });
    const ddi = screenPatient(p, GOLDEN_AS_OF, k).findings.filter((f) => f.family === 'drug-interaction');
    assert.deepEqual(ddi.map((f) => f.drugs.join('+')), ['hydrochlorothiazide+lisinopril+naproxen']);
  });

  it('does not call the ingredients of one combination product an interaction', () => {
    const p = patient({ meds: ['lisinopril 20 MG / hydrochlorothiazide 12.5 MG Oral Tablet | 1 daily'] });
    assert.deepEqual(screenPatient(p, GOLDEN_AS_OF, k).findings.filter((f) => f.family === 'drug-interaction'), []);
  });

  it('ranks problems before could-not-assess, then by severity', () => {
    const p = patient({ age: 82, meds: ['warfarin sodium 5 MG Oral Tablet | 1 daily', 'naproxen 500 MG Oral Tablet | 1 twice daily', 'diphenhydramine 25 MG Oral Capsule | 1 at bedtime', 'metformin 500 MG Oral Tablet'] });
    const f = screenPatient(p, GOLDEN_AS_OF, k).findings;
    const order = { high: 0, moderate: 1, low: 2 } as const;
    const firstCna = f.findIndex((x) => x.status === 'could-not-assess');
    assert.ok(firstCna > 0 && f.slice(firstCna).every((x) => x.status === 'could-not-assess'), 'problems come first and every finding after the first could-not-assess is could-not-assess');
    const problems = f.slice(0, firstCna);
    for (let i = 1; i < problems.length; i++) assert.ok(order[problems[i - 1]!.severity] <= order[problems[i]!.severity], 'problems are ordered from high to low severity');
    assert.equal(problems[0]?.severity, 'high');
  });

  it('is a pure function of its inputs: same snapshot and date, same result', () => {
    const p = patient({ meds: ['warfarin sodium 5 MG Oral Tablet | 1 daily', 'amiodarone 200 MG Oral Tablet | 1 daily'], labs: [['6301-6', 4.6, '{INR}', 3]] });
    assert.deepEqual(screenPatient(p, GOLDEN_AS_OF, k), screenPatient(structuredClone(p), GOLDEN_AS_OF, k));
  });
});
