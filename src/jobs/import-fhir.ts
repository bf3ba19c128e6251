// `openmtm import-fhir PATH --org NAME`: FHIR R4 patients into an organisation. PATH is a bulk-export directory
// (Synthea's `*.ndjson`: Patient.000.ndjson, MedicationRequest.000.ndjson, …), a directory of Bundle files
// (Synthea's default `output/fhir/*.json`), or one Bundle/NDJSON file. Everything is read and converted first
// (src/interop/fhir-patient-record.ts); any unreadable input or invalid patient stops the import before anything
// is written. The records then go through importRecords, the write path of `openmtm import`, so re-importing
// the same export adds nothing. Files are read whole: fine for Synthea-sized exports, not for multi-GB ones.
import fs from 'node:fs';
import path from 'node:path';
import { ValidationError, type FieldIssue } from '../domain/errors.ts';
import { fhirToPatientRecords, type FhirSource } from '../interop/fhir-patient-record.ts';
import { ndjsonToBundles } from '../interop/fhir-r4.ts';
import type { Db } from '../store/db.ts';
import { importRecords, type ImportCounts, type ImportProgress } from './import-population.ts';

export type FhirImportOptions = { orgId: string; path: string; chunkSize?: number; onProgress?: ImportProgress };
/** `warnings`: data left out or adjusted, located by file, line or entry (see fhir-patient-record.ts). */
export type FhirImportResult = { counts: ImportCounts; patients: number; warnings: FieldIssue[] };

const isNdjson = (f: string) => /\.ndjson$/i.test(f);
const isJson = (f: string) => /\.json$/i.test(f);

/** Reads PATH into converter inputs: all NDJSON files grouped per patient, plus one input per JSON file. */
export async function loadFhirSources(target: string): Promise<FhirSource[]> {
  const stat = await fs.promises.stat(target).catch(() => undefined);
  if (!stat) throw new ValidationError(`${target} does not exist`, [{ pointer: '/', message: `${target} does not exist` }]);
  const dir = stat.isDirectory() ? target : path.dirname(target);
  const names = stat.isDirectory() ? (await fs.promises.readdir(target)).filter((f) => isNdjson(f) || isJson(f)).sort() : [path.basename(target)];
  if (names.length === 0) throw new ValidationError(`${target} has no .ndjson or .json files`, [{ pointer: '/', message: 'no FHIR files found' }]);
  const read = (name: string) => fs.promises.readFile(path.join(dir, name), 'utf8');
  const ndjson = await Promise.all(names.filter(isNdjson).map(async (name) => ({ name, text: await read(name) })));
  const sources: FhirSource[] = ndjson.length > 0 ? ndjsonToBundles(ndjson).map((b) => ({ bundle: b.bundle, sources: b.sources })) : [];
  for (const name of names.filter((f) => !isNdjson(f))) {
    const text = (await read(name)).replace(/^\uFEFF/, '');
    try {
      sources.push({ bundle: JSON.parse(text), file: name });
    } catch (err) {
      const message = `${name}: not valid JSON (${(err as Error).message})`;
      throw new ValidationError(message, [{ pointer: `/${name}`, message }]);
    }
  }
  return sources;
}

/** Imports every patient found at `opts.path` into the organisation; nothing is written if any input is invalid. */
export async function importFhir(db: Db, opts: FhirImportOptions): Promise<FhirImportResult> {
  const { records, warnings } = fhirToPatientRecords(await loadFhirSources(opts.path));
  if (records.length === 0) throw new ValidationError(`${opts.path} holds no Patient resources; nothing was imported`, [{ pointer: '/', message: 'no Patient resources' }]);
  // An array, so importRecords validates every record before the first write.
  const counts = await importRecords(db, opts.orgId, [], records, { ...(opts.chunkSize ? { chunkSize: opts.chunkSize } : {}), ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) });
  return { counts, patients: records.length, warnings };
}
