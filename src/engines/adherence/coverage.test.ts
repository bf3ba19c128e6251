// Golden cases for days covered and PDC: the PQA public worked examples and the open pdc-python fixtures
// (joelmontavon/pdc-python README: SAMEDRUG 360/365, DIFFDRUG 353/365, NONADH 270/365, COMBPROD 360/365,
// CONCUSE 360/364), plus edge cases: truncation, leap year, inpatient stays, empty and invalid periods.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isoDay, toDay } from '../../domain/days.ts';
import { computeCoverage, pdc, type CoverageFill } from './coverage.ts';
import { refillDeadline } from './refill-deadline.ts';

const fill = (drug: string, date: string, daysSupply: number): CoverageFill => ({ drug, day: toDay(date), daysSupply });

/** Treatment period from the first fill in the year (IPSD) to 31 December, as PQA defines it. */
function yearPdc(fills: CoverageFill[], year: number, inpatient?: [string, string][]) {
  const inYear = fills.filter((f) => f.day >= toDay(`${year}-01-01`));
  const start = Math.min(...inYear.map((f) => f.day));
  return computeCoverage({ fills, start, end: toDay(`${year}-12-31`), inpatient: inpatient?.map(([a, b]) => [toDay(a), toDay(b)] as const) });
}

function coveredRanges(c: ReturnType<typeof computeCoverage>, start: number): string[] {
  const out: string[] = [];
  let from = -1;
  for (let i = 0; i <= c.covered.length; i++) {
    const on = i < c.covered.length && c.covered[i] === 1;
    if (on && from < 0) from = i;
    if (!on && from >= 0) {
      out.push(`${isoDay(start + from)}..${isoDay(start + i - 1)}`);
      from = -1;
    }
  }
  return out;
}

