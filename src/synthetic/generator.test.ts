import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isValidLoinc, isValidNpi } from '../domain/codes.ts';
import { patientRecord, prescriberRecord, type PatientRecord } from '../domain/patient-record.ts';
import { LOINC } from './catalog/clinical.ts';
import { DRUGS } from './catalog/drugs.ts';
import { ckdEpi2021 } from './clinical-events.ts';
import { toDay } from '../domain/days.ts';
import { DEFAULT_PRESCRIBER_COUNT, generatePatient, generatePopulation, generatePrescribers } from './index.ts';

const AS_OF = '2026-01-15';
const asOfDay = toDay(AS_OF);
const population: PatientRecord[] = [...generatePopulation(2026, 500, AS_OF)];
const prescribers = generatePrescribers(2026, DEFAULT_PRESCRIBER_COUNT);
const share = (pred: (p: PatientRecord) => boolean) => population.filter(pred).length / population.length;
const ageAt = (p: PatientRecord) => Math.floor((asOfDay - toDay(p.birthDate)) / 365.25);

describe('synthetic population: determinism', () => {
  test('the same seed gives identical output', () => {
    const again = [...generatePopulation(2026, 20, AS_OF)];
    assert.deepEqual(again, population.slice(0, 20));
  });

  test('record i does not depend on how many patients are generated, or on sharding', () => {
    const big = [...generatePopulation(7, 1000, AS_OF)];
    const small = [...generatePopulation(7, 10, AS_OF)];
    assert.deepEqual(small, big.slice(0, 10));
    const shard = [...generatePopulation(7, 5, AS_OF, { start: 600 })];
    assert.deepEqual(shard, big.slice(600, 605));
    assert.deepEqual(generatePatient(7, 999, AS_OF, generatePrescribers(7, DEFAULT_PRESCRIBER_COUNT)), big[999]);
  });

  test('another seed gives other patients', () => {
    const other = [...generatePopulation(2027, 20, AS_OF)];
    assert.notDeepEqual(other, population.slice(0, 20));
  });

  test('prescriber lists are prefix-stable and small lists still cover every specialty', () => {
    assert.deepEqual(generatePrescribers(2026, 24), prescribers.slice(0, 24));
    const specialties = new Set(generatePrescribers(1, 8).map((p) => p.specialty));
    assert.equal(specialties.size, 8);
  });
});

