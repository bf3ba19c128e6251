// The members of a population run as shared typed arrays: read and validated once on the main thread, then seen by
// every worker without a copy (SharedArrayBuffer). A member's index is its line order in the members file, so the
// shards (contiguous index ranges) write their results in the file's order.
import type { InpatientRow, MemberRow } from '../../interop/measure-files.ts';

/** Stored for "no date". */
export const NO_DAY = -2147483648;

export const M_HOSPICE = 1;
export const M_ESRD = 2;
export const M_DMP = 4;

export type MemberTable = {
  count: number;
  /** Member ids, UTF-8, each followed by a line break: id i is bytes idStart[i]..idStart[i+1]-1. */
  idBytes: Uint8Array;
  idStart: Int32Array;
  birth: Int32Array;
  death: Int32Array;
  enrollStart: Int32Array;
  enrollEnd: Int32Array;
  /** DMP at-risk identification day (targeting). */
  dmpDay: Int32Array;
  flags: Uint8Array;
  /** Inpatient stays by member: pairs stays[2s], stays[2s+1] for s in stayStart[i]..stayStart[i+1]. */
  stayStart: Int32Array;
  stays: Int32Array;
};

const shared = (n: number) => new Int32Array(new SharedArrayBuffer(Math.max(1, n) * 4));

export type MemberInput = MemberRow & { dmpAtRisk?: boolean; dmpDay?: number | undefined };

/** Builds the table from validated rows (in file order) and the inpatient rows of known members. */
export function memberTable(rows: readonly MemberInput[], stays: ReadonlyMap<string, readonly InpatientRow[]> = new Map()): MemberTable {
  const n = rows.length;
  // One encoding of all ids joined by line breaks (ids come from CSV lines, so they hold none).
  const joined = Buffer.from(rows.map((r) => r.memberId + '\n').join(''), 'utf8');
  const idBytes = new Uint8Array(new SharedArrayBuffer(Math.max(1, joined.length)));
  idBytes.set(joined);
  const t: MemberTable = {
    count: n, idBytes, idStart: shared(n + 1), birth: shared(n), death: shared(n), enrollStart: shared(n), enrollEnd: shared(n), dmpDay: shared(n),
    flags: new Uint8Array(new SharedArrayBuffer(Math.max(1, n))), stayStart: shared(n + 1), stays: shared(0),
  };
  let off = 0;
  let stayCount = 0;
  rows.forEach((r, i) => {
    t.idStart[i] = off;
    off = joined.indexOf(10, off) + 1;
    t.birth[i] = r.birthDay;
    t.death[i] = r.deathDay ?? NO_DAY;
    t.enrollStart[i] = r.enrollStart ?? NO_DAY;
    t.enrollEnd[i] = r.enrollEnd ?? NO_DAY;
    t.dmpDay[i] = r.dmpDay ?? NO_DAY;
    t.flags[i] = (r.hospice ? M_HOSPICE : 0) | (r.esrd ? M_ESRD : 0) | (r.dmpAtRisk ? M_DMP : 0);
    stayCount += stays.get(r.memberId)?.length ?? 0;
  });
  t.idStart[n] = off;
  t.stays = shared(2 * stayCount);
  let s = 0;
  rows.forEach((r, i) => {
    t.stayStart[i] = s;
    for (const stay of stays.get(r.memberId) ?? []) {
      t.stays[2 * s] = stay.admit;
      t.stays[2 * s + 1] = stay.discharge;
      s++;
    }
  });
  t.stayStart[n] = s;
  return t;
}

/** Bytes [start, end) of member i's id. */
export const idEnd = (t: MemberTable, i: number) => t.idStart[i + 1]! - 1;

export function memberId(t: MemberTable, i: number): string {
  // Buffer rather than TextDecoder: TextDecoder refuses views of a SharedArrayBuffer.
  const a = t.idStart[i]!;
  return Buffer.from(t.idBytes.buffer, t.idBytes.byteOffset + a, idEnd(t, i) - a).toString('utf8');
}

/** Member index by id (built once per thread). */
export function memberIndex(t: MemberTable): Map<string, number> {
  const ids = Buffer.from(t.idBytes.buffer, t.idBytes.byteOffset, t.idStart[t.count]).toString('utf8').split('\n');
  const map = new Map<string, number>();
  for (let i = 0; i < t.count; i++) map.set(ids[i]!, i);
  return map;
}

/**
 * Member index by the id's bytes, straight from a read buffer: open addressing over the table's own id bytes, so a
 * claims file in any order costs no string per row (the fast path of step 1; the string paths use memberIndex).
 */
export class MemberLookup {
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(private readonly t: MemberTable) {
    let size = 16;
    while (size < 2 * t.count) size *= 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    for (let i = 0; i < t.count; i++) {
      let h = hashId(t.idBytes, t.idStart[i]!, idEnd(t, i)) & this.mask;
      while (this.slots[h] !== 0) h = (h + 1) & this.mask;
      this.slots[h] = i + 1;
    }
  }

  /** The index of the member whose id is b[a..e), or -1. */
  find(b: Uint8Array, a: number, e: number): number {
    const ids = this.t.idBytes;
    let h = hashId(b, a, e) & this.mask;
    for (;;) {
      const s = this.slots[h]!;
      if (s === 0) return -1;
      const start = this.t.idStart[s - 1]!;
      if (idEnd(this.t, s - 1) - start === e - a) {
        let same = true;
        for (let i = 0; i < e - a; i++) {
          if (ids[start + i] !== b[a + i]) {
            same = false;
            break;
          }
        }
        if (same) return s - 1;
      }
      h = (h + 1) & this.mask;
    }
  }
}

function hashId(b: Uint8Array, a: number, e: number): number {
  let h = 0x811c9dc5;
  for (let i = a; i < e; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  return (h ^ (h >>> 15)) >>> 0;
}
