// One synthetic patient as a PatientRecord: a pure function of (seed, index, asOf, prescribers). Each patient has
// its own random stream derived from (seed, index), so patient i is the same whether 10 or 100,000 are generated
// and generation can be split across workers or machines.
import type { PatientRecord, PrescriberRecord } from '../domain/patient-record.ts';
import { PROFILES, type ConditionId, type Specialty } from './catalog/conditions.ts';
import {
  CAREGIVER_RELATIONSHIPS, FEMALE_NAMES, HISPANIC_FEMALE, HISPANIC_LAST, HISPANIC_MALE, LAST_NAMES, MALE_NAMES,
  OTHER_LANGUAGES, PLACES, STREET_KINDS, STREETS,
} from './catalog/people.ts';
import { buildClinicalEvents } from './clinical-events.ts';
import { buildCoverage } from './coverage.ts';
import type { Adherence, ChosenCondition, PatientContext } from './context.ts';
import { ageOn, isoDay, toDay } from '../domain/days.ts';
import { buildFills } from './fills.ts';
import { buildMedications } from './medications.ts';
import { fictionalPhone, generatePharmacies, indexPrescribers } from './prescribers.ts';
import { Rng } from './random.ts';

const PATIENT_STREAM = 0x5041;
/** Pharmacies are part of the generator's world, fixed per seed like the prescribers. */
const PHARMACY_COUNT = 60;
const pharmacyCache = new Map<number, ReturnType<typeof generatePharmacies>>();

function pharmaciesFor(seed: number) {
  let list = pharmacyCache.get(seed);
  if (!list) {
    list = generatePharmacies(seed, PHARMACY_COUNT);
    if (pharmacyCache.size > 16) pharmacyCache.clear();
    pharmacyCache.set(seed, list);
  }
  return list;
}

export function externalIdFor(index: number): string {
  return `P${String(index).padStart(7, '0')}`;
}

const ageBand = (age: number) => (age < 65 ? 0 : age < 75 ? 1 : age < 85 ? 2 : 3);

/** A normalised copy of a name usable in an e-mail address. */
const mailName = (s: string) => s.normalize('NFD').replace(/[^A-Za-z]/g, '').toLowerCase();