describe('synthetic population: validity', () => {
  test('every record passes the population file schemas', () => {
    for (const p of prescribers) assert.ok(prescriberRecord.safeParse(p).success, p.npi);
    for (const p of population) {
      const r = patientRecord.safeParse(p);
      assert.ok(r.success, `${p.externalId}: ${r.success ? '' : JSON.stringify(r.error.issues.slice(0, 3))}`);
    }
  });

  test('NPIs, LOINC codes and external ids are valid and unique', () => {
    for (const l of Object.values(LOINC)) assert.ok(isValidLoinc(l.code), l.code);
    assert.equal(new Set(prescribers.map((p) => p.npi)).size, prescribers.length);
    const npis = new Set(prescribers.map((p) => p.npi));
    const ids = new Set<string>();
    for (const p of population) {
      assert.ok(!ids.has(p.externalId), `patient external id ${p.externalId} is used once`);
      ids.add(p.externalId);
      for (const o of p.observations) assert.ok(isValidLoinc(o.loinc), o.loinc);
      for (const f of p.fills) if (f.pharmacyNpi) assert.ok(isValidNpi(f.pharmacyNpi), `pharmacy NPI ${f.pharmacyNpi} is valid`);
      const refs = [...p.careTeam.map((t) => t.prescriberNpi), ...p.medications.map((m) => m.prescriberNpi), ...p.fills.map((f) => f.prescriberNpi)];
      for (const npi of refs) if (npi) assert.ok(npis.has(npi), `${p.externalId} refers to unknown NPI ${npi}`);
      for (const child of [...p.medications, ...p.conditions, ...p.allergies, ...p.observations, ...p.encounters, ...p.immunizations, ...p.fills]) {
        assert.ok(!ids.has(child.externalId), child.externalId);
        ids.add(child.externalId);
      }
    }
  });

  test('catalog RXCUIs are unique and every product has a display name and class', () => {
    const coded = DRUGS.filter((d) => d.rxcui !== null);
    assert.equal(new Set(coded.map((d) => d.rxcui)).size, coded.length);
    assert.ok(DRUGS.length >= 60, 'the catalog has at least 60 products');
    for (const d of DRUGS) assert.ok(d.display && d.drugClass && d.per30 > 0, d.key);
  });

  test('nothing happens after asOf or after death', () => {
    for (const p of population) {
      const last = p.deceasedDate ?? AS_OF;
      for (const f of p.fills) assert.ok(f.fillDate <= last, `${p.externalId} fill ${f.fillDate} after ${last}`);
      for (const o of p.observations) assert.ok(o.effectiveDate <= last, `${p.externalId} observation on ${o.effectiveDate} is not after ${last}`);
      for (const e of p.encounters) assert.ok(e.startDate <= last, `${p.externalId} encounter on ${e.startDate} is not after ${last}`);
      for (const m of p.medications) assert.ok(!m.startDate || m.startDate <= last, `${p.externalId} ${m.display} starts ${m.startDate}`);
      for (const c of p.conditions) assert.ok(!c.onsetDate || c.onsetDate <= last, `${p.externalId} condition onset ${c.onsetDate} is not after ${last}`);
    }
  });

  test('eGFR agrees with the serum creatinine drawn the same day (CKD-EPI 2021)', () => {
    let checked = 0;
    for (const p of population.slice(0, 100)) {
      for (const scr of p.observations.filter((o) => o.loinc === LOINC.scr.code)) {
        const egfr = p.observations.find((o) => o.loinc === LOINC.egfr.code && o.effectiveDate === scr.effectiveDate);
        const age = Math.floor((toDay(scr.effectiveDate) - toDay(p.birthDate)) / 365.25);
        const expected = ckdEpi2021(scr.valueNum!, age, p.sex === 'female');
        assert.ok(egfr && Math.abs(egfr.valueNum! - expected) <= 1.5, `${p.externalId} ${scr.effectiveDate}`);
        checked++;
      }
    }
    assert.ok(checked > 20, 'more than 20 same-day creatinine/eGFR pairs were checked');
  });
});

