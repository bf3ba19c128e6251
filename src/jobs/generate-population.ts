// Writes a synthetic population to a directory in the OpenMTM population format (prescribers.ndjson,
// patients.ndjson, manifest.json) plus flat CSVs for the claims/adherence engine. Streams with backpressure so
// memory stays flat whatever the patient count; manifest.json is written last, so its presence means the
// directory is complete.
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import type { ChildCounts, PatientRecord, PrescriberRecord } from '../domain/patient-record.ts';
import { DEFAULT_PRESCRIBER_COUNT, GENERATOR_VERSION, generatePopulation, generatePrescribers, primaryMemberId } from '../synthetic/index.ts';

export const POPULATION_FORMAT_VERSION = 1;

export type WritePopulationOptions = {
  out: string;
  patients: number;
  seed: number;
  asOf: string;
  prescribers?: readonly PrescriberRecord[];
  /** First patient index, to write one shard of a larger population. */
  start?: number;
  /** Only the flat CSVs (claims, members, inpatient, conditions): for benchmarks of the file-based engines. */
  csvOnly?: boolean;
  onProgress?: (patientsWritten: number, total: number) => void;
};

export type RecordCounts = ChildCounts & { prescribers: number; patients: number };

export type PopulationManifest = {
  formatVersion: number;
  generator: string;
  generatorVersion: string;
  seed: number;
  asOf: string;
  start: number;
  count: number;
  records: RecordCounts;
  /** lines = all lines in the file (CSV header included); records = data lines. */
  files: Record<string, { lines: number; records: number; bytes: number }>;
};

const CHUNK = 1 << 20;

/** A write stream with a string buffer: one write per ~1 MB, awaiting 'drain' when the OS is behind. */
class BufferedFile {
  private readonly stream: fs.WriteStream;
  private parts: string[] = [];
  private size = 0;
  bytes = 0;
  lines = 0;

  constructor(
    readonly name: string,
    dir: string,
    private readonly header?: string,
  ) {
    this.stream = fs.createWriteStream(path.join(dir, name));
    if (header) this.line(header);
  }

  line(s: string): Promise<void> | undefined {
    this.parts.push(s, '\n');
    this.size += s.length + 1;
    this.lines++;
    return this.size >= CHUNK ? this.flush() : undefined;
  }

  async flush(): Promise<void> {
    if (this.parts.length === 0) return;
    const data = this.parts.join('');
    this.parts = [];
    this.size = 0;
    this.bytes += Buffer.byteLength(data);
    if (!this.stream.write(data)) await once(this.stream, 'drain');
  }

  async close(): Promise<{ lines: number; records: number; bytes: number }> {
    await this.flush();
    this.stream.end();
    await finished(this.stream);
    return { lines: this.lines, records: this.lines - (this.header ? 1 : 0), bytes: this.bytes };
  }
}

