// Imports a population directory (prescribers.ndjson + patients.ndjson) into one organisation.
// Pass 1 streams both files and validates every line (schema, duplicates, prescriber references) without
// writing; any problem aborts with a ValidationError naming file, line and field. Pass 2 streams again and
// inserts in chunks, one transaction each, so the single-connection embedded database serves other requests
// between chunks and a crash loses at most one chunk (re-running is idempotent).
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import type { z } from 'zod';
import { ValidationError, type FieldIssue } from '../domain/errors.ts';
import { PATIENT_CHILD_LISTS, patientRecord, prescriberRecord, type PatientRecord, type PatientRecordInput, type PrescriberRecord } from '../domain/patient-record.ts';
import type { Db } from '../store/db.ts';
import { insertPatientChunk, insertPrescribers, prescriberIdsByNpi, refreshPlannerStats, type ChildCounts } from '../store/population.repository.ts';

export type PrescriberRecordInput = z.input<typeof prescriberRecord>;

export type ImportCounts = ChildCounts & {
  prescribers: { inserted: number; existing: number };
  patients: { inserted: number; existing: number };
  /** Child rows not inserted because the patient already has a row with that external id (0 for validated files). */
  childRowsSkipped: number;
};

export type ImportProgress = (patientsDone: number, phase: 'validate' | 'import') => void;

export type ImportOptions = { orgId: string; dir: string; chunkSize?: number; onProgress?: ImportProgress };

const MAX_ISSUES = 20;
const DEFAULT_CHUNK = 500;

