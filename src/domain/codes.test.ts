import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ICD10CM_PATTERN, isIsoDate, isValidLoinc, isValidNpi, luhnCheckDigit } from './codes.ts';

describe('code validation', () => {
  it('accepts real LOINC codes and rejects wrong check digits', () => {
    for (const c of ['4548-4', '2160-0', '2823-3', '6301-6', '8480-6', '8462-4', '29463-7', '13457-7', '98979-8']) assert.ok(isValidLoinc(c), c);
    for (const c of ['4548-3', '2160', 'ABC-1', '2160-00']) assert.equal(isValidLoinc(c), false, c);
  });
  it('checks NPI check digits (CMS: Luhn over 80840 + NPI)', () => {
    assert.ok(isValidNpi('1234567893'), '1234567893 is a valid NPI');
    assert.equal(isValidNpi('1234567890'), false);
    assert.equal(isValidNpi('123456789'), false);
    assert.ok(isValidNpi('124531959' + luhnCheckDigit('80840124531959')), 'an NPI with the Luhn digit computed over 80840 + NPI is valid');
  });
  it('accepts only real calendar dates', () => {
    assert.ok(isIsoDate('2024-02-29'), '2024-02-29 is a real date (leap year)');
    for (const d of ['2023-02-29', '2026-13-01', '2026-1-01', '26-01-01', '2026-04-31', '']) assert.equal(isIsoDate(d), false, d);
  });
  it('recognises the shape of ICD-10-CM codes', () => {
    for (const c of ['E11.9', 'I10', 'N18.30', 'Z79.4', 'F03.90']) assert.ok(ICD10CM_PATTERN.test(c), c);
    for (const c of ['E1', 'U07.1', 'diabetes', 'E11.99999']) assert.equal(ICD10CM_PATTERN.test(c), false, c);
  });
});
