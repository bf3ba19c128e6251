// Step 2's common part: a shard's claim records grouped by member (counting sort on the member index), and the
// claims of one member netted the way the record holds them: duplicates of one claim count once, and a reversal
// cancels every row of the claim it reverses. A claim is "the same" when its identity (claim id, else content)
// is the same — see interop/claim-bytes.ts.
import { FLAG_REVERSED, RECORD_INTS, R_ID_A, R_ID_B, R_MEMBER, R_SUPPLY, type RecordBlock } from './records.ts';

export type MemberGroups = {
  /** Records of member lo + m are order[first[m] .. first[m + 1]). */
  first: Int32Array;
  order: Int32Array;
};

export function groupByMember(block: RecordBlock, lo: number, hi: number): MemberGroups {
  const first = new Int32Array(hi - lo + 1);
  const ints = block.ints;
  for (let r = 0; r < block.count; r++) first[ints[r * RECORD_INTS + R_MEMBER]! - lo + 1]!++;
  for (let m = 1; m <= hi - lo; m++) first[m]! += first[m - 1]!;
  const next = first.slice(0, hi - lo);
  const order = new Int32Array(block.count);
  for (let r = 0; r < block.count; r++) order[next[ints[r * RECORD_INTS + R_MEMBER]! - lo]!++] = r;
  return { first, order };
}

/** Hash table reused across members: slot -> 1 + position of the claim's first row, and whether it is reversed. */
export class NetScratch {
  slots = new Int32Array(256);
  cancelled = new Uint8Array(256);
}

/** Slot of the identity of record r (its first row's slot, or the empty slot where it goes). */
function slotOf(ints: Int32Array, order: Int32Array, a: number, r: number, x: NetScratch, mask: number): number {
  const idA = ints[r * RECORD_INTS + R_ID_A]!;
  const idB = ints[r * RECORD_INTS + R_ID_B]!;
  let h = (idA ^ Math.imul(idB, 0x9e3779b1)) & mask;
  for (;;) {
    const at = x.slots[h]!;
    if (at === 0) return h;
    const s = order[a + at - 1]! * RECORD_INTS;
    if (ints[s + R_ID_A] === idA && ints[s + R_ID_B] === idB) return h;
    h = (h + 1) & mask;
  }
}

/**
 * Writes into `kept` the records of order[a..b) that count (one per claim identity, none for a reversed claim, in
 * file order within the shard) and returns how many.
 */
export function netClaims(block: RecordBlock, order: Int32Array, a: number, b: number, kept: Int32Array, x: NetScratch): number {
  const ints = block.ints;
  let size = 16;
  while (size < 2 * (b - a)) size *= 2;
  if (x.slots.length < size) {
    x.slots = new Int32Array(size);
    x.cancelled = new Uint8Array(size);
  }
  const mask = size - 1;
  x.slots.fill(0, 0, size);
  for (let i = a; i < b; i++) {
    const r = order[i]!;
    const h = slotOf(ints, order, a, r, x, mask);
    const reversed = (ints[r * RECORD_INTS + R_SUPPLY]! & FLAG_REVERSED) !== 0 ? 1 : 0;
    if (x.slots[h] === 0) {
      x.slots[h] = i - a + 1;
      x.cancelled[h] = reversed;
    } else if (reversed) x.cancelled[h] = 1;
  }
  let n = 0;
  for (let i = a; i < b; i++) {
    const r = order[i]!;
    const h = slotOf(ints, order, a, r, x, mask);
    if (x.slots[h] === i - a + 1 && x.cancelled[h] === 0) kept[n++] = r;
  }
  return n;
}
