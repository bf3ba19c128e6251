// Synthetic prescribers and pharmacies with valid NPIs (Luhn check digit over the 80840 prefix, as CMS assigns
// them). The numbers are random, so a few may coincide with real NPIs; the names never match them on purpose.
import { luhnCheckDigit } from '../domain/codes.ts';
import type { PrescriberRecord } from '../domain/patient-record.ts';
import type { Specialty } from './catalog/conditions.ts';
import { CREDENTIALS, FEMALE_NAMES, LAST_NAMES, MALE_NAMES, MAIL_PHARMACIES, PHARMACY_NAMES, PHARMACY_PREFIXES, PLACES } from './catalog/people.ts';
import { Rng, type Weighted } from './random.ts';

// Stream ids keep the prescriber, pharmacy and patient streams of one seed independent.
const PRESCRIBER_STREAM = 0x5052;
const PHARMACY_STREAM = 0x5048;

export const PRIMARY_CARE: readonly Specialty[] = ['Internal Medicine', 'Family Medicine', 'Geriatric Medicine'];

const SPECIALTY_MIX: Weighted<Specialty> = [
  ['Internal Medicine', 30], ['Family Medicine', 30], ['Geriatric Medicine', 6], ['Cardiology', 10],
  ['Endocrinology', 6], ['Nephrology', 5], ['Pulmonology', 5], ['Psychiatry', 8],
];

/** A 10-digit NPI starting with 1 whose check digit is valid. */
export function randomNpi(rng: Rng): string {
  const body = '1' + rng.digits(8);
  return body + String(luhnCheckDigit('80840' + body));
}

/** Fictional phone number in the 555-01xx range. */
export function fictionalPhone(rng: Rng, area: string): string {
  return `(${area}) 555-01${rng.digits(2)}`;
}

/**
 * `count` prescribers for a seed. The list is prefix-stable: generatePrescribers(s, 10) equals the first ten of
 * generatePrescribers(s, 500). The first eight cover every specialty so small demo sets still have specialists.
 */
export function generatePrescribers(seed: number, count: number): PrescriberRecord[] {
  const out: PrescriberRecord[] = [];
  const seen = new Set<string>();
  const specialties = SPECIALTY_MIX.map(([s]) => s);
  for (let i = 0; i < count; i++) {
    const rng = new Rng(seed, PRESCRIBER_STREAM, i);
    let npi = randomNpi(rng);
    while (seen.has(npi)) npi = randomNpi(rng);
    seen.add(npi);
    const female = rng.chance(0.45);
    const place = rng.weighted(PLACES);
    const specialty = i < specialties.length ? specialties[i]! : rng.weighted(SPECIALTY_MIX);
    const credential = PRIMARY_CARE.includes(specialty) ? rng.weighted(CREDENTIALS) : rng.chance(0.85) ? 'MD' : 'DO';
    out.push({
      npi,
      firstName: rng.pick(female ? FEMALE_NAMES : MALE_NAMES),
      lastName: rng.pick(LAST_NAMES),
      credential,
      specialty,
      phone: fictionalPhone(rng, place.area),
      fax: fictionalPhone(rng, place.area),
    });
  }
  return out;
}

export type Pharmacy = { npi: string; name: string; mail: boolean };

/** Retail and mail-order pharmacies for a seed (prefix-stable like the prescribers). */
export function generatePharmacies(seed: number, count: number): Pharmacy[] {
  const out: Pharmacy[] = [];
  for (let i = 0; i < count; i++) {
    const rng = new Rng(seed, PHARMACY_STREAM, i);
    const mail = i < MAIL_PHARMACIES.length;
    const name = mail ? MAIL_PHARMACIES[i]! : `${rng.pick(PHARMACY_PREFIXES)} ${rng.pick(PHARMACY_NAMES)}`;
    out.push({ npi: randomNpi(rng), name, mail });
  }
  return out;
}

export type PrescriberIndex = {
  all: readonly PrescriberRecord[];
  primaryCare: readonly PrescriberRecord[];
  bySpecialty: ReadonlyMap<string, readonly PrescriberRecord[]>;
};

const indexCache = new WeakMap<readonly PrescriberRecord[], PrescriberIndex>();

/** Groups prescribers by specialty once per list (the generator calls this for every patient). */
export function indexPrescribers(prescribers: readonly PrescriberRecord[]): PrescriberIndex {
  let idx = indexCache.get(prescribers);
  if (idx) return idx;
  if (prescribers.length === 0) throw new Error('at least one prescriber is needed to generate patients');
  const bySpecialty = new Map<string, PrescriberRecord[]>();
  for (const p of prescribers) {
    const key = p.specialty ?? 'Internal Medicine';
    const list = bySpecialty.get(key) ?? [];
    list.push(p);
    bySpecialty.set(key, list);
  }
  const primaryCare = prescribers.filter((p) => PRIMARY_CARE.includes((p.specialty ?? 'Internal Medicine') as Specialty));
  idx = { all: prescribers, primaryCare: primaryCare.length > 0 ? primaryCare : prescribers, bySpecialty };
  indexCache.set(prescribers, idx);
  return idx;
}
