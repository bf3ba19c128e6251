import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePatientQuery } from './patient-search.ts';

describe('patient search box', () => {
  const cases: [string, ReturnType<typeof parsePatientQuery>][] = [
    ['', { nameTokens: [] }],
    ['smith', { nameTokens: ['smith'] }],
    ['  Rosa   Alvarez ', { nameTokens: ['Rosa', 'Alvarez'] }],
    ['Alvarez, Ro', { nameTokens: [], lastName: 'Alvarez', firstName: 'Ro' }],
    ['Alvarez,', { nameTokens: [], lastName: 'Alvarez' }],
    ['1948-03-02', { nameTokens: [], birthDate: '1948-03-02' }],
    ['3/2/1948', { nameTokens: [], birthDate: '1948-03-02' }],
    ['alvarez 03/02/1948', { nameTokens: ['alvarez'], birthDate: '1948-03-02' }],
    ['H1234-00017', { nameTokens: [], memberId: 'H1234-00017' }],
  ];
  for (const [input, expected] of cases) {
    it(`reads "${input}"`, () => assert.deepEqual(parsePatientQuery(input), expected));
  }
});