export function generatePatient(seed: number, index: number, asOfIso: string, prescribers: readonly PrescriberRecord[]): PatientRecord {
  const rng = new Rng(seed, PATIENT_STREAM, index);
  const asOf = toDay(asOfIso);
  const ext = externalIdFor(index);
  const team = indexPrescribers(prescribers);

  // Demographics: mostly Medicare age, some 50–64.
  const age = rng.weighted([[rng.int(50, 64), 12], [rng.int(65, 74), 45], [rng.int(75, 84), 30], [rng.int(85, 95), 13]]);
  const birthDay = asOf - age * 365 - Math.floor(age / 4) - rng.int(1, 364);
  const trueAge = ageOn(birthDay, asOf);
  const sex = rng.chance(0.55) ? 'female' : 'male';
  const female = sex === 'female';
  const langRoll = rng.next();
  let language = 'en';
  let firstName: string;
  let lastName: string;
  if (langRoll < 0.15) {
    language = 'es';
    firstName = rng.pick(female ? HISPANIC_FEMALE : HISPANIC_MALE);
    lastName = rng.pick(HISPANIC_LAST);
  } else if (langRoll < 0.19) {
    const other = rng.weighted(OTHER_LANGUAGES);
    language = other.code;
    firstName = rng.pick(female ? other.female : other.male);
    lastName = rng.pick(other.last);
  } else {
    firstName = rng.pick(female ? FEMALE_NAMES : MALE_NAMES);
    lastName = rng.chance(0.06) ? rng.pick(HISPANIC_LAST) : rng.pick(LAST_NAMES);
  }
  const place = rng.weighted(PLACES);
  const [city, zip] = rng.pick(place.cities);

  // Conditions, in PROFILES order so boosts can refer to earlier ones.
  const risk = rng.clampedNormal(1.18, 0.35, 0.45, 2.1);
  const conditions = new Map<ConditionId, ChosenCondition>();
  for (const profile of PROFILES) {
    let p = profile.prevalence[ageBand(trueAge)] * (female ? (profile.female ?? 1) : (profile.male ?? 1)) * risk;
    for (const [id, factor] of Object.entries(profile.boosts ?? {})) if (conditions.has(id as ConditionId)) p *= factor;
    if (!rng.chance(Math.min(0.95, p))) continue;
    const [code, display] = rng.weighted(profile.codes);
    const onsetDay = asOf - rng.int(90, Math.max(91, Math.min(20, trueAge - 40) * 365));
    conditions.set(profile.id, { profile, code, display, onsetDay });
  }
  // Kidney function decides the CKD stage code; a few progress to ESRD.
  const ckd = conditions.get('ckd3');
  const esrd = ckd !== undefined && rng.chance(0.04);
  const egfrBase = esrd ? rng.int(7, 14) : ckd ? rng.int(31, 58) : Math.round(rng.clampedNormal(88 - (trueAge - 50) * 0.6, 11, 61, 110));
  if (ckd) {
    if (esrd) Object.assign(ckd, { code: 'N18.6', display: 'End stage renal disease' });
    else if (egfrBase >= 45) Object.assign(ckd, { code: 'N18.31', display: 'Chronic kidney disease, stage 3a' });
    else Object.assign(ckd, { code: 'N18.32', display: 'Chronic kidney disease, stage 3b' });
    const dm = conditions.get('diabetes');
    if (dm && rng.chance(0.6)) Object.assign(dm, { code: 'E11.22', display: 'Type 2 diabetes mellitus with diabetic chronic kidney disease' });
  }

  // Care team: one primary care prescriber, specialists for some conditions.
  const pcp = rng.pick(team.primaryCare);
  const specialists = new Map<Specialty, PrescriberRecord>();
  for (const c of conditions.values()) {
    const spec = c.profile.specialist;
    if (!spec || specialists.has(spec[0]) || !rng.chance(spec[1])) continue;
    const list = team.bySpecialty.get(spec[0]);
    if (list && list.length > 0) specialists.set(spec[0], rng.pick(list));
  }

  const deceased = rng.chance(0.02 + (trueAge >= 85 ? 0.03 : 0) + (conditions.has('hf') ? 0.02 : 0));
  const deceasedDay = deceased ? asOf - rng.int(5, 300) : null;
  const lastDay = deceasedDay ?? asOf;
  for (const c of conditions.values()) c.onsetDay = Math.min(c.onsetDay, lastDay - 30); // diagnosed before death
  const fillWindowStart = asOf - rng.int(365, 456);
  const clinicalWindowStart = asOf - rng.int(365, 540);
  const coverage = buildCoverage(rng, { index, age: trueAge, birthDay, asOf, deceasedDay });

  const adherence: Adherence = rng.weighted([['good', 62], ['moderate', 14], ['poor', 24]]);
  const pharmacies = pharmaciesFor(seed);
  const mailUser = rng.chance(0.3);
  const ctx: PatientContext = {
    rng, ext, index, asOf, birthDay, age: trueAge, sex, risk, conditions, esrd, egfrBase, pcp, specialists,
    lastDay, deceasedDay, fillWindowStart, clinicalWindowStart,
    coverageStart: coverage.start, coverageEnd: coverage.end, adherence, lowIncomeSubsidy: coverage.lowIncomeSubsidy,
    retail: rng.pick(pharmacies.filter((p) => !p.mail)),
    mail: mailUser ? rng.pick(pharmacies.filter((p) => p.mail)) : null,
  };

  const { meds, acute } = buildMedications(ctx);
  let fillN = 0;
  const fills = buildFills(ctx, meds, () => `${ext}-F${++fillN}`);
  const events = buildClinicalEvents(ctx, meds, city);

  const dementia = conditions.has('dementia');
  const longTermCare = rng.chance(dementia ? 0.25 : trueAge >= 85 ? 0.08 : 0.015);
  const hasCaregiver = rng.chance(dementia ? 0.8 : longTermCare ? 0.6 : trueAge >= 85 ? 0.3 : 0.08);
  const relationship = hasCaregiver ? rng.weighted(CAREGIVER_RELATIONSHIPS) : null;

  const record: PatientRecord = {
    externalId: ext,
    firstName,
    lastName,
    birthDate: isoDay(birthDay),
    sex,
    language,
    phone: fictionalPhone(rng, place.area),
    email: rng.chance(0.35) ? `${mailName(firstName)}.${mailName(lastName)}${rng.int(1, 99)}@example.com` : null,
    addressLine: `${rng.int(10, 9899)} ${rng.pick(STREETS)} ${rng.pick(STREET_KINDS)}`,
    city,
    state: place.state as PatientRecord['state'],
    postalCode: zip,
    healthLiteracyConcern: rng.chance(language === 'en' ? 0.1 : 0.25),
    cognitiveImpairment: dementia ? 'yes' : rng.chance(0.85) ? 'no' : 'unknown',
    longTermCare,
    caregiverName: hasCaregiver ? `${rng.pick(rng.chance(0.5) ? FEMALE_NAMES : MALE_NAMES)} ${relationship === 'Spouse' || relationship === 'Daughter' || relationship === 'Son' ? lastName : rng.pick(LAST_NAMES)}` : null,
    caregiverRelationship: relationship,
    caregiverPhone: hasCaregiver ? fictionalPhone(rng, place.area) : null,
    deceasedDate: deceasedDay === null ? null : isoDay(deceasedDay),
    coverages: coverage.coverages,
    consents: buildConsents(ctx, hasCaregiver),
    careTeam: [
      { prescriberNpi: pcp.npi, role: 'Primary care provider' },
      ...[...specialists.entries()].map(([spec, p]) => ({ prescriberNpi: p.npi, role: spec })),
    ].filter((m, i, all) => all.findIndex((o) => o.prescriberNpi === m.prescriberNpi) === i),
    medications: meds.map((m, i) => ({
      externalId: `${ext}-M${i + 1}`,
      rxcui: m.product.rxcui,
      display: m.product.display,
      source: m.product.source,
      sig: m.product.sig,
      indication: m.indication,
      prescriberNpi: m.prescriberNpi,
      startDate: m.startDay === null ? null : isoDay(m.startDay),
      stopDate: m.stopDay === null ? null : isoDay(m.stopDay),
      stopReason: m.stopReason,
    })),
    conditions: [
      ...[...conditions.values()].map((c, i) => ({
        externalId: `${ext}-C${i + 1}`,
        codeSystem: 'icd10cm' as const,
        code: c.code,
        display: c.display,
        onsetDate: isoDay(c.onsetDay),
        abatementDate: null,
        clinicalStatus: 'active' as const,
      })),
      ...acute.map((a, i) => ({
        externalId: `${ext}-C${conditions.size + i + 1}`,
        codeSystem: 'snomed' as const,
        code: a.snomed,
        display: a.display,
        onsetDate: isoDay(a.onsetDay),
        abatementDate: isoDay(Math.min(a.abatementDay, lastDay)),
        clinicalStatus: 'resolved' as const,
      })),
    ],
    allergies: events.allergies,
    observations: events.observations,
    encounters: events.encounters,
    immunizations: events.immunizations,
    fills,
  };
  return record;
}

