// Small RFC 4180 CSV reading: one logical line at a time (quoted fields with commas and doubled quotes; no
// embedded newlines, which claim files do not use). Pure: callers stream lines from files.

/** Splits one CSV line into fields. */
export function splitCsvLine(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const fields: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(cur);
      cur = '';
    } else cur += ch;
  }
  fields.push(cur);
  return fields;
}

export class CsvHeaderError extends Error {}

/** Maps required (and optional) column names to their positions; names are matched case-insensitively. */
export function headerIndex<const R extends string, const O extends string = never>(
  header: string,
  required: readonly R[],
  optional: readonly O[] = [],
): Record<R, number> & Record<O, number | undefined> {
  const cols = splitCsvLine(header.replace(/^\uFEFF/, '')).map((c) => c.trim().toLowerCase());
  const missing = required.filter((r) => !cols.includes(r));
  if (missing.length) throw new CsvHeaderError(`header is missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (found: ${cols.join(', ')})`);
  const idx: Record<string, number | undefined> = {};
  for (const name of [...required, ...optional]) {
    const i = cols.indexOf(name);
    idx[name] = i >= 0 ? i : undefined;
  }
  return idx as Record<R, number> & Record<O, number | undefined>;
}
