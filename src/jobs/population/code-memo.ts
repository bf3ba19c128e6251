// Per-thread memo of what a product code pair (RxCUI, NDC) means for a job: a population has tens of millions of
// claims but only thousands of distinct products, so each pair is classified once per thread. Open addressing over
// typed arrays: this lookup runs for every claim, and two nested Maps cost several times more.

export const rxcuiText = (rxcui: number): string | null => (rxcui < 0 ? null : String(rxcui));
export const ndcText = (ndc: number): string | null => (Number.isNaN(ndc) ? null : String(ndc).padStart(11, '0'));

export class CodeMemo<T> {
  private rxcuis = new Int32Array(1024);
  private ndcs = new Float64Array(1024);
  /** 1 + index into values; 0 = empty slot. */
  private slots = new Int32Array(1024);
  private values: T[] = [];

  constructor(private readonly compute: (rxcui: string | null, ndc: string | null) => T) {}

  /** rxcui -1 and ndc NaN mean "none". */
  get(rxcui: number, ndc: number): T {
    const n = Number.isNaN(ndc) ? -1 : ndc;
    const mask = this.slots.length - 1;
    let h = (Math.imul(rxcui, 0x9e3779b1) ^ Math.imul(n | 0, 0x85ebca6b) ^ ((n / 4294967296) | 0)) & mask;
    for (;;) {
      const s = this.slots[h]!;
      if (s === 0) break;
      if (this.rxcuis[h] === rxcui && this.ndcs[h] === n) return this.values[s - 1]!;
      h = (h + 1) & mask;
    }
    const value = this.compute(rxcuiText(rxcui), ndcText(ndc));
    this.values.push(value);
    this.rxcuis[h] = rxcui;
    this.ndcs[h] = n;
    this.slots[h] = this.values.length;
    if (2 * this.values.length > this.slots.length) this.grow();
    return value;
  }

  private grow(): void {
    const { rxcuis, ndcs, slots } = this;
    const size = 2 * slots.length;
    this.rxcuis = new Int32Array(size);
    this.ndcs = new Float64Array(size);
    this.slots = new Int32Array(size);
    const mask = size - 1;
    for (let i = 0; i < slots.length; i++) {
      if (slots[i] === 0) continue;
      const r = rxcuis[i]!;
      const n = ndcs[i]!;
      let h = (Math.imul(r, 0x9e3779b1) ^ Math.imul(n | 0, 0x85ebca6b) ^ ((n / 4294967296) | 0)) & mask;
      while (this.slots[h] !== 0) h = (h + 1) & mask;
      this.rxcuis[h] = r;
      this.ndcs[h] = n;
      this.slots[h] = slots[i]!;
    }
  }
}
