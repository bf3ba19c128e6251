import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cutPointsFile, starRating } from './star-rating.ts';

// Illustrative thresholds for the tests only (not a CMS year's published values).
const file = cutPointsFile.parse({
  source: 'test fixture',
  year: 2026,
  measures: {
    'PDC-STA': { thresholds: { '2': 0.8, '3': 0.85, '4': 0.88, '5': 0.91 } },
    COB: { thresholds: { '2': 0.2, '3': 0.15, '4': 0.1, '5': 0.05 }, inverse: true },
  },
});

describe('star rating from cut points', () => {
  it('gives the highest star whose threshold the rate reaches', () => {
    const sta = file.measures['PDC-STA']!;
    assert.deepEqual([0.79, 0.8, 0.849, 0.85, 0.9, 0.91, 1].map((r) => starRating(r, sta)), [1, 2, 2, 3, 4, 5, 5]);
  });
  it('reads inverse measures the other way round (lower is better)', () => {
    const cob = file.measures['COB']!;
    assert.deepEqual([0.3, 0.2, 0.12, 0.05, 0].map((r) => starRating(r, cob)), [1, 2, 3, 5, 5]);
  });
  it('refuses cut points out of order or without a source', () => {
    const bad = cutPointsFile.safeParse({ source: '', year: 2026, measures: { 'PDC-DR': { thresholds: { '2': 0.9, '3': 0.85, '4': 0.88, '5': 0.91 } } } });
    assert.equal(bad.success, false);
    const paths = bad.error!.issues.map((i) => i.path.join('/'));
    assert.deepEqual(paths.sort(), ['measures/PDC-DR/thresholds', 'source']);
  });
});
