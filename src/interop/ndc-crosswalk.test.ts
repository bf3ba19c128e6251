import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidationError } from '../domain/errors.ts';
import { ndc11, parseNdcCrosswalk } from './ndc-crosswalk.ts';

describe('NDC crosswalk', () => {
  it('normalises the three 10-digit NDC layouts to 11 digits', () => {
    assert.equal(ndc11('0002-7510-01'), '00002751001'); // 4-4-2
    assert.equal(ndc11('50090-443-01'), '50090044301'); // 5-3-2
    assert.equal(ndc11('50090-4432-1'), '50090443201'); // 5-4-1
    assert.equal(ndc11('50090443201'), '50090443201');
    assert.equal(ndc11('5009-443-01'), undefined);
    assert.equal(ndc11('abc'), undefined);
  });
  it('reads ndc,rxcui rows and names each bad line', () => {
    const map = parseNdcCrosswalk('ndc,rxcui\n50090-4432-1,617311\n00002751001,314076\n', 'xw.csv');
    assert.deepEqual([...map], [['50090443201', '617311'], ['00002751001', '314076']]);
    assert.throws(() => parseNdcCrosswalk('ndc,rxcui\n123,617311\n50090443201,abc\n', 'xw.csv'), (err: unknown) => {
      assert.ok(err instanceof ValidationError, 'the error is a ValidationError');
      assert.deepEqual(err.issues.map((i) => i.message), [
        'xw.csv line 2, ndc: expected an 11-digit or hyphenated 10-digit NDC, got "123"',
        'xw.csv line 3, rxcui: expected an RxNorm RXCUI, got "abc"',
      ]);
      return true;
    });
    assert.throws(() => parseNdcCrosswalk('code,rx\n1,2\n', 'xw.csv'), /xw.csv line 1, header: header is missing columns ndc, rxcui/);
  });
});