function buildConsents(ctx: PatientContext, hasCaregiver: boolean): PatientRecord['consents'] {
  const { rng } = ctx;
  const out: PatientRecord['consents'] = [];
  const givenBy = hasCaregiver && ctx.conditions.has('dementia') ? 'caregiver' : 'patient';
  const when = () => ctx.lastDay - rng.int(1, 400);
  const mtm = rng.next();
  if (mtm < 0.35) out.push({ kind: 'mtm', status: 'granted', givenBy, effectiveDate: isoDay(when()), expiresDate: null });
  else if (mtm < 0.4) out.push({ kind: 'mtm', status: 'declined', givenBy, effectiveDate: isoDay(when()), expiresDate: null });
  if (rng.chance(0.55)) out.push({ kind: 'data_sharing', status: 'granted', givenBy, effectiveDate: isoDay(when()), expiresDate: null });
  if (rng.chance(0.04)) {
    const d = when();
    out.push({ kind: 'cpa', status: 'granted', givenBy, effectiveDate: isoDay(d), expiresDate: isoDay(d + 365) });
  }
  if (ctx.conditions.size >= 2 && rng.chance(0.1)) out.push({ kind: 'ccm', status: rng.chance(0.9) ? 'granted' : 'revoked', givenBy, effectiveDate: isoDay(when()), expiresDate: null });
  if ((ctx.conditions.has('hypertension') || ctx.conditions.has('hf')) && rng.chance(0.04)) out.push({ kind: 'rpm', status: 'granted', givenBy, effectiveDate: isoDay(when()), expiresDate: null });
  return out;
}
