// The file-based measures job: results CSV in the documented layout, plan rates, located errors, no partial output.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { toDay } from '../domain/days.ts';
import { ValidationError } from '../domain/errors.ts';
import { measuresFromFiles } from './measures-from-files.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'openmtm-measures-'));
const write = (name: string, text: string) => {
  const f = path.join(tmp, name);
  fs.writeFileSync(f, text);
  return f;
};

// Products of the shipped class lists: 861007 metformin, 314076 lisinopril, 617311 atorvastatin, 197361 amlodipine
// (known, in no measure class); 99999999999 is an NDC no list knows.
const classifier = {};
const AFTER_YEAR = toDay('2026-01-15');

describe('openmtm measures (files)', () => {
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('writes one row per member and measure, with 6-digit PDC and plan rates', async () => {
    const claims = write('claims.csv', [
      'member_id,fill_date,rxcui,ndc,days_supply,quantity',
      'A,2025-01-02,861007,,90,180',
      'A,2025-04-01,861007,,90,180',
      'A,2025-06-30,861007,,90,180',
      'A,2025-09-28,861007,,90,180',
      'A,2025-03-01,617311,,90,90',
      'B,2025-01-01,314076,,90,90',
      'B,2025-03-25,314076,,90,90',
      'B,2025-09-25,314076,,90,90',
      'B,2025-02-01,197361,,30,30',
      'B,2025-02-01,,99999999999,30,30',
    ].join('\n'));
    const members = write('members.csv', 'member_id,birth_date,enroll_start,enroll_end,death_date,hospice,esrd\nA,1950-06-01,2024-01-01,,,0,0\nB,1948-02-10,,,,N,\nC,1990-01-01,,,,,\n');
    const out = path.join(tmp, 'results.csv');
    const summary = await measuresFromFiles({ claims, members, out, year: 2025, classifier, asOf: AFTER_YEAR });
    const rows = fs.readFileSync(out, 'utf8').trim().split('\n');
    assert.equal(rows[0], 'member_id,measure,in_denominator,reason,pdc,numerator,covered_days,period_days,unclassified_claims');
    assert.equal(rows.length, 1 + 3 * 6);
    assert.ok(rows.includes('A,PDC-DR,1,in-denominator,0.989011,1,360,364,0'), 'member A is adherent on PDC-DR');
    assert.ok(rows.includes('A,SUPD,1,in-denominator,,1,,,0'), 'member A is in the SUPD numerator');
    assert.ok(rows.includes('B,PDC-RASA,1,in-denominator,0.739726,0,270,365,1'), 'member B is non-adherent on PDC-RASA (PDC 0.739726) with one unclassified claim');
    assert.ok(rows.includes('C,PDC-STA,0,too-few-fills,,0,,,0'), 'member C has too few statin fills for PDC-STA');
    assert.equal(summary.unclassifiedClaims, 1);
    assert.deepEqual(summary.unclassifiedCodes, ['ndc 99999999999']);
    assert.deepEqual(summary.rates['PDC-RASA'], { denominator: 1, numerator: 0, rate: 0 });
  });

  it('ranks members who can still reach 80% with one refill, most urgent first', async () => {
    const claims = write('rescue-claims.csv', [
      'member_id,fill_date,rxcui,ndc,days_supply,quantity',
      'LATE,2025-01-01,617311,,90,90', 'LATE,2025-03-25,617311,,90,90', // covered to 06-29: refill by 09-10
      'SOON,2025-01-01,314076,,30,30', 'SOON,2025-02-15,314076,,60,60', // covered 01-01..01-30, 02-15..04-15
      'FINE,2025-01-01,861007,,90,90', 'FINE,2025-03-30,861007,,300,300',
    ].join('\n'));
    const members = write('rescue-members.csv', 'member_id,birth_date\nLATE,1950-01-01\nSOON,1950-01-01\nFINE,1950-01-01\n');
    const rescueOut = path.join(tmp, 'rescue.csv');
    const summary = await measuresFromFiles({ claims, members, out: path.join(tmp, 'r.csv'), year: 2025, classifier, asOf: toDay('2025-06-01'), rescueOut });
    assert.equal(summary.rescue, 2);
    const rows = fs.readFileSync(rescueOut, 'utf8').trim().split('\n');
    assert.equal(rows[0], 'rank,member_id,measure,pdc_if_no_refill,refill_by,days_left');
    assert.deepEqual(rows.slice(1).map((r) => r.split(',').slice(0, 3).join(',')), ['1,SOON,PDC-RASA', '2,LATE,PDC-STA']);
    assert.match(rows[2]!, /,2025-09-1[01],/);
  });

  it('reports every bad row with file, line and column, and writes no results file', async () => {
    const claims = write('bad-claims.csv', [
      'member_id,fill_date,rxcui,ndc,days_supply,quantity',
      'A,2025-02-30,861007,,90,180',
      'A,2025-03-01,,,90,180',
      'A,2025-03-01,861007,,0,180',
      'Z,2025-03-01,861007,,30,30',
    ].join('\n'));
    const members = write('ok-members.csv', 'member_id,birth_date\nA,1950-06-01\n');
    const out = path.join(tmp, 'never.csv');
    await assert.rejects(measuresFromFiles({ claims, members, out, year: 2025, classifier, asOf: AFTER_YEAR }), (err: unknown) => {
      assert.ok(err instanceof ValidationError, 'the error is a ValidationError');
      const messages = err.issues.map((i) => i.message);
      assert.deepEqual(messages, [
        'bad-claims.csv:2: fill_date: expected a real date as YYYY-MM-DD, got "2025-02-30"',
        'bad-claims.csv:3: rxcui: either rxcui or ndc is required',
        'bad-claims.csv:4: days_supply: expected a whole number of days 1-365, got "0"',
        'bad-claims.csv:5: member_id: member Z has claims but is not in ok-members.csv',
      ]);
      return true;
    });
    assert.equal(fs.existsSync(out), false);
    const orphan = write('orphan-claims.csv', 'member_id,fill_date,rxcui,ndc,days_supply,quantity\nZ,2025-03-01,861007,,30,30\n');
    await assert.rejects(measuresFromFiles({ claims: orphan, members, out, year: 2025, classifier, asOf: AFTER_YEAR }), /orphan-claims.csv:2: member_id: member Z has claims but is not in ok-members.csv/);
    const noHeader = write('no-header.csv', 'A,2025-03-01,861007,,30,30\n');
    await assert.rejects(measuresFromFiles({ claims: noHeader, members, out, year: 2025, classifier, asOf: AFTER_YEAR }), /no-header.csv:1: header: header is missing columns member_id, fill_date/);
    assert.equal(fs.readdirSync(tmp).filter((f) => f.includes('never') || f.endsWith('.tmp')).length, 0);
  });
});
