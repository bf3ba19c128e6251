// MedicationRequest, MedicationStatement and MedicationDispense readers, and the collapsing of renewals. They share
// how the drug is found (inline concept, contained or bundled Medication), so a dispense names its drug exactly as
// the order does; dosage reading is in fhir-dosage.ts. Status mapping favours reading a drug as active when in doubt,
// since missing a live drug is the worse screening mistake. Pure.
import { arr, compact, coded, conceptText, fail, FHIR_SYSTEMS, firstDate, num, obj, str, type Located, type Place } from './fhir-json.ts';
import { readDosage } from './fhir-dosage.ts';
import { warn, type Context, type ReadFill, type ReadMedication, type Reader } from './fhir-read-context.ts';

type Status = 'active' | 'stopped' | null; // null: entered in error, read as if absent
const REQUEST_STATUS: Record<string, Status> = { active: 'active', 'on-hold': 'active', draft: 'active', completed: 'stopped', stopped: 'stopped', cancelled: 'stopped', 'entered-in-error': null };
const STATEMENT_STATUS: Record<string, Status> = { active: 'active', intended: 'active', 'on-hold': 'active', completed: 'stopped', stopped: 'stopped', 'not-taken': 'stopped', 'entered-in-error': null };

type Drug = { rxcui?: string; name: string; ndc?: string };

function drugFromConcept(place: Place, sub: string, cc: unknown): Drug {
  const rx = coded(cc, FHIR_SYSTEMS.rxnorm);
  const name = rx?.display ?? conceptText(cc) ?? (rx ? `RxNorm ${rx.code}` : undefined);
  if (name === undefined) fail(place, sub, 'needs an RxNorm coding or a text name');
  return compact({ rxcui: rx?.code, name, ndc: coded(cc, FHIR_SYSTEMS.ndc)?.code });
}

/** The drug of a MedicationRequest/Statement/Dispense: inline concept, contained Medication or bundled Medication. */
function drugOf(l: Located, ctx: Context): Drug {
  if (l.r.medicationCodeableConcept !== undefined) return drugFromConcept(l.place, '/medicationCodeableConcept', l.r.medicationCodeableConcept);
  const ref = obj(l.r.medicationReference);
  if (!ref) fail(l.place, '/medicationCodeableConcept', 'needs medicationCodeableConcept or medicationReference');
  const target = str(ref.reference);
  if (target?.startsWith('#')) {
    const j = arr(l.r.contained).findIndex((c) => obj(c)?.resourceType === 'Medication' && obj(c)?.id === target.slice(1));
    if (j >= 0) return drugFromConcept(l.place, `/contained/${j}/code`, obj(arr(l.r.contained)[j])?.code);
  } else if (target !== undefined) {
    const m = ctx.medications.get(target) ?? ctx.medications.get(/(Medication\/[^/]+)$/.exec(target)?.[1] ?? '');
    if (m) return drugFromConcept(m.place, '/code', m.r.code);
  }
  const display = str(ref.display);
  if (display !== undefined) return { name: display };
  return fail(l.place, '/medicationReference', `${target ?? 'the reference'} is neither a contained nor a bundled Medication, and the reference has no display`);
}

export const readMedication: Reader = (l, ctx) => {
  const resourceType = l.type as ReadMedication['resourceType'];
  const table = resourceType === 'MedicationRequest' ? REQUEST_STATUS : STATEMENT_STATUS;
  const fhirStatus = str(l.r.status) ?? 'unknown';
  let status = table[fhirStatus];
  if (status === null) return;
  if (status === undefined) {
    // "unknown" or a non-FHIR value: screened as active, since missing a live drug is the worse mistake.
    warn(ctx, l, '/status', `status "${fhirStatus}" read as active`);
    status = 'active';
  }
  const drug = drugOf(l, ctx);
  const reason = obj(arr(l.r.reasonCode)[0]);
  const startDate = firstDate(l, ['/authoredOn', '/effectivePeriod/start', '/effectiveDateTime']);
  ctx.data.medications.push(compact<ReadMedication>({
    id: l.id ?? fail(l.place, '/id', `a ${resourceType} needs an id`),
    rxcui: drug.rxcui,
    name: drug.name,
    status,
    startDate,
    stopDate: firstDate(l, ['/effectivePeriod/end']),
    ...readDosage(arr(resourceType === 'MedicationRequest' ? l.r.dosageInstruction : l.r.dosage)[0]),
    place: l.place,
    resourceType,
    fhirStatus,
    ndc: drug.ndc,
    indication: (reason && conceptText(reason)) ?? str(obj(arr(l.r.reasonReference)[0])?.display),
    lastStartDate: startDate,
    orders: 1,
  }));
};

