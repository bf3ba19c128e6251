// FHIR Dosage → the structured dosing the screening rules compare (dose, times per day, as needed), and a sig in
// words when the source has none. A table-driven reading of Timing (repeat.frequency/period or a GTS timing code)
// that knows nothing about resources, so it sits apart from the medication readers that call it. Pure.
import type { SnapshotMedication } from '../domain/screening.ts';
import { arr, compact, conceptText, num, obj, str } from './fhir-json.ts';

const PERIOD_DAYS: Record<string, number> = { s: 1 / 86400, min: 1 / 1440, h: 1 / 24, d: 1, wk: 7, mo: 30, a: 365 };
const PERIOD_WORD: Record<string, string> = { s: 'second', min: 'minute', h: 'hour', d: 'day', wk: 'week', mo: 'month', a: 'year' };
/** HL7 v3 GTSAbbreviation timing codes and common sig abbreviations: administrations per day and how to say it. */
const TIMING_CODES: Record<string, [number, string]> = {
  QD: [1, 'once a day'], DAILY: [1, 'once a day'], AM: [1, 'every morning'], QAM: [1, 'every morning'], PM: [1, 'every evening'], QPM: [1, 'every evening'],
  HS: [1, 'at bedtime'], QHS: [1, 'at bedtime'], BED: [1, 'at bedtime'], BID: [2, '2 times a day'], Q12H: [2, 'every 12 hours'], TID: [3, '3 times a day'],
  Q8H: [3, 'every 8 hours'], QID: [4, '4 times a day'], Q6H: [4, 'every 6 hours'], Q4H: [6, 'every 4 hours'], Q3H: [8, 'every 3 hours'],
  Q2H: [12, 'every 2 hours'], Q1H: [24, 'every hour'], QOD: [0.5, 'every other day'], WK: [1 / 7, 'once a week'], QW: [1 / 7, 'once a week'], MO: [1 / 30, 'once a month'],
};
const fmt = (n: number) => String(Math.round(n * 1000) / 1000);

export type Dosing = Pick<SnapshotMedication, 'sig' | 'doseQuantity' | 'doseUnit' | 'timesPerDay' | 'asNeeded'>;

/** FHIR Dosage → structured dosing, plus a sig written from it when the source has no text, for human readers. */
export function readDosage(d: unknown): Dosing {
  const dosage = obj(d);
  if (!dosage) return {};
  const dose = obj(obj(arr(dosage.doseAndRate)[0])?.doseQuantity);
  const doseQuantity = num(dose?.value);
  const doseUnit = str(dose?.unit) ?? str(dose?.code);
  const timing = obj(dosage.timing);
  const repeat = obj(timing?.repeat);
  let timesPerDay: number | undefined;
  let often: string | undefined;
  const period = num(repeat?.period);
  const unit = str(repeat?.periodUnit);
  if (period !== undefined && period > 0 && unit !== undefined && PERIOD_DAYS[unit] !== undefined) {
    const f = num(repeat?.frequency) ?? 1;
    timesPerDay = f / (period * PERIOD_DAYS[unit]);
    const times = f === 1 ? 'once' : `${fmt(f)} times`;
    often = period === 1 ? `${times} a ${PERIOD_WORD[unit]}` : `${f === 1 ? '' : `${times} `}every ${fmt(period)} ${PERIOD_WORD[unit]}s`;
  } else {
    const codes = [...arr(obj(timing?.code)?.coding).map((c) => obj(c)?.code), obj(timing?.code)?.text];
    const hit = codes.map((c) => (typeof c === 'string' ? TIMING_CODES[c.trim().toUpperCase()] : undefined)).find((h) => h !== undefined);
    if (hit) [timesPerDay, often] = hit;
  }
  const prnConcept = dosage.asNeededCodeableConcept;
  const asNeeded = prnConcept !== undefined ? true : typeof dosage.asNeededBoolean === 'boolean' ? dosage.asNeededBoolean : undefined;
  const prnFor = conceptText(prnConcept);
  const written = [
    doseQuantity !== undefined ? `${fmt(doseQuantity)} ${doseUnit ?? (doseQuantity === 1 ? 'dose' : 'doses')}` : undefined,
    often,
    asNeeded ? `as needed${prnFor ? ` for ${prnFor}` : ''}` : undefined,
  ].filter(Boolean).join(' ');
  return compact({ sig: str(dosage.text) ?? (written || undefined), doseQuantity, doseUnit, timesPerDay, asNeeded });
}
