// Readers for the non-medication clinical resources: Condition, Observation, AllergyIntolerance, Immunization and
// Encounter. Each turns one resource into its Read* shape, or skips it: refuted, entered-in-error and not-done
// records are read as if absent, and records the rules cannot use (no code, no date) are skipped with a warning.
// Dispatched from fhir-r4.ts; medications are in fhir-medications.ts. Pure.
import { arr, coded, compact, conceptText, fail, FHIR_SYSTEMS, firstDate, isObj, num, obj, statusCode, str, type Json } from './fhir-json.ts';
import { warn, type ReadAllergy, type ReadCondition, type ReadEncounter, type ReadImmunization, type ReadObservation, type Reader } from './fhir-read-context.ts';

export const readCondition: Reader = (l, ctx) => {
  const verification = statusCode(l.r.verificationStatus);
  if (verification === 'refuted' || verification === 'entered-in-error') return;
  const clinical = statusCode(l.r.clinicalStatus);
  const icd = coded(l.r.code, FHIR_SYSTEMS.icd10cm);
  const snomed = coded(l.r.code, FHIR_SYSTEMS.snomed);
  const icd10 = icd?.code.replace(/\./g, '').toUpperCase();
  const text = conceptText(l.r.code) ?? (icd10 ? `ICD-10-CM ${icd10}` : snomed ? `SNOMED CT ${snomed.code}` : undefined);
  if (text === undefined) return warn(ctx, l, '/code', 'has no code and no text; skipped');
  ctx.data.conditions.push(compact<ReadCondition>({
    id: l.id ?? fail(l.place, '/id', 'a Condition needs an id'),
    icd10,
    snomed: snomed?.code,
    text,
    onsetDate: firstDate(l, ['/onsetDateTime', '/onsetPeriod/start']),
    // A missing clinicalStatus means a plain problem-list entry: treat it as current.
    active: clinical === undefined || clinical === 'active' || clinical === 'recurrence' || clinical === 'relapse',
    place: l.place,
    clinicalStatus: clinical === 'resolved' ? 'resolved' : clinical === 'inactive' || clinical === 'remission' ? 'inactive' : 'active',
    abatementDate: firstDate(l, ['/abatementDateTime', '/abatementPeriod/start']),
  }));
};

export const readObservation: Reader = (l, ctx) => {
  const status = str(l.r.status);
  if (status === 'entered-in-error' || status === 'cancelled') return;
  const date = firstDate(l, ['/effectiveDateTime', '/effectivePeriod/start', '/effectiveInstant', '/issued']);
  // A panel (blood pressure 85354-9) carries its values in components, each with its own LOINC code.
  const parts: { sub: string; o: Json }[] = [{ sub: '', o: l.r }, ...arr(l.r.component).flatMap((c, i) => (isObj(c) ? [{ sub: `/component/${i}`, o: c }] : []))];
  const seen = new Set<string>();
  for (const { sub, o } of parts) {
    const value = num(obj(o.valueQuantity)?.value) ?? num(o.valueInteger);
    const valueText = str(o.valueString) ?? (o.valueCodeableConcept !== undefined ? conceptText(o.valueCodeableConcept) : undefined);
    if (value === undefined && valueText === undefined) continue;
    const loinc = coded(o.code, FHIR_SYSTEMS.loinc);
    if (!loinc) {
      if (value !== undefined) fail(l.place, `${sub}/code`, 'has a numeric value but no LOINC coding (http://loinc.org)');
      warn(ctx, l, `${sub}/code`, 'has a text value but no LOINC coding; skipped');
      continue;
    }
    if (date === undefined) {
      warn(ctx, l, '/effectiveDateTime', 'has no effective date; skipped');
      return;
    }
    const id = l.id ?? fail(l.place, '/id', 'an Observation needs an id');
    if (seen.has(loinc.code)) warn(ctx, l, `${sub}/code`, `LOINC ${loinc.code} appears twice in one observation; the first was read`);
    else {
      seen.add(loinc.code);
      const unit = str(obj(o.valueQuantity)?.unit) ?? str(obj(o.valueQuantity)?.code);
      ctx.data.observations.push(compact<ReadObservation>({ id: sub === '' ? id : `${id}#${loinc.code}`, loinc: loinc.code, text: conceptText(o.code), value, valueText: value === undefined ? valueText : undefined, unit, date, place: l.place }));
    }
  }
};

