// The population engine's claim record: 40 bytes of numbers per claim, written by the partition step into one spill
// file per (partition, shard) and read back whole by the worker that evaluates the shard. Fixed-size binary
// records keep memory bounded (each step holds one shard) and cost no parsing on the way back.
import fs from 'node:fs';
import path from 'node:path';

/** Int32 slots per record; the doubles sit at 8-byte offsets (slots 4 and 8). */
export const RECORD_INTS = 10;
export const RECORD_BYTES = RECORD_INTS * 4;

export const R_MEMBER = 0;
export const R_DAY = 1;
/** Days' supply in the low 16 bits, flags above. */
export const R_SUPPLY = 2;
export const R_RXCUI = 3;
/** Float64 slot index (in a Float64Array over the same buffer) = record * 5 + 2. */
export const F_NDC = 2;
export const R_ID_A = 6;
export const R_ID_B = 7;
/** Float64 slot index = record * 5 + 4: gross cost, NaN when not given. */
export const F_COST = 4;

export const FLAG_REVERSED = 1 << 16;
export const SUPPLY_MASK = 0xffff;

/** Records as two views of one buffer. */
export type RecordBlock = { count: number; ints: Int32Array; doubles: Float64Array };

export function recordBlock(capacity: number): RecordBlock {
  const buf = new ArrayBuffer(capacity * RECORD_BYTES);
  return { count: 0, ints: new Int32Array(buf), doubles: new Float64Array(buf) };
}

/** Which input a spill file holds: a job can partition several files by member (claims, conditions). */
export type SpillName = 'claims' | 'conditions';

export const spillFile = (dir: string, name: SpillName, partition: number, shard: number) => path.join(dir, `${name}-p${partition}-s${shard}.bin`);

/** Buffers records per shard and appends them to the shard's spill file when a buffer fills. */
export class ShardWriter {
  private readonly blocks: RecordBlock[];
  private readonly fds: (number | undefined)[];
  written = 0;

  constructor(private readonly dir: string, private readonly name: SpillName, private readonly partition: number, shards: number, private readonly capacity = 8192) {
    this.blocks = Array.from({ length: shards }, () => recordBlock(capacity));
    this.fds = new Array<number | undefined>(shards);
  }

  /** The block to write the next record of `shard` into, at index block.count (the caller then increments count). */
  slot(shard: number): RecordBlock {
    const b = this.blocks[shard]!;
    if (b.count === this.capacity) this.flush(shard);
    return b;
  }

  private flush(shard: number): void {
    const b = this.blocks[shard]!;
    if (b.count === 0) return;
    let fd = this.fds[shard];
    if (fd === undefined) fd = this.fds[shard] = fs.openSync(spillFile(this.dir, this.name, this.partition, shard), 'w');
    const bytes = new Uint8Array(b.ints.buffer, 0, b.count * RECORD_BYTES);
    let off = 0;
    while (off < bytes.length) off += fs.writeSync(fd, bytes, off);
    this.written += b.count;
    b.count = 0;
  }

  close(): void {
    for (let s = 0; s < this.blocks.length; s++) this.flush(s);
    for (const fd of this.fds) if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Every record of one shard, from the spill files of all partitions. */
export function readShard(dir: string, name: SpillName, partitions: number, shard: number): RecordBlock {
  const files = Array.from({ length: partitions }, (_, p) => spillFile(dir, name, p, shard)).filter((f) => fs.existsSync(f));
  const total = files.reduce((n, f) => n + fs.statSync(f).size, 0);
  const block = recordBlock(total / RECORD_BYTES);
  const bytes = new Uint8Array(block.ints.buffer);
  let off = 0;
  for (const f of files) {
    const fd = fs.openSync(f, 'r');
    try {
      for (let n; (n = fs.readSync(fd, bytes, off, bytes.length - off, null)) > 0; ) off += n;
    } finally {
      fs.closeSync(fd);
    }
  }
  block.count = total / RECORD_BYTES;
  return block;
}
