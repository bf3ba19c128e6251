// The byte-level claim reader is only a faster way to parseClaim's answer: whenever it accepts a line, every value
// must equal the string parser's; whatever it declines goes to the string parser.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ClaimCells, fieldsNeeded, hashBytes, hashContent, readClaimLine, type ClaimLayout } from './claim-bytes.ts';
import { headerIndex, splitCsvLine } from './csv.ts';
import { CLAIM_COLUMNS, CLAIM_OPTIONAL, parseClaim } from './measure-files.ts';

const HEADER = 'member_id,fill_date,rxcui,ndc,days_supply,quantity,claim_id,status';
const idx = headerIndex(HEADER, CLAIM_COLUMNS, CLAIM_OPTIONAL);
const layout: ClaimLayout = { member: 0, date: 1, rxcui: 2, ndc: 3, supply: 4, quantity: 5, claimId: 6, status: 7, cost: -1 };

function fast(line: string): ClaimCells | undefined {
  const b = Buffer.from(line);
  const cells = new ClaimCells();
  return readClaimLine(b, 0, b.length, layout, fieldsNeeded(layout), cells) ? cells : undefined;
}

const LINES = [
  'M1,2025-01-31,314076,,30,30,,',
  'M1,2025-02-28,,00093505601,90,90,C-1,paid',
  'M2,2024-02-29,617311,12345678901,1,0.5,,reversed',
  'M2,2025-02-29,617311,,30,30,,', // not a date
  'M3,1849-12-31,617311,,30,30,,', // before 1850
  'M3,2025-13-01,617311,,30,30,,',
  'M3,2025-01-01,,,30,30,,', // no code
  'M3,2025-01-01,123456789,,30,30,,', // RxCUI too long
  'M3,2025-01-01,314076,0009-3505-601,30,30,,', // hyphenated NDC: string parser
  'M3,2025-01-01,314076,,0,30,,',
  'M3,2025-01-01,314076,,366,30,,',
  'M3,2025-01-01,314076,,30,0,,',
  'M3,2025-01-01,314076,,30,-1,,',
  'M3,2025-01-01,314076,,30,1e3,,',
  'M3,2025-01-01,314076,,30,.5,,',
  'M3,2025-01-01,314076,,30,30,,PAID',
  'M3,2025-01-01,314076,,30,30,,void',
  ' M4,2025-01-01,314076,,30,30,,',
  '"M,5",2025-01-01,314076,,30,30,,',
  'M6,2025-01-01, 314076,,30,30,,',
  'M7,2025-01-01,314076,,30.0,30,,',
  'M8,2025-01-01,314076,,30,30,claim 9,',
  'M9,2025-01-01,314076,,30,30',
];

describe('readClaimLine', () => {
  it('gives exactly the string parser\'s values whenever it accepts a line, and declines what it cannot read', () => {
    let accepted = 0;
    for (const line of LINES) {
      const slow = parseClaim(splitCsvLine(line), idx);
      const cells = fast(line);
      if (!cells) continue;
      accepted++;
      assert.ok(slow.ok, `fast path accepted a line the string parser refuses: ${line}`);
      const r = slow.row;
      assert.equal(Buffer.from(line).toString('utf8', cells.memberStart, cells.memberEnd), r.memberId, line);
      assert.equal(cells.day, r.day, line);
      assert.equal(cells.rxcui, r.rxcui === null ? -1 : Number(r.rxcui), line);
      assert.equal(Number.isNaN(cells.ndc) ? null : String(cells.ndc).padStart(11, '0'), r.ndc, line);
      assert.equal(cells.supply, r.daysSupply, line);
      assert.equal(cells.quantity, r.quantity, line);
      assert.equal(cells.reversed, r.reversed, line);
      assert.equal(cells.idStart < 0 ? null : line.slice(cells.idStart, cells.idEnd), r.claimId, line);
    }
    assert.ok(accepted >= 4, 'the plain rows take the fast path');
  });

  it('declines every row the string parser refuses', () => {
    for (const line of LINES) if (!parseClaim(splitCsvLine(line), idx).ok) assert.equal(fast(line), undefined, line);
  });

  it('hashes a claim id and a claim content into different identities, the same content into the same one', () => {
    const a = new Int32Array(2);
    const b = new Int32Array(2);
    hashContent(20000, 314076, NaN, 30, 30, a);
    hashContent(20000, 314076, NaN, 30, 30, b);
    assert.deepEqual(a, b);
    hashContent(20000, 314076, NaN, 30, 31, b);
    assert.notDeepEqual(a, b);
    const id = Buffer.from('C-1');
    hashBytes(id, 0, id.length, b);
    assert.notDeepEqual(a, b);
  });
});
