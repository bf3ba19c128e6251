// `openmtm import-claims FILE --org NAME`: pharmacy claims (documented CSV or CMS PDE layout) into patients' fills.
// Pass 1 validates every row and resolves every member id; any problem aborts with located messages and nothing
// written. Pass 2 inserts in chunks, one transaction each. Re-importing a file adds nothing (claim ids).
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { ValidationError, type FieldIssue } from '../domain/errors.ts';
import { claimRowParser, detectFormat, hasHeader, type ClaimFormat, type ClaimImportRow, type RowParser } from '../interop/claim-rows.ts';
import { CsvHeaderError } from '../interop/csv.ts';
import { classifyProduct } from '../knowledge/measure-classes.ts';
import type { Db } from '../store/db.ts';
import { insertClaims, patientsByMemberId } from '../store/claims.repository.ts';

export type ClaimImportResult = { format: ClaimFormat; rows: number; inserted: number; existing: number; reversed: number };

const MAX_ISSUES = 20;
const CHUNK = 5000;

async function* dataLines(file: string): AsyncGenerator<[number, string]> {
  const rl = readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let n = 0;
  for await (const line of rl) {
    n++;
    if (line.trim() !== '') yield [n, line];
  }
}

async function openParser(file: string, format: ClaimFormat | undefined): Promise<{ format: ClaimFormat; parse: RowParser; headerLine: number }> {
  for await (const [n, header] of dataLines(file)) {
    const f = format ?? detectFormat(header);
    try {
      return { format: f, parse: claimRowParser(f, header.replace(/^\uFEFF/, '')), headerLine: hasHeader(f) ? n : n - 1 };
    } catch (err) {
      if (err instanceof CsvHeaderError) throw new ValidationError(`${path.basename(file)} line ${n}: ${err.message}`, [{ pointer: `/${path.basename(file)}/${n}/header`, message: err.message }]);
      throw err;
    }
  }
  throw new ValidationError(`${path.basename(file)} is empty`);
}

/** A display name for a fill: the product's name when the knowledge base knows the code. */
function drugName(r: ClaimImportRow): string {
  const c = classifyProduct({ rxcui: r.rxcui, ndc: r.ndc });
  if (c && c.ingredients.length) return c.ingredients.join(' / ');
  return r.rxcui ? `RxCUI ${r.rxcui}` : `NDC ${r.ndc}`;
}

export async function importClaims(
  db: Db,
  o: { orgId: string; file: string; format?: ClaimFormat; crosswalk?: Map<string, string> | undefined; onProgress?: (rows: number) => void },
): Promise<ClaimImportResult> {
  if (!fs.existsSync(o.file)) throw new ValidationError(`${o.file} does not exist`);
  const name = path.basename(o.file);
  const { format, parse, headerLine } = await openParser(o.file, o.format);
  const issues: FieldIssue[] = [];
  const add = (line: number, column: string, message: string) => {
    if (issues.length < MAX_ISSUES) issues.push({ pointer: `/${name}/${line}/${column}`, message: `${name} line ${line}, ${column}: ${message}` });
  };
  // Pass 1: every row valid, every member known.
  const firstLineOf = new Map<string, number>();
  let rows = 0;
  for await (const [n, line] of dataLines(o.file)) {
    if (n <= headerLine) continue;
    const r = parse(line);
    if (!r.ok) add(n, r.problem.column, r.problem.message);
    else {
      rows++;
      if (!firstLineOf.has(r.row.memberId)) firstLineOf.set(r.row.memberId, n);
    }
  }
  const patients = await patientsByMemberId(db, o.orgId, [...firstLineOf.keys()]);
  const memberColumn = { pde: 'BENE_ID', csv: 'member_id', fhir: '/subject' }[format];
  for (const [member, line] of firstLineOf) if (!patients.has(member)) add(line, memberColumn, `no patient with member id ${member} in this organisation`);
  if (issues.length) throw new ValidationError(`Claims file is invalid; nothing was imported: ${issues.map((i) => i.message).join('; ')}`, issues);

  // Pass 2: insert in chunks.
  let inserted = 0;
  let reversed = 0;
  let batch: (ClaimImportRow & { patientId: string; drugName: string })[] = [];
  const flush = async () => {
    const chunk = batch;
    batch = [];
    inserted += await db.tx((q) => insertClaims(q, o.orgId, chunk));
  };
  let done = 0;
  for await (const [n, line] of dataLines(o.file)) {
    if (n <= headerLine) continue;
    const r = parse(line);
    if (!r.ok) throw new ValidationError(`${name} line ${n} changed during the import; re-run it (imported claims are skipped)`);
    if (r.row.status === 'reversed') reversed++;
    // Store the RxNorm code too when the crosswalk knows the NDC: rules and measures speak RxNorm.
    const row = !r.row.rxcui && r.row.ndc && o.crosswalk?.has(r.row.ndc) ? { ...r.row, rxcui: o.crosswalk.get(r.row.ndc)! } : r.row;
    batch.push({ ...row, patientId: patients.get(row.memberId)!, drugName: drugName(row) });
    if (batch.length >= CHUNK) {
      await flush();
      o.onProgress?.((done += CHUNK));
    }
  }
  await flush();
  return { format, rows, inserted, existing: rows - inserted, reversed };
}
