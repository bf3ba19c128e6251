// Writes a result file as bytes through one reused buffer: a population run writes millions of short lines, and
// building them as strings cost more (allocation, garbage collection, UTF-8 encoding) than computing them.
import fs from 'node:fs';

export class ByteWriter {
  private buf = Buffer.allocUnsafe(1 << 20);
  private len = 0;

  constructor(private readonly fd: number) {}

  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    this.flush();
    if (n > this.buf.length) this.buf = Buffer.allocUnsafe(n);
  }

  /** An ASCII string (codes, fixed words, formatted numbers). */
  ascii(s: string): void {
    this.room(s.length);
    for (let i = 0; i < s.length; i++) this.buf[this.len++] = s.charCodeAt(i);
  }

  bytes(src: Uint8Array, start: number, end: number): void {
    this.room(end - start);
    if (end - start > 64) {
      this.buf.set(src.subarray(start, end), this.len);
      this.len += end - start;
    } else for (let i = start; i < end; i++) this.buf[this.len++] = src[i]!;
  }

  byte(c: number): void {
    this.room(1);
    this.buf[this.len++] = c;
  }

  /** A whole number >= 0. */
  uint(n: number): void {
    if (n < 10) return this.byte(48 + n);
    this.ascii(String(n));
  }

  flush(): void {
    let off = 0;
    while (off < this.len) off += fs.writeSync(this.fd, this.buf, off, this.len - off);
    this.len = 0;
  }
}
