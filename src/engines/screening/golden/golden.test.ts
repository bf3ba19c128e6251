// The one table-driven golden test: every case (hand-written clinical cases and the cases generated from each
// knowledge entry) is screened and its rule's findings compared with the expectation.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { shippedKnowledge } from '../../../knowledge/screening/index.ts';
import { screenPatient } from '../screen.ts';
import { rulesFor } from '../rules/index.ts';
import { HAND_CASES } from './cases.ts';
import { generatedCases } from './generated.ts';
import { GOLDEN_AS_OF, patient } from './patient.ts';

const k = shippedKnowledge();
const cases = [...HAND_CASES, ...generatedCases(k)];

describe(`golden cases (${cases.length})`, () => {
  it('covers every rule with a case that makes it fire', () => {
    const firing = new Set(cases.filter((c) => c.expect !== 'none').map((c) => c.ruleId));
    assert.deepEqual(rulesFor(k).map((r) => r.id).filter((id) => !firing.has(id)), []);
  });

  for (const c of cases) {
    it(`${c.ruleId} — ${c.name} → ${c.expect}`, () => {
      const result = screenPatient(patient(c.patient, c.asOf), c.asOf ?? GOLDEN_AS_OF, k);
      assert.deepEqual(result.errors, []);
      const mine = result.findings.filter((f) => f.ruleId === c.ruleId);
      if (c.expect === 'none') {
        assert.equal(mine.length, 0, `expected no ${c.ruleId} finding, got: ${mine.map((f) => `${f.status} ${f.summary}`).join(' | ')}`);
        return;
      }
      if (c.count !== undefined) assert.equal(mine.length, c.count, `expected ${c.count} ${c.ruleId} findings, got ${mine.length}`);
      const hit = mine.find((f) => f.status === c.expect && (!c.drugs || f.drugs.join('/') === [...c.drugs].sort().join('/')));
      assert.ok(hit, `expected ${c.expect} ${c.ruleId}${c.drugs ? ` for ${c.drugs.join('+')}` : ''}; got: ${mine.map((f) => `${f.status} [${f.drugs.join('+')}] ${f.summary}`).join(' | ') || 'nothing'}; all: ${result.findings.map((f) => f.ruleId).join(', ')}`);
      if (c.severity) assert.equal(hit.severity, c.severity);
      if (c.mentions) assert.match([hit.summary, ...hit.evidence.facts, ...hit.missing].join(' '), new RegExp(c.mentions));
      assert.ok(hit.recommendation.length > 0 && hit.patientText.length > 0 && hit.snomed.code.length > 0 && hit.source.citation.length > 0, 'the finding has a recommendation, patient text, a SNOMED code and a citation');
      if (hit.status === 'could-not-assess') assert.ok(hit.missing.length > 0, 'could-not-assess names what is missing');
    });
  }
});
