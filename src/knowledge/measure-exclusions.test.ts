import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exclusionsFromDiagnoses } from './measure-exclusions.ts';

describe('measure exclusions from diagnoses', () => {
  const cases: [string[], string[]][] = [
    [['N18.6'], ['esrd']],
    [['Z99.2', 'I10'], ['esrd']],
    [['N18.30'], []], // CKD stage 3 is not ESRD
    [['C50.911'], ['cancer']],
    [['D57.1'], ['sickle-cell']],
    [['Z51.5'], ['palliative-care']],
    [['K74.60'], ['liver-disease']],
    [['O24.419', 'Z33.1'], ['pregnancy-lactation-fertility']],
    [['E28.2'], ['pcos']],
    [['R73.03'], ['prediabetes']],
    [['M62.82'], ['rhabdomyolysis-myopathy']],
    [['E11.9', 'I10', 'E78.5'], []],
    [[], []],
  ];
  for (const [codes, expected] of cases) {
    it(`${codes.join(', ') || '(no diagnoses)'} → ${expected.join(', ') || 'none'}`, () => {
      assert.deepEqual([...exclusionsFromDiagnoses(codes)].sort(), expected.sort());
    });
  }
});
