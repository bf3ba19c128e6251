import assert from 'node:assert/strict';
import { it } from 'node:test';
import { parseSig } from './sig.ts';

it('reads quantity, unit and frequency from common directions', () => {
  const cases: [string, ReturnType<typeof parseSig>][] = [
    ['1 tab po bid', { asNeeded: false, timesPerDay: 2, quantity: 1, unit: 'tablet' }],
    ['Take 2 tablets by mouth every 6 hours as needed for pain', { asNeeded: true, timesPerDay: 4, quantity: 2, unit: 'tablet' }],
    ['take 1-2 tablets every 4-6 hours prn', { asNeeded: true, timesPerDay: 6, quantity: 2, unit: 'tablet' }],
    ['1 capsule at bedtime', { asNeeded: false, timesPerDay: 1, quantity: 1, unit: 'capsule' }],
    ['½ tablet once daily', { asNeeded: false, timesPerDay: 1, quantity: 0.5, unit: 'tablet' }],
    ['10 mg three times a day', { asNeeded: false, timesPerDay: 3, quantity: 10, unit: 'mg' }],
    ['5 mL every 8 hours', { asNeeded: false, timesPerDay: 3, quantity: 5, unit: 'mL' }],
    ['one tablet weekly', { asNeeded: false, timesPerDay: 1 / 7, quantity: 1, unit: 'tablet' }],
    ['2 puffs four times a day', { asNeeded: false, timesPerDay: 4, quantity: 2, unit: 'puff' }],
    ['take 1 tablet every 12 hrs', { asNeeded: false, timesPerDay: 2, quantity: 1, unit: 'tablet' }],
    ['Take 1 tablet by mouth twice daily as needed for knee pain', { asNeeded: true, timesPerDay: 2, quantity: 1, unit: 'tablet' }],
    ['take 2 capsules three times daily', { asNeeded: false, timesPerDay: 3, quantity: 2, unit: 'capsule' }],
    ['1 tablet once weekly', { asNeeded: false, timesPerDay: 1 / 7, quantity: 1, unit: 'tablet' }],
  ];
  for (const [text, want] of cases) assert.deepEqual(parseSig(text), want, text);
});

it('leaves what it cannot read undefined instead of guessing', () => {
  assert.deepEqual(parseSig('use as directed'), { asNeeded: false });
  assert.deepEqual(parseSig(undefined), { asNeeded: false });
  assert.deepEqual(parseSig('1 tablet'), { asNeeded: false, quantity: 1, unit: 'tablet' });
});