/** CSV field: quoted only when needed (RFC 4180). */
function csv(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export async function writePopulation(opts: WritePopulationOptions): Promise<PopulationManifest> {
  const start = opts.start ?? 0;
  const prescribers = opts.prescribers ?? generatePrescribers(opts.seed, DEFAULT_PRESCRIBER_COUNT);
  await fs.promises.mkdir(opts.out, { recursive: true });
  // A stale manifest from an earlier run must not vouch for the files being rewritten now.
  await fs.promises.rm(path.join(opts.out, 'manifest.json'), { force: true });

  // Without the NDJSON files the directory is not importable, which is the point of csvOnly.
  const prescriberFile = opts.csvOnly ? undefined : new BufferedFile('prescribers.ndjson', opts.out);
  for (const p of prescribers) await prescriberFile?.line(JSON.stringify(p));
  const patientsFile = opts.csvOnly ? undefined : new BufferedFile('patients.ndjson', opts.out);
  const claims = new BufferedFile('claims.csv', opts.out, 'member_id,fill_date,rxcui,ndc,days_supply,quantity,total_cost');
  const members = new BufferedFile('members.csv', opts.out, 'member_id,birth_date,enroll_start,enroll_end,death_date,hospice,esrd,dmp_at_risk');
  const conditions = new BufferedFile('conditions.csv', opts.out, 'member_id,code,system,onset_date');
  const inpatient = new BufferedFile('inpatient.csv', opts.out, 'member_id,admit_date,discharge_date');

  const records: RecordCounts = {
    prescribers: prescribers.length, patients: 0, medications: 0, conditions: 0, allergies: 0, observations: 0,
    encounters: 0, immunizations: 0, fills: 0, coverages: 0, consents: 0, careTeam: 0,
  };
  let n = 0;
  for (const p of generatePopulation(opts.seed, opts.patients, opts.asOf, { prescribers, start })) {
    countRecords(records, p);
    // Awaiting only when a buffer was flushed keeps the loop synchronous (and fast) most of the time.
    const pending = [patientsFile?.line(JSON.stringify(p)), ...csvLines(p, claims, members, inpatient, conditions)];
    for (const w of pending) if (w) await w;
    n++;
    if (opts.onProgress && n % 1000 === 0) opts.onProgress(n, opts.patients);
  }
  opts.onProgress?.(n, opts.patients);

  const files: PopulationManifest['files'] = {};
  for (const f of [prescriberFile, patientsFile, claims, members, inpatient, conditions]) if (f) files[f.name] = await f.close();
  const manifest: PopulationManifest = {
    formatVersion: POPULATION_FORMAT_VERSION,
    generator: 'openmtm-synthetic',
    generatorVersion: GENERATOR_VERSION,
    seed: opts.seed,
    asOf: opts.asOf,
    start,
    count: n,
    records,
    files,
  };
  await fs.promises.writeFile(path.join(opts.out, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

function countRecords(c: RecordCounts, p: PatientRecord): void {
  c.patients++;
  c.medications += p.medications.length;
  c.conditions += p.conditions.length;
  c.allergies += p.allergies.length;
  c.observations += p.observations.length;
  c.encounters += p.encounters.length;
  c.immunizations += p.immunizations.length;
  c.fills += p.fills.length;
  c.coverages += p.coverages.length;
  c.consents += p.consents.length;
  c.careTeam += p.careTeam.length;
}

// claims/members/inpatient feed `openmtm measures`; total_cost, dmp_at_risk and conditions.csv feed `openmtm target`.
// The generator has no drug management program, so dmp_at_risk is always 0.
function csvLines(p: PatientRecord, claims: BufferedFile, members: BufferedFile, inpatient: BufferedFile, conditions: BufferedFile): (Promise<void> | undefined)[] {
  const member = primaryMemberId(p);
  if (member === null) return [];
  const m = csv(member);
  const out: (Promise<void> | undefined)[] = [];
  for (const f of p.fills) {
    if (f.claimStatus !== 'paid') continue;
    out.push(claims.line(`${m},${f.fillDate},${csv(f.rxcui)},${csv(f.ndc)},${f.daysSupply},${f.quantity},${f.totalCost ?? ''}`));
  }
  const cov = p.coverages[0]!;
  const hospice = p.encounters.some((e) => e.kind === 'home' && e.reasonCode === 'Z51.5') ? 1 : 0;
  const esrd = p.conditions.some((c) => c.code === 'N18.6' && c.clinicalStatus === 'active') ? 1 : 0;
  out.push(members.line(`${m},${p.birthDate},${cov.startDate},${csv(cov.endDate)},${csv(p.deceasedDate)},${hospice},${esrd},0`));
  for (const c of p.conditions) {
    if (c.clinicalStatus === 'active') out.push(conditions.line(`${m},${csv(c.code)},${c.codeSystem === 'icd10cm' ? 'icd10' : 'snomed'},${csv(c.onsetDate)}`));
  }
  for (const e of p.encounters) if (e.kind === 'inpatient') out.push(inpatient.line(`${m},${e.startDate},${csv(e.endDate)}`));
  return out.filter((w) => w !== undefined);
}