describe('synthetic population: realistic mix (500 patients)', () => {
  test('chronic disease prevalence', () => {
    assert.ok(share((p) => p.conditions.some((c) => c.code === 'I10')) >= 0.6, 'hypertension');
    const diabetes = share((p) => p.conditions.some((c) => c.code.startsWith('E11')));
    assert.ok(diabetes > 0.15 && diabetes < 0.45, `diabetes ${diabetes}`);
    assert.ok(share((p) => p.conditions.some((c) => c.code.startsWith('I50'))) > 0.03, 'heart failure');
    assert.ok(share((p) => p.conditions.some((c) => c.code.startsWith('N18'))) > 0.05, 'CKD');
  });

  test('patients 65+ take on average 5–12 active prescription medications', () => {
    const older = population.filter((p) => ageAt(p) >= 65);
    const mean = older.reduce((n, p) => n + p.medications.filter((m) => m.source === 'prescription' && !m.stopDate).length, 0) / older.length;
    assert.ok(mean >= 5 && mean <= 12, `mean ${mean}`);
  });

  test('OTC, supplement and herbal products, and stopped medications with reasons', () => {
    assert.ok(share((p) => p.medications.some((m) => m.source === 'otc')) > 0.3, 'more than 30% of patients take an OTC product');
    assert.ok(share((p) => p.medications.some((m) => m.source === 'supplement')) > 0.3, 'more than 30% of patients take a supplement');
    assert.ok(share((p) => p.medications.some((m) => m.source === 'herbal')) > 0.05, 'more than 5% of patients take a herbal product');
    const stopped = population.flatMap((p) => p.medications.filter((m) => m.stopDate));
    assert.ok(stopped.length > 50 && stopped.every((m) => m.stopReason), 'more than 50 stopped medications, each with a stop reason');
  });

  test('at least 10% have an inpatient stay of 3–7 days; some ED visits', () => {
    assert.ok(share((p) => p.encounters.some((e) => e.kind === 'inpatient')) >= 0.1, 'at least 10% of patients have an inpatient stay');
    assert.ok(share((p) => p.encounters.some((e) => e.kind === 'emergency')) >= 0.05, 'at least 5% of patients have an emergency visit');
    for (const p of population)
      for (const e of p.encounters.filter((x) => x.kind === 'inpatient' && x.endDate)) {
        const los = toDay(e.endDate!) - toDay(e.startDate);
        assert.ok(los <= 7, `${p.externalId} stay of ${los} days`);
      }
  });

  test('fills cover at least 12 months before asOf, with 30- and 90-day supplies and reversals', () => {
    const fills = population.flatMap((p) => p.fills);
    const earliest = fills.reduce((m, f) => (f.fillDate < m ? f.fillDate : m), AS_OF);
    assert.ok(asOfDay - toDay(earliest) >= 365, `earliest fill ${earliest}`);
    assert.ok(fills.some((f) => f.daysSupply === 90) && fills.some((f) => f.daysSupply === 30), 'there are both 30- and 90-day fills');
    assert.ok(fills.some((f) => f.claimStatus === 'reversed'), 'some claims are reversed');
    assert.ok(fills.every((f) => f.fillDate <= AS_OF), 'no fill is after asOf');
  });

  test('adherence varies: a fair share of patients have refill gaps, most do not', () => {
    // A gap: the next paid fill of a product comes more than 30 days after the previous supply ran out.
    const withGap = share((p) => {
      const byDrug = new Map<string, { day: number; days: number }[]>();
      for (const f of p.fills) if (f.claimStatus === 'paid') byDrug.set(f.drugName, [...(byDrug.get(f.drugName) ?? []), { day: toDay(f.fillDate), days: f.daysSupply }]);
      return [...byDrug.values()].some((list) => list.some((f, i) => i > 0 && f.day - (list[i - 1]!.day + list[i - 1]!.days) > 30));
    });
    assert.ok(withGap >= 0.1 && withGap <= 0.7, `share with gaps ${withGap}`);
  });

  test('people: languages, coverage, caregivers, deaths', () => {
    const es = share((p) => p.language === 'es');
    assert.ok(es > 0.08 && es < 0.25, `es ${es}`);
    assert.ok(share((p) => p.language !== 'en' && p.language !== 'es') > 0.01, 'more than 1% speak a language other than English or Spanish');
    assert.ok(share((p) => p.coverages[0]?.kind === 'medicare_part_d') > 0.7, 'more than 70% have Medicare Part D as first coverage');
    assert.ok(share((p) => p.coverages.some((c) => c.kind === 'medicaid')) > 0.05, 'more than 5% have Medicaid');
    assert.ok(population.every((p) => p.coverages.length > 0), 'every patient has a coverage');
    assert.ok(share((p) => p.caregiverName != null) > 0.05, 'more than 5% have a caregiver');
    assert.ok(share((p) => p.healthLiteracyConcern) > 0.05, 'more than 5% have a health-literacy concern');
    assert.ok(population.some((p) => p.longTermCare), 'some patients live in long-term care');
    const deceased = share((p) => p.deceasedDate != null);
    assert.ok(deceased > 0 && deceased < 0.1, `some but fewer than 10% of patients have died (got ${deceased})`);
    assert.ok(share((p) => p.allergies.length === 0) > 0.25, 'more than 25% have no allergy recorded');
    assert.ok(share((p) => p.immunizations.some((i) => i.cvx === '197' || i.cvx === '150')) > 0.3, 'more than 30% have had a flu vaccine');
  });
});
