// A user-supplied NDC → RxNorm crosswalk (CSV with header `ndc,rxcui`), e.g. exported from RxNorm's NDC
// relationships or a pharmacy system. Dispensed products carry NDCs; the class lists and rules speak RxNorm.
import { ValidationError, type FieldIssue } from '../domain/errors.ts';
import { CsvHeaderError, headerIndex, splitCsvLine } from './csv.ts';

/** 11-digit NDC from 11 digits or the hyphenated 10-digit forms (4-4-2, 5-3-2, 5-4-1). */
export function ndc11(raw: string): string | undefined {
  const s = raw.trim();
  if (/^[0-9]{11}$/.test(s)) return s;
  const m = /^([0-9]{4,5})-([0-9]{3,4})-([0-9]{1,2})$/.exec(s);
  if (!m || m[1]!.length + m[2]!.length + m[3]!.length !== 10) return undefined;
  return m[1]!.padStart(5, '0') + m[2]!.padStart(4, '0') + m[3]!.padStart(2, '0');
}

/** Parses the crosswalk text; throws a ValidationError naming each bad line (up to 20). */
export function parseNdcCrosswalk(text: string, fileLabel: string): Map<string, string> {
  const lines = text.split(/\r?\n/);
  const map = new Map<string, string>();
  const issues: FieldIssue[] = [];
  const add = (line: number, column: string, message: string) => {
    if (issues.length < 20) issues.push({ pointer: `/${fileLabel}/${line}/${column}`, message: `${fileLabel} line ${line}, ${column}: ${message}` });
  };
  let idx: { ndc: number; rxcui: number } | undefined;
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    if (!idx) {
      try {
        idx = headerIndex(line, ['ndc', 'rxcui'] as const);
      } catch (err) {
        if (err instanceof CsvHeaderError) add(i + 1, 'header', err.message);
        else throw err;
        idx = { ndc: -1, rxcui: -1 };
      }
      return;
    }
    if (idx.ndc < 0) return;
    const f = splitCsvLine(line);
    const ndc = ndc11(f[idx.ndc] ?? '');
    const rxcui = (f[idx.rxcui] ?? '').trim();
    if (!ndc) add(i + 1, 'ndc', `expected an 11-digit or hyphenated 10-digit NDC, got "${f[idx.ndc] ?? ''}"`);
    else if (!/^[0-9]{1,8}$/.test(rxcui)) add(i + 1, 'rxcui', `expected an RxNorm RXCUI, got "${rxcui}"`);
    else map.set(ndc, rxcui);
  });
  if (!idx) add(1, 'header', 'the file is empty');
  if (issues.length) throw new ValidationError(`NDC crosswalk is invalid: ${issues.map((x) => x.message).join('; ')}`, issues);
  return map;
}
