// `openmtm screen <bundle.json> [--as-of YYYY-MM-DD] [--patient ID] [--knowledge DIR]`: screen one patient from a
// FHIR R4 Bundle without the database and print the findings as a JSON array. Rule failures go to stderr with the
// rule and patient; the remaining findings are still printed.
import fs from 'node:fs';
import { bundleToSnapshot } from '../interop/fhir-r4.ts';
import { screenPatient } from '../engines/screening/index.ts';
import { loadKnowledge } from '../jobs/knowledge-dir.ts';

export class ScreenInputError extends Error {}

export function readJsonFile(file: string): unknown {
  if (!fs.existsSync(file)) throw new ScreenInputError(`${file} does not exist`);
  const text = fs.readFileSync(file, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new ScreenInputError(`${file} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export function screenFile(file: string, opts: { asOf: string; patientId?: string; knowledgeDir?: string }): { json: string; warnings: string[] } {
  const knowledge = loadKnowledge(opts.knowledgeDir);
  const snapshot = bundleToSnapshot(readJsonFile(file), opts.patientId ? { patientId: opts.patientId } : {});
  const result = screenPatient(snapshot, opts.asOf, knowledge);
  return {
    json: JSON.stringify(result.findings, null, 2),
    warnings: result.errors.map((e) => `rule ${e.ruleId} failed for patient ${e.patientId}: ${e.message}`),
  };
}
