// FHIR R4 pharmacy claims, one resource per NDJSON line: MedicationDispense, or a CARIN Blue Button (C4BB) pharmacy
// ExplanationOfBenefit (item.productOrService NDC, item.servicedDate, item.quantity, supportingInfo category
// `dayssupply`). Pure: a line in, a claim row or a located problem out (pointers are JSON pointers into the resource).
import { z } from 'zod';
import { isIsoDate } from '../domain/codes.ts';
import type { ClaimImportRow } from './claim-rows.ts';
import type { RowProblem } from './measure-files.ts';

const NDC_SYSTEM = 'http://hl7.org/fhir/sid/ndc';
const RXNORM_SYSTEM = 'http://www.nlm.nih.gov/research/umls/rxnorm';

const coding = z.object({ system: z.string().optional(), code: z.string().optional() }).passthrough();
const concept = z.object({ coding: z.array(coding).optional() }).passthrough();
const reference = z.object({ reference: z.string() }).passthrough();
const quantity = z.object({ value: z.number() }).passthrough();

const dispense = z
  .object({
    resourceType: z.literal('MedicationDispense'),
    id: z.string().min(1),
    status: z.string(),
    subject: reference,
    medicationCodeableConcept: concept,
    quantity: quantity,
    daysSupply: quantity,
    whenHandedOver: z.string().optional(),
    whenPrepared: z.string().optional(),
  })
  .passthrough();

const eob = z
  .object({
    resourceType: z.literal('ExplanationOfBenefit'),
    id: z.string().min(1),
    status: z.string(),
    patient: reference,
    supportingInfo: z.array(z.object({ category: concept, valueQuantity: quantity.optional() }).passthrough()).optional(),
    item: z.array(z.object({ productOrService: concept, servicedDate: z.string().optional(), quantity: quantity.optional() }).passthrough()).min(1),
  })
  .passthrough();

const codeOf = (c: z.infer<typeof concept>, system: string) => c.coding?.find((x) => x.system === system)?.code ?? null;
const memberOf = (ref: string) => ref.replace(/^.*Patient\//, '');
const problem = (column: string, message: string): { ok: false; problem: RowProblem } => ({ ok: false, problem: { column, message } });

function finish(row: Omit<ClaimImportRow, 'ndc' | 'rxcui'> & { ndc: string | null; rxcui: string | null }, where: string) {
  const ndc = row.ndc?.replace(/-/g, '') ?? null;
  if (ndc !== null && !/^[0-9]{11}$/.test(ndc)) return problem(`${where}/code`, `expected an 11-digit NDC, got "${row.ndc}"`);
  if (row.rxcui !== null && !/^[0-9]{1,8}$/.test(row.rxcui)) return problem(`${where}/code`, `expected an RxNorm code, got "${row.rxcui}"`);
  if (ndc === null && row.rxcui === null) return problem(where, 'needs an NDC or RxNorm coding');
  if (!isIsoDate(row.fillDate)) return problem('/date', `expected a date, got "${row.fillDate}"`);
  if (!Number.isInteger(row.daysSupply) || row.daysSupply < 1 || row.daysSupply > 365) return problem('/daysSupply', `expected 1-365 days, got ${row.daysSupply}`);
  if (!(row.quantity > 0)) return problem('/quantity', `expected a positive quantity, got ${row.quantity}`);
  return { ok: true as const, row: { ...row, ndc } };
}

export function parseFhirClaim(line: string): { ok: true; row: ClaimImportRow } | { ok: false; problem: RowProblem } {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (err) {
    return problem('/', `not valid JSON (${(err as Error).message})`);
  }
  const type = (json as { resourceType?: unknown })?.resourceType;
  if (type === 'MedicationDispense') {
    const r = dispense.safeParse(json);
    if (!r.success) return problem('/' + r.error.issues[0]!.path.join('/'), r.error.issues[0]!.message);
    const d = r.data;
    const when = (d.whenHandedOver ?? d.whenPrepared ?? '').slice(0, 10);
    return finish({
      claimId: d.id, memberId: memberOf(d.subject.reference), fillDate: when, ndc: codeOf(d.medicationCodeableConcept, NDC_SYSTEM),
      rxcui: codeOf(d.medicationCodeableConcept, RXNORM_SYSTEM), daysSupply: d.daysSupply.value, quantity: d.quantity.value,
      totalCost: null, patientPay: null, status: d.status === 'completed' ? 'paid' : 'reversed',
    }, '/medicationCodeableConcept/coding');
  }
  if (type === 'ExplanationOfBenefit') {
    const r = eob.safeParse(json);
    if (!r.success) return problem('/' + r.error.issues[0]!.path.join('/'), r.error.issues[0]!.message);
    const e = r.data;
    const item = e.item[0]!;
    const days = e.supportingInfo?.find((s) => s.category.coding?.some((c) => c.code === 'dayssupply'))?.valueQuantity?.value;
    if (days === undefined) return problem('/supportingInfo', 'needs a dayssupply entry');
    return finish({
      claimId: e.id, memberId: memberOf(e.patient.reference), fillDate: (item.servicedDate ?? '').slice(0, 10),
      ndc: codeOf(item.productOrService, NDC_SYSTEM), rxcui: codeOf(item.productOrService, RXNORM_SYSTEM), daysSupply: days,
      quantity: item.quantity?.value ?? 0, totalCost: null, patientPay: null, status: e.status === 'active' ? 'paid' : 'reversed',
    }, '/item/0/productOrService/coding');
  }
  return problem('/resourceType', `expected MedicationDispense or ExplanationOfBenefit, got ${JSON.stringify(type)}`);
}