describe('days covered (PQA rules)', () => {
  it('PQA example: an early refill of the same drug starts when the earlier supply runs out', () => {
    const fills = [fill('lisinopril', '2018-01-01', 90), fill('lisinopril', '2018-03-25', 90), fill('lisinopril', '2018-09-25', 90), fill('lisinopril', '2018-07-05', 90)];
    const c = yearPdc(fills, 2018);
    // 2nd fill covers 2018-04-01..2018-06-29; the 09-25 fill, while supply lasts to 10-02, covers 10-03..12-31.
    assert.deepEqual(coveredRanges(c, toDay('2018-01-01')), ['2018-01-01..2018-06-29', '2018-07-05..2018-12-31']);
    // Spans per fill, in input order, after shifting.
    assert.deepEqual(c.spans.map((s) => s && `${isoDay(s.from)}..${isoDay(s.to)}`), [
      '2018-01-01..2018-03-31', '2018-04-01..2018-06-29', '2018-10-03..2018-12-31', '2018-07-05..2018-10-02',
    ]);
  });

  const fixtures: [string, CoverageFill[], number, number, string][] = [
    ['SAMEDRUG', [fill('lisinopril', '2021-01-01', 90), fill('lisinopril', '2022-01-01', 90), fill('lisinopril', '2022-03-25', 90), fill('lisinopril', '2022-07-05', 90), fill('lisinopril', '2022-09-25', 90)], 360, 365, '0.986301'],
    ['DIFFDRUG', [fill('lisinopril', '2022-01-01', 90), fill('losartan', '2022-03-25', 90), fill('losartan', '2022-07-05', 90), fill('losartan', '2022-09-25', 90)], 353, 365, '0.967123'],
    ['NONADH', [fill('lisinopril', '2022-01-01', 90), fill('lisinopril', '2022-03-25', 90), fill('lisinopril', '2022-09-25', 90)], 270, 365, '0.739726'],
    // lisinopril/hydrochlorothiazide shares the ingredient lisinopril: shifted like the single-ingredient product.
    ['COMBPROD', [fill('lisinopril', '2022-01-01', 90), fill('lisinopril', '2022-03-25', 90), fill('lisinopril', '2022-07-05', 90), fill('lisinopril', '2022-09-25', 90)], 360, 365, '0.986301'],
    ['CONCUSE', [fill('lisinopril', '2022-01-02', 90), fill('lisinopril', '2022-03-25', 90), fill('losartan', '2022-03-25', 90), fill('losartan', '2022-07-05', 90), fill('losartan', '2022-09-25', 90)], 360, 364, '0.989011'],
  ];
  for (const [name, fills, covered, period, expected] of fixtures) {
    it(`pdc-python fixture ${name}: ${covered}/${period} = ${expected}`, () => {
      const c = yearPdc(fills, 2022);
      assert.equal(c.periodDays, period);
      assert.equal(c.coveredDays, covered);
      assert.equal(pdc(c).toFixed(6), expected);
    });
  }

  it('truncates supply at the period end and counts 29 February in a leap year', () => {
    const c = computeCoverage({ fills: [fill('atorvastatin', '2024-02-01', 30), fill('atorvastatin', '2024-12-15', 90)], start: toDay('2024-02-01'), end: toDay('2024-12-31') });
    assert.equal(c.periodDays, 335);
    assert.equal(c.coveredDays, 30 + 17); // 02-01..03-01 (leap day included), 12-15..12-31
    assert.equal(c.suppliedThrough, toDay('2025-01-01'));
  });

  it('removes inpatient days from the period and carries supply past the stay', () => {
    const fills = [fill('metformin', '2022-01-01', 30)];
    const c = computeCoverage({ fills, start: toDay('2022-01-01'), end: toDay('2022-01-31'), inpatient: [[toDay('2022-01-10'), toDay('2022-01-14')]] });
    assert.equal(c.periodDays, 26);
    assert.equal(c.coveredDays, 26); // 30 days of tablets last to 02-04 because 5 days were spent in hospital
    assert.equal(c.suppliedThrough, toDay('2022-02-01'));
  });

  it('ignores fills with no supply and refuses a period that ends before it starts', () => {
    const c = computeCoverage({ fills: [fill('x', '2022-01-01', 0)], start: toDay('2022-01-01'), end: toDay('2022-01-10') });
    assert.equal(c.coveredDays, 0);
    assert.equal(pdc(c), 0);
    assert.throws(() => computeCoverage({ fills: [], start: 10, end: 9 }), RangeError);
  });
});

describe('last day to refill and still reach 80%', () => {
  const year = { start: toDay('2022-01-01'), end: toDay('2022-12-31') };
  it('gives the latest refill date that still reaches 80% by year end', () => {
    // Covered 01-01..06-29 (180 days). 80% of 365 = 292 days: 112 more, so refill by 12-31 - 111 = 09-11.
    const r = refillDeadline({ ...year, fills: [fill('simvastatin', '2022-01-01', 90), fill('simvastatin', '2022-03-25', 90)] }, toDay('2022-07-15'), 0.8);
    assert.equal(r.status, 'refill-by');
    assert.equal(r.status === 'refill-by' && isoDay(r.lastDay), '2022-09-11');
    // Check: refilling on that day with continuous supply gives exactly 292 covered days.
    const after = computeCoverage({ ...year, fills: [fill('simvastatin', '2022-01-01', 90), fill('simvastatin', '2022-03-25', 90), fill('simvastatin', '2022-09-11', 120)] });
    assert.equal(after.coveredDays, 292);
  });
  it('says when the threshold is already reached', () => {
    const r = refillDeadline({ ...year, fills: [fill('simvastatin', '2022-01-01', 300)] }, toDay('2022-03-01'), 0.8);
    assert.equal(r.status, 'already-adherent');
  });
  it('says when 80% can no longer be reached this year', () => {
    const r = refillDeadline({ ...year, fills: [fill('simvastatin', '2022-01-01', 30)] }, toDay('2022-12-01'), 0.8);
    assert.equal(r.status, 'cannot-reach');
    assert.ok(r.status === 'cannot-reach' && r.bestPdc < 0.8, 'the best reachable PDC is below 80%');
  });
});