/**
 * Renewals repeat the same drug (Synthea writes a new MedicationRequest every year): one entry per RxNorm code
 * (uncoded: per name), or per code and status with `byStatus`. The latest order (by start date, then input
 * order) supplies everything except `startDate`, which is the earliest in the group. Distinct codes stay apart.
 */
export function collapseMedications(meds: readonly ReadMedication[], opts: { byStatus: boolean }): ReadMedication[] {
  const groups = new Map<string, ReadMedication[]>();
  for (const m of meds) {
    const key = `${m.rxcui ?? `name:${m.name.toLowerCase().replace(/\s+/g, ' ')}`}${opts.byStatus ? `|${m.status}` : ''}`;
    groups.set(key, [...(groups.get(key) ?? []), m]);
  }
  return [...groups.values()].map((group) => {
    let latest = group[0]!;
    for (const m of group) if ((m.startDate ?? '') >= (latest.startDate ?? '')) latest = m;
    const starts = group.map((m) => m.startDate).filter((d): d is string => d !== undefined).sort();
    return compact({ ...latest, startDate: starts[0], lastStartDate: latest.startDate, orders: group.reduce((n, m) => n + m.orders, 0) });
  });
}

/**
 * An NDC as 11 digits: as written, or from the 10-digit hyphenated forms 4-4-2, 5-3-2 and 5-4-1. Not
 * normalizeNdc (knowledge/measure-classes.ts): that one pads any digit groups of up to 5-4-2 ("1-2-3" becomes
 * "00001000203"), so a malformed NDC would be stored as a made-up 11-digit code instead of left out with a warning.
 */
function ndc11(raw: string): string | undefined {
  if (/^[0-9]{11}$/.test(raw)) return raw;
  const m = /^([0-9]{4,5})-([0-9]{3,4})-([0-9]{1,2})$/.exec(raw);
  if (!m || m[1]!.length + m[2]!.length + m[3]!.length > 11) return undefined;
  return m[1]!.padStart(5, '0') + m[2]!.padStart(4, '0') + m[3]!.padStart(2, '0');
}

export const readDispense: Reader = (l, ctx) => {
  ctx.data.hasDispenses = true;
  if (str(l.r.status) !== 'completed') return; // preparation, cancelled, declined…: nothing reached the patient
  const drug = drugOf(l, ctx);
  const ndc = drug.ndc === undefined ? undefined : ndc11(drug.ndc);
  if (drug.ndc !== undefined && ndc === undefined) warn(ctx, l, '/medicationCodeableConcept', `NDC "${drug.ndc}" is not an 11-digit or hyphenated 10-digit NDC; left out`);
  const date = firstDate(l, ['/whenHandedOver', '/whenPrepared']);
  const daysSupply = num(obj(l.r.daysSupply)?.value);
  if (date === undefined) return warn(ctx, l, '/whenHandedOver', 'has no whenHandedOver or whenPrepared date; skipped');
  if (daysSupply === undefined || daysSupply <= 0) return warn(ctx, l, '/daysSupply', 'has no positive daysSupply; skipped');
  ctx.data.fills.push(compact<ReadFill>({ id: l.id ?? fail(l.place, '/id', 'a MedicationDispense needs an id'), rxcui: drug.rxcui, ndc, name: drug.name, date, daysSupply, place: l.place, quantity: num(obj(l.r.quantity)?.value) }));
};
