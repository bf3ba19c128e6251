// Reading the CSV inputs of the file-based jobs (`openmtm measures`, `openmtm target`): stream a file line by line,
// parse each row, and collect located problems ("claims.csv:12: fill_date: …") instead of stopping at the first,
// so the user fixes a file in one pass. The jobs check every file before writing anything.
import fs from 'node:fs';
import path from 'node:path';
import { ValidationError, type FieldIssue } from '../domain/errors.ts';
import { CsvHeaderError, splitCsvLine } from '../interop/csv.ts';
import type { Parsed } from '../interop/measure-files.ts';

const MAX_ISSUES = 20;

export class InputProblems {
  readonly issues: FieldIssue[] = [];
  /** `nothingWritten` completes the error sentence, e.g. "no results were written". */
  constructor(private readonly nothingWritten: string) {}
  add(file: string, line: number, column: string, message: string) {
    const name = path.basename(file);
    if (this.issues.length < MAX_ISSUES) this.issues.push({ pointer: `/${name}/${line}/${column}`, message: `${name}:${line}: ${column}: ${message}` });
  }
  throwIfAny() {
    if (this.issues.length) throw new ValidationError(`Input files are invalid; ${this.nothingWritten}: ${this.issues.map((i) => i.message).join('; ')}`, this.issues);
  }
}

/** Streams `file`, calling `onRow` for each valid row; returns the number of valid rows. */
export async function readCsv<T, I>(file: string, header: (h: string) => I, parse: (f: string[], idx: I) => Parsed<T>, problems: InputProblems, onRow: (row: T, line: number) => void): Promise<number> {
  if (!fs.existsSync(file)) throw new ValidationError(`${file} does not exist`);
  let n = 0;
  let rows = 0;
  let idx: I | undefined;
  let failed = false;
  for await (const lines of lineChunks(file)) {
    for (const raw of lines) {
      n++;
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (line.trim() === '') continue;
      if (idx === undefined) {
        try {
          idx = header(line);
        } catch (err) {
          if (!(err instanceof CsvHeaderError)) throw err;
          problems.add(file, n, 'header', err.message);
          failed = true;
          break;
        }
        continue;
      }
      const r = parse(splitCsvLine(line), idx);
      if (r.ok) {
        rows++;
        onRow(r.row, n);
      } else problems.add(file, n, r.problem.column, r.problem.message);
    }
    if (failed) return 0;
  }
  if (idx === undefined) problems.add(file, 1, 'header', 'the file is empty');
  return rows;
}

/** The file's lines, a few megabytes at a time (readline's per-line async step cost more than parsing the row). */
async function* lineChunks(file: string): AsyncGenerator<string[]> {
  const stream = fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 22 });
  let rest = '';
  for await (const chunk of stream as AsyncIterable<string>) {
    const text = rest + chunk;
    const cut = text.lastIndexOf('\n');
    if (cut < 0) {
      rest = text;
      continue;
    }
    rest = text.slice(cut + 1);
    yield text.slice(0, cut).split('\n');
  }
  if (rest !== '') yield [rest];
}
