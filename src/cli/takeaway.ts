// `openmtm takeaway <bundle.json> --lang en|es --out FILE [--format pdf|html] [--as-of YYYY-MM-DD]`: a DRAFT CMR
// takeaway (cover letter, Medication Action Plan, Personal Medication List; CMS standardized format) from a FHIR
// R4 Bundle of the kind `openmtm screen` reads, with the screening problems as proposed action-plan items.
// The format is --format, or else the --out extension (.html/.htm → HTML, anything else → PDF). The file is
// written to a temporary name beside --out and renamed, so a failure leaves nothing partial.
import fs from 'node:fs';
import path from 'node:path';
import { isIsoDate } from '../domain/codes.ts';
import { screenPatient } from '../engines/screening/index.ts';
import { bundleToSnapshot, collapseMedications, readFhirPatient, type ReadOptions } from '../interop/fhir-r4.ts';
import { loadKnowledge } from '../jobs/knowledge-dir.ts';
import { isLang } from '../documents/strings.ts';
import { buildTakeaway, type MedicationDetails, type TakeawayModel, type TakeawayPatient } from '../documents/takeaway-model.ts';
import { renderTakeawayPdf } from '../documents/takeaway-pdf.ts';
import { renderTakeawayHtml } from '../documents/takeaway-html.ts';
import { readJsonFile } from './screen.ts';

export class TakeawayUsageError extends Error {}

export type TakeawayArgs = {
  file: string | undefined;
  lang: string | undefined;
  out: string | undefined;
  asOf: string;
  format?: string | undefined;
  patientId?: string | undefined;
  knowledgeDir?: string | undefined;
  pharmacist?: string | undefined;
  contact?: string | undefined;
  plan?: string | undefined;
};

export type TakeawayResult = { out: string; format: 'pdf' | 'html'; bytes: number; actionItems: number; medications: number; reviewNotes: string[]; warnings: string[] };

const USAGE = 'takeaway needs a FHIR R4 Bundle file, --lang en|es and --out FILE: openmtm takeaway <bundle.json> --lang en --out takeaway.pdf [--format pdf|html] [--as-of YYYY-MM-DD]';

function formatOf(format: string | undefined, out: string): 'pdf' | 'html' {
  const ext = path.extname(out).toLowerCase();
  if (format === undefined) return ext === '.html' || ext === '.htm' ? 'html' : 'pdf';
  if (format !== 'pdf' && format !== 'html') throw new TakeawayUsageError(`--format must be pdf or html, got "${format}"`);
  return format;
}

function checkWritable(out: string): void {
  const dir = path.dirname(path.resolve(out));
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new TakeawayUsageError(`cannot write --out ${out}: directory ${dir} does not exist`);
  if (fs.existsSync(out) && fs.statSync(out).isDirectory()) throw new TakeawayUsageError(`cannot write --out ${out}: it is a directory`);
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    if (fs.existsSync(out)) fs.accessSync(out, fs.constants.W_OK);
  } catch {
    throw new TakeawayUsageError(`cannot write --out ${out}: permission denied`);
  }
}

/** Writes via a temporary file in the same directory and a rename, so readers never see half a file. */
export function writeAtomically(out: string, data: Uint8Array | string): void {
  const tmp = path.join(path.dirname(path.resolve(out)), `.${path.basename(out)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  try {
    fs.writeFileSync(tmp, data, { flag: 'wx' });
    fs.renameSync(tmp, out);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw new TakeawayUsageError(`cannot write --out ${out}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** The requester's display name per MedicationRequest id (the FHIR reader does not keep it). */
function prescribers(json: unknown): Map<string, string> {
  const byId = new Map<string, string>();
  const entries = typeof json === 'object' && json !== null && Array.isArray((json as { entry?: unknown }).entry) ? (json as { entry: unknown[] }).entry : [];
  for (const e of entries) {
    const r = typeof e === 'object' && e !== null ? (e as { resource?: unknown }).resource : undefined;
    if (typeof r !== 'object' || r === null) continue;
    const { id, requester } = r as { id?: unknown; requester?: unknown };
    const display = typeof requester === 'object' && requester !== null ? (requester as { display?: unknown }).display : undefined;
    if (typeof id === 'string' && typeof display === 'string' && display.trim() !== '') byId.set(id, display.trim());
  }
  return byId;
}

/** Reads, screens and builds the model; no file is written. */
export function takeawayModelFromFile(args: TakeawayArgs & { lang: 'en' | 'es'; file: string }): { model: TakeawayModel; warnings: string[] } {
  const json = readJsonFile(args.file);
  const opts: ReadOptions = args.patientId ? { patientId: args.patientId } : {};
  const snapshot = bundleToSnapshot(json, opts);
  const data = readFhirPatient(json, opts);
  const result = screenPatient(snapshot, args.asOf, loadKnowledge(args.knowledgeDir));
  const p = data.patient;
  const name = p.nameText ?? [...p.given, p.family].filter(Boolean).join(' ');
  const cityLine = [p.city, [p.state, p.postalCode].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  const patient: TakeawayPatient = { name: name || undefined, addressLines: [p.addressLine, cityLine].filter((l): l is string => !!l) };
  const byRequest = prescribers(json);
  const details: Record<string, MedicationDetails> = {};
  for (const m of collapseMedications(data.medications, { byStatus: true })) {
    const prescriber = byRequest.get(m.id);
    details[m.id] = { ...(m.indication ? { indication: m.indication } : {}), ...(prescriber ? { prescriber } : {}) };
  }
  const model = buildTakeaway({
    snapshot,
    findings: result.findings,
    asOf: args.asOf,
    lang: args.lang,
    patient,
    medicationDetails: details,
    provider: { ...(args.pharmacist ? { pharmacistName: args.pharmacist } : {}), ...(args.contact ? { contact: args.contact } : {}), ...(args.plan ? { planName: args.plan } : {}) },
  });
  return { model, warnings: result.errors.map((e) => `rule ${e.ruleId} failed for patient ${e.patientId}: ${e.message}`) };
}

export async function takeawayCommand(args: TakeawayArgs): Promise<TakeawayResult> {
  const { file, lang, out } = args;
  if (!file || !out || lang === undefined) throw new TakeawayUsageError(USAGE);
  if (!isLang(lang)) throw new TakeawayUsageError(`--lang must be en or es, got "${lang}"`);
  if (!isIsoDate(args.asOf)) throw new TakeawayUsageError(`--as-of must be a date as YYYY-MM-DD, got "${args.asOf}"`);
  if (!fs.existsSync(file)) throw new TakeawayUsageError(`${file} does not exist`);
  const format = formatOf(args.format, out);
  checkWritable(out);
  const { model, warnings } = takeawayModelFromFile({ ...args, file, lang });
  const bytes = format === 'pdf' ? await renderTakeawayPdf(model) : renderTakeawayHtml(model);
  writeAtomically(out, bytes);
  return {
    out,
    format,
    bytes: typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.byteLength,
    actionItems: model.actionItemRules.length,
    medications: model.medicationCount,
    reviewNotes: model.reviewNotes,
    warnings,
  };
}