/** RFC 6901 pointer from a zod path. */
function pointer(pathParts: readonly PropertyKey[]): string {
  return pathParts.map((p) => '/' + String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('') || '/';
}

/** Where a record came from: `label` for messages ("patients.ndjson line 17"), `base` for pointers. */
type Where = { label: string; base: string };
const inFile = (file: string, line: number): Where => ({ label: `${file} line ${line}`, base: `/${file}/${line}` });
const inList = (list: string, index: number): Where => ({ label: `${list}[${index}]`, base: `/${list}/${index}` });

class IssueList {
  readonly issues: FieldIssue[] = [];
  add(where: Where, ptr: string, message: string): void {
    if (this.issues.length < MAX_ISSUES) this.issues.push({ pointer: where.base + (ptr === '/' ? '' : ptr), message: `${where.label}: ${ptr}: ${message}` });
  }
  addZod(where: Where, error: z.ZodError): void {
    for (const i of error.issues.slice(0, 3)) this.add(where, pointer(i.path), i.message);
  }
  get full(): boolean {
    return this.issues.length >= MAX_ISSUES;
  }
  throwIfAny(what: string): void {
    if (this.issues.length === 0) return;
    const more = this.full ? ` (first ${MAX_ISSUES} problems shown)` : '';
    throw new ValidationError(`${what}${more}: ${this.issues.map((i) => i.message).join('; ')}`, this.issues);
  }
}

/** Lines of a file with 1-based line numbers; blank lines are skipped. */
async function* lines(file: string): AsyncGenerator<[number, string]> {
  const rl = readline.createInterface({ input: fs.createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let n = 0;
  for await (const raw of rl) {
    n++;
    const line = n === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw; // tolerate a UTF-8 byte-order mark
    if (line.trim() !== '') yield [n, line];
  }
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    return { ok: false, message: `not valid JSON (${(err as Error).message})` };
  }
}

/** Every prescriber NPI a patient refers to, with the pointer where it is used. */
function* npiReferences(p: PatientRecord): Generator<[string, string]> {
  for (const [i, t] of p.careTeam.entries()) yield [t.prescriberNpi, `/careTeam/${i}/prescriberNpi`];
  for (const [i, m] of p.medications.entries()) if (m.prescriberNpi) yield [m.prescriberNpi, `/medications/${i}/prescriberNpi`];
  for (const [i, f] of p.fills.entries()) if (f.prescriberNpi) yield [f.prescriberNpi, `/fills/${i}/prescriberNpi`];
}

/** Checks one validated patient: child external ids unique within it, prescriber NPIs known. */
function checkPatient(p: PatientRecord, where: Where, knownNpis: ReadonlySet<string>, issues: IssueList): void {
  const seen = new Set<string>();
  const lists = { medications: p.medications, conditions: p.conditions, allergies: p.allergies, observations: p.observations, encounters: p.encounters, immunizations: p.immunizations, fills: p.fills };
  for (const [name, list] of Object.entries(lists)) {
    for (const [i, item] of list.entries()) {
      if (seen.has(item.externalId)) issues.add(where, `/${name}/${i}/externalId`, `duplicate externalId ${item.externalId} within the patient`);
      seen.add(item.externalId);
    }
  }
  for (const [npi, ptr] of npiReferences(p)) {
    if (!knownNpis.has(npi)) issues.add(where, ptr, `unknown prescriber NPI ${npi}: not in prescribers.ndjson nor in the organisation`);
  }
}

/** Pass 1: validates both files completely; returns the prescribers (small) and the patient count. */
async function validateDir(db: Db, orgId: string, dir: string, onProgress?: ImportProgress): Promise<{ prescribers: PrescriberRecord[]; patients: number }> {
  const issues = new IssueList();
  const prescriberFile = path.join(dir, 'prescribers.ndjson');
  const patientFile = path.join(dir, 'patients.ndjson');
  for (const f of [prescriberFile, patientFile]) {
    if (!fs.existsSync(f)) throw new ValidationError(`${path.basename(f)} is missing in ${dir}`, [{ pointer: `/${path.basename(f)}`, message: 'file not found' }]);
  }
  const prescribers: PrescriberRecord[] = [];
  const npiLine = new Map<string, number>();
  for await (const [n, text] of lines(prescriberFile)) {
    const where = inFile('prescribers.ndjson', n);
    const json = parseJson(text);
    if (!json.ok) issues.add(where, '/', json.message);
    else {
      const r = prescriberRecord.safeParse(json.value);
      if (!r.success) issues.addZod(where, r.error);
      else if (npiLine.has(r.data.npi)) issues.add(where, '/npi', `duplicate NPI ${r.data.npi} (first on line ${npiLine.get(r.data.npi)})`);
      else {
        npiLine.set(r.data.npi, n);
        prescribers.push(r.data);
      }
    }
    if (issues.full) break;
  }
  const known = new Set([...npiLine.keys(), ...(await prescriberIdsByNpi(db, orgId)).keys()]);
  const extLine = new Map<string, number>();
  let count = 0;
  for await (const [n, text] of lines(patientFile)) {
    if (issues.full) break;
    const where = inFile('patients.ndjson', n);
    const json = parseJson(text);
    if (!json.ok) {
      issues.add(where, '/', json.message);
      continue;
    }
    const r = patientRecord.safeParse(json.value);
    if (!r.success) {
      issues.addZod(where, r.error);
      continue;
    }
    const first = extLine.get(r.data.externalId);
    if (first !== undefined) issues.add(where, '/externalId', `duplicate patient externalId ${r.data.externalId} (first on line ${first})`);
    extLine.set(r.data.externalId, n);
    checkPatient(r.data, where, known, issues);
    count++;
    if (onProgress && count % 1000 === 0) onProgress(count, 'validate');
  }
  await checkManifest(dir, count, prescribers.length, issues);
  issues.throwIfAny(`Population directory ${dir} is invalid; nothing was imported`);
  return { prescribers, patients: count };
}

/** When manifest.json is present, the files must have the record counts it promises (catches truncated copies). */
async function checkManifest(dir: string, patients: number, prescribers: number, issues: IssueList): Promise<void> {
  const file = path.join(dir, 'manifest.json');
  if (!fs.existsSync(file) || issues.issues.length > 0) return;
  const m = parseJson(await fs.promises.readFile(file, 'utf8'));
  const files = m.ok ? (m.value as { files?: Record<string, { records?: number }> }).files : undefined;
  const expect = (name: string, actual: number) => {
    const want = files?.[name]?.records;
    if (typeof want === 'number' && want !== actual) issues.add({ label: name, base: `/${name}` }, '/', `has ${actual} records but manifest.json says ${want} (incomplete copy?)`);
  };
  expect('patients.ndjson', patients);
  expect('prescribers.ndjson', prescribers);
}

function emptyCounts(): ImportCounts {
  return {
    prescribers: { inserted: 0, existing: 0 }, patients: { inserted: 0, existing: 0 }, medications: 0, conditions: 0, allergies: 0,
    observations: 0, encounters: 0, immunizations: 0, fills: 0, coverages: 0, consents: 0, careTeam: 0, childRowsSkipped: 0,
  };
}

/** The shared write path: prescribers first, then patients in chunks of `chunkSize`, one transaction each. */
async function writeRecords(db: Db, orgId: string, prescribers: readonly PrescriberRecord[], patients: AsyncIterable<PatientRecord> | Iterable<PatientRecord>, chunkSize: number, onProgress?: ImportProgress): Promise<ImportCounts> {
  const counts = emptyCounts();
  const newPrescribers = await db.tx((q) => insertPrescribers(q, orgId, prescribers));
  counts.prescribers = { inserted: newPrescribers, existing: prescribers.length - newPrescribers };
  const prescriberIds = await prescriberIdsByNpi(db, orgId);
  let done = 0;
  let chunks = 0;
  const run = async (batch: PatientRecord[]) => {
    const c = await db.tx((q) => insertPatientChunk(q, orgId, batch, prescriberIds));
    // After chunks 1, 2, 4, 8, …: the foreign-key checks re-plan as the tables grow (see refreshPlannerStats).
    if ((++chunks & (chunks - 1)) === 0) await refreshPlannerStats(db);
    counts.patients.inserted += c.patientsInserted;
    counts.patients.existing += c.patientsExisting;
    for (const k of [...PATIENT_CHILD_LISTS, 'childRowsSkipped'] as const) counts[k] += c[k];
    done += batch.length;
    onProgress?.(done, 'import');
  };
  // One chunk is written while the next is read and parsed: on a PostgreSQL server both cores work. Chunks still
  // commit strictly in order. The no-op catch only keeps a failure from being reported as unhandled before
  // the loop awaits it (the await below still throws it).
  let inFlight: Promise<void> = Promise.resolve();
  const start = (batch: PatientRecord[]) => {
    const next = inFlight.then(() => run(batch));
    next.catch(() => undefined);
    inFlight = next;
  };
  let chunk: PatientRecord[] = [];
  let started = 0;
  try {
    // The first chunk is small so that the statistics refresh after it happens before the big chunks start.
    for await (const p of patients) {
      chunk.push(p);
      if (chunk.length >= (started === 0 ? Math.min(chunkSize, 50) : chunkSize)) {
        await inFlight;
        start(chunk);
        started++;
        chunk = [];
      }
    }
  } catch (err) {
    await inFlight.catch(() => undefined); // never leave a transaction running behind the error
    throw err;
  }
  await inFlight;
  if (chunk.length > 0) start(chunk);
  await inFlight;
  return counts;
}

/** Imports a population directory into an organisation; validates everything before writing anything. */
export async function importPopulation(db: Db, opts: ImportOptions): Promise<ImportCounts> {
  const { prescribers } = await validateDir(db, opts.orgId, opts.dir, opts.onProgress);
  async function* validated(): AsyncGenerator<PatientRecord> {
    for await (const [n, text] of lines(path.join(opts.dir, 'patients.ndjson'))) {
      // Parsed again (defaults applied); a failure now means the file changed since pass 1.
      const json = parseJson(text);
      const r = json.ok ? patientRecord.safeParse(json.value) : undefined;
      if (!r?.success) throw new ValidationError(`patients.ndjson line ${n} changed during the import; re-run it (already imported patients are skipped)`, []);
      yield r.data;
    }
  }
  return writeRecords(db, opts.orgId, prescribers, validated(), opts.chunkSize ?? DEFAULT_CHUNK, opts.onProgress);
}

/**
 * Imports in-memory records (the demo seed, tests) through the same write path. Records are validated as they
 * stream; with a lazy iterable an invalid record aborts after the chunks before it were committed, so pass an
 * array when all-or-nothing matters. Re-running is idempotent either way.
 */
export async function importRecords(db: Db, orgId: string, prescribers: readonly PrescriberRecordInput[], patients: Iterable<PatientRecordInput>, opts: { chunkSize?: number; onProgress?: ImportProgress } = {}): Promise<ImportCounts> {
  const issues = new IssueList();
  const parsedPrescribers: PrescriberRecord[] = [];
  for (const [i, p] of prescribers.entries()) {
    const r = prescriberRecord.safeParse(p);
    if (r.success) parsedPrescribers.push(r.data);
    else issues.addZod(inList('prescribers', i), r.error);
  }
  issues.throwIfAny('Prescriber list is invalid; nothing was imported');
  const known = new Set([...parsedPrescribers.map((p) => p.npi), ...(await prescriberIdsByNpi(db, orgId)).keys()]);
  const all = Array.isArray(patients);
  function* validated(): Generator<PatientRecord> {
    let i = 0;
    for (const p of patients) {
      const where = inList('patients', i++);
      const r = patientRecord.safeParse(p);
      if (!r.success) issues.addZod(where, r.error);
      else checkPatient(r.data, where, known, issues);
      if (!all) issues.throwIfAny(`${where.label} is invalid; patients before it were imported`);
      if (r.success) yield r.data;
    }
  }
  if (all) {
    const records = [...validated()];
    issues.throwIfAny('Patient list is invalid; nothing was imported');
    return writeRecords(db, orgId, parsedPrescribers, records, opts.chunkSize ?? DEFAULT_CHUNK, opts.onProgress);
  }
  return writeRecords(db, orgId, parsedPrescribers, validated(), opts.chunkSize ?? DEFAULT_CHUNK, opts.onProgress);
}
