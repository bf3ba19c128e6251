// Per-thread memo of what a product code pair (RxCUI, NDC) means for a job: a population has tens of millions of
// claims but only thousands of distinct products, so each pair is classified once per thread.

export const rxcuiText = (rxcui: number): string | null => (rxcui < 0 ? null : String(rxcui));
export const ndcText = (ndc: number): string | null => (Number.isNaN(ndc) ? null : String(ndc).padStart(11, '0'));

export class CodeMemo<T> {
  private readonly byRxcui = new Map<number, Map<number, T>>();

  constructor(private readonly compute: (rxcui: string | null, ndc: string | null) => T) {}

  /** rxcui -1 and ndc NaN mean "none". */
  get(rxcui: number, ndc: number): T {
    const n = Number.isNaN(ndc) ? -1 : ndc;
    let inner = this.byRxcui.get(rxcui);
    if (!inner) this.byRxcui.set(rxcui, (inner = new Map()));
    let v = inner.get(n);
    if (v === undefined && !inner.has(n)) {
      v = this.compute(rxcuiText(rxcui), ndcText(ndc));
      inner.set(n, v);
    }
    return v as T;
  }
}