/** SNOMED CT "no known allergy" situations: recorded as AllergyIntolerance resources but not allergies. */
const NO_KNOWN_ALLERGY = new Set(['716186003', '409137002', '428607008', '429625007', '428197003']);
const SEVERITY_RANK = ['mild', 'moderate', 'severe'] as const;

export const readAllergy: Reader = (l, ctx) => {
  const verification = statusCode(l.r.verificationStatus);
  const clinical = statusCode(l.r.clinicalStatus);
  if (verification === 'refuted' || verification === 'entered-in-error' || clinical === 'inactive' || clinical === 'resolved') return;
  const rx = coded(l.r.code, FHIR_SYSTEMS.rxnorm);
  const snomed = coded(l.r.code, FHIR_SYSTEMS.snomed);
  if (snomed && NO_KNOWN_ALLERGY.has(snomed.code)) return;
  const text = conceptText(l.r.code) ?? (rx ? `RxNorm ${rx.code}` : snomed ? `SNOMED CT ${snomed.code}` : undefined);
  if (text === undefined) return warn(ctx, l, '/code', 'has no substance code or text; skipped');
  const reactions = arr(l.r.reaction).filter(isObj);
  const manifestations = [...new Set(reactions.flatMap((x) => arr(x.manifestation).map(conceptText)).filter((t): t is string => t !== undefined))];
  const rank = Math.max(-1, ...reactions.map((x) => SEVERITY_RANK.indexOf(x.severity as (typeof SEVERITY_RANK)[number])));
  ctx.data.allergies.push(compact<ReadAllergy>({
    id: l.id ?? fail(l.place, '/id', 'an AllergyIntolerance needs an id'),
    text,
    rxcui: rx?.code,
    snomed: snomed?.code,
    place: l.place,
    kind: l.r.type === 'intolerance' ? 'intolerance' : 'allergy',
    reaction: manifestations.join('; ') || undefined,
    severity: SEVERITY_RANK[rank],
    recordedDate: firstDate(l, ['/recordedDate', '/onsetDateTime']),
  }));
};

export const readImmunization: Reader = (l, ctx) => {
  const status = str(l.r.status);
  if (status === 'not-done' || status === 'entered-in-error') return;
  const cvx = coded(l.r.vaccineCode, FHIR_SYSTEMS.cvx);
  if (!cvx) return warn(ctx, l, '/vaccineCode', 'has no CVX coding; skipped');
  const date = firstDate(l, ['/occurrenceDateTime']);
  if (date === undefined) return warn(ctx, l, '/occurrenceDateTime', 'has no occurrence date; skipped');
  ctx.data.immunizations.push(compact<ReadImmunization>({ id: l.id ?? fail(l.place, '/id', 'an Immunization needs an id'), cvx: cvx.code, text: conceptText(l.r.vaccineCode), date, place: l.place }));
};

/** Encounter.class (v3 ActCode) → the record's encounter kinds. */
const ENCOUNTER_KINDS: Record<string, ReadEncounter['kind']> = {
  IMP: 'inpatient', ACUTE: 'inpatient', NONAC: 'inpatient', EMER: 'emergency', AMB: 'ambulatory', OBSENC: 'ambulatory', PRENC: 'ambulatory',
  SS: 'ambulatory', FLD: 'ambulatory', VR: 'telehealth', HH: 'home',
};

export const readEncounter: Reader = (l, ctx) => {
  const status = str(l.r.status);
  if (status === 'planned' || status === 'cancelled' || status === 'entered-in-error') return;
  const cls = str(obj(l.r.class)?.code);
  const kind = cls === undefined ? undefined : ENCOUNTER_KINDS[cls];
  if (!kind) return warn(ctx, l, '/class', `class ${JSON.stringify(cls ?? null)} is not a known encounter class; skipped`);
  const startDate = firstDate(l, ['/period/start']);
  if (startDate === undefined) return warn(ctx, l, '/period/start', 'has no start date; skipped');
  const reason = obj(arr(l.r.reasonCode)[0]);
  const reasonCoding = obj(arr(reason?.coding)[0]);
  ctx.data.encounters.push(compact<ReadEncounter>({
    id: l.id ?? fail(l.place, '/id', 'an Encounter needs an id'),
    place: l.place,
    kind,
    startDate,
    endDate: firstDate(l, ['/period/end']),
    facility: str(obj(l.r.serviceProvider)?.display) ?? str(obj(obj(arr(l.r.location)[0])?.location)?.display),
    reasonCode: str(reasonCoding?.code),
    reason: reason ? conceptText(reason) : undefined,
  }));
};
