import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { ValidationError } from '../domain/errors.ts';
import { bundleToSnapshot, collapseMedications, FhirInputError, listPatientIds, ndjsonToBundles, readFhirPatient, type ReadMedication } from './fhir-r4.ts';

const SYNTHEA = path.resolve(import.meta.dirname, '../../../shared/data/synthea-sample');
const PHCP = path.resolve(import.meta.dirname, '../../../shared/data/phcp-r4/examples');
const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const LOINC = 'http://loinc.org';
const SNOMED = 'http://snomed.info/sct';

const synthea = () =>
  ndjsonToBundles(fs.readdirSync(SYNTHEA).filter((f) => f.endsWith('.ndjson')).sort().map((name) => ({ name, text: fs.readFileSync(path.join(SYNTHEA, name), 'utf8') })));

const patient = (id = 'p1', extra: object = {}) => ({ resourceType: 'Patient', id, birthDate: '1948-02-29', gender: 'female', ...extra });
const bundle = (...resources: object[]) => ({ resourceType: 'Bundle', type: 'collection', entry: resources.map((resource) => ({ resource })) });
const rx = (code: string, display: string) => ({ coding: [{ system: RXNORM, code, display }] });
const loinc = (code: string, display: string) => ({ coding: [{ system: LOINC, code, display }] });

/** Asserts that `fn` throws a FhirInputError with this pointer and a message matching `message`. */
function throwsAt(fn: () => unknown, pointer: string, message: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof FhirInputError, String(err));
    assert.ok(err instanceof ValidationError, 'a FhirInputError is also a ValidationError');
    assert.equal(err.pointer, pointer);
    assert.deepEqual(err.issues, [{ pointer, message: err.message }]);
    assert.match(err.message, message);
    return true;
  });
}

describe('bundleToSnapshot on the Synthea sample', () => {
  const bundles = synthea();

  test('one bundle per patient, with file and line for every entry', () => {
    assert.deepEqual(bundles.map((b) => b.patientId).sort(), [
      '63ee2253-bdd5-da55-2ad2-b4984d0ad700', '6a4160eb-a793-2f86-2302-378626f46cce', '7bc002fa-dc52-17d6-1563-fd8901826f7d',
      'a5cb8ce9-cec6-6b23-0990-cbaf753578a4', 'ca15b832-01e4-41dd-6a52-97bd3e5510cb',
    ]);
    for (const b of bundles) assert.equal(b.sources.length, b.bundle.entry.length);
    assert.deepEqual(bundles[0]!.sources[0], { file: 'Patient.000.ndjson', line: 1 });
  });

  test('patient 6a4160eb: demographics, the three active drugs, hypertension', () => {
    const b = bundles.find((x) => x.patientId.startsWith('6a4160eb'))!;
    const s = bundleToSnapshot(b.bundle, { sources: b.sources });
    assert.equal(s.birthDate, '1963-07-15');
    assert.equal(s.sex, 'female');
    const active = s.medications.filter((m) => m.status === 'active');
    assert.deepEqual(active.map((m) => m.rxcui).sort(), ['310798', '314076', '849574']);
    const lisinopril = active.find((m) => m.rxcui === '314076')!;
    assert.equal(lisinopril.name, 'lisinopril 10 MG Oral Tablet');
    assert.equal(lisinopril.startDate, '2022-04-11'); // authoredOn 2022-04-11T14:37:35-04:00, calendar day as written
    assert.equal(lisinopril.timesPerDay, 1);
    assert.equal(lisinopril.doseQuantity, 1);
    assert.equal(lisinopril.sig, '1 dose once a day');
    // 44 stopped lisinopril renewals become one stopped entry that starts with the first order.
    const stopped = s.medications.filter((m) => m.rxcui === '314076' && m.status === 'stopped');
    assert.equal(stopped.length, 1);
    assert.equal(stopped[0]!.startDate, '1985-09-16');
    assert.equal(s.medications.length, 8);
    const htn = s.conditions.find((c) => c.snomed === '59621000')!;
    assert.deepEqual(htn, { id: htn.id, snomed: '59621000', text: 'Essential hypertension (disorder)', onsetDate: '1985-09-16', active: true });
    // Social-determinant "(finding)" conditions are kept; resolved ones are inactive.
    assert.ok(s.conditions.some((c) => c.snomed === '160903007' && !c.active), 'a resolved social-determinant finding is kept as inactive');
    assert.equal(s.immunizations.length, 14);
    assert.ok(s.immunizations.every((i) => /^[0-9]{1,3}$/.test(i.cvx) && /^\d{4}-\d{2}-\d{2}$/.test(i.date)), 'every immunization has a CVX code and a YYYY-MM-DD date');
    assert.equal(s.fills, undefined, 'no MedicationDispense in the export: no claims data, not "no fills"');
    assert.deepEqual(s.observations, []);
  });

  test('patient a5cb8ce9: allergies with RxNorm and SNOMED codes, PRN sig kept as written', () => {
    const b = bundles.find((x) => x.patientId.startsWith('a5cb8ce9'))!;
    const s = bundleToSnapshot(b.bundle, { sources: b.sources });
    assert.equal(s.birthDate, '1927-05-21');
    assert.deepEqual(s.allergies.map((a) => [a.text, a.rxcui, a.snomed]), [
      ['Tree nut (substance)', undefined, '442571000124108'],
      ['Sulfamethoxazole / Trimethoprim', '10831', undefined],
      ['Mold (organism)', undefined, '84489001'],
    ]);
    assert.deepEqual(s.medications.filter((m) => m.status === 'active').map((m) => m.rxcui).sort(), ['310325', '314231', '904419']);
  });
});

describe('bundleToSnapshot on hand-made bundles', () => {
  test('a MedicationStatement with text only is a valid, uncoded medication', () => {
    const s = bundleToSnapshot(bundle(patient(), {
      resourceType: 'MedicationStatement', id: 'ms1', status: 'active', subject: { reference: 'Patient/p1' },
      medicationCodeableConcept: { text: 'Turmeric capsules' }, effectivePeriod: { start: '2019-03' },
      dosage: [{ timing: { code: { coding: [{ code: 'BID' }] } }, doseAndRate: [{ doseQuantity: { value: 1, unit: 'capsule' } }] }],
    }));
    assert.deepEqual(s.medications, [{ id: 'ms1', name: 'Turmeric capsules', status: 'active', startDate: '2019-03-01', sig: '1 capsule 2 times a day', doseQuantity: 1, doseUnit: 'capsule', timesPerDay: 2 }]);
  });

  test('medicationReference to a contained or a bundled Medication; structured dosing becomes a sig', () => {
    const s = bundleToSnapshot({
      resourceType: 'Bundle', type: 'transaction',
      entry: [
        { fullUrl: 'urn:uuid:pat-1', resource: patient('p1') },
        { fullUrl: 'urn:uuid:med-9', resource: { resourceType: 'Medication', id: 'm9', code: rx('197361', 'amlodipine 5 MG Oral Tablet') } },
        {
          resource: {
            resourceType: 'MedicationRequest', id: 'mr1', status: 'active', subject: { reference: 'urn:uuid:pat-1' }, authoredOn: '2020-01-05T23:30:00-05:00',
            contained: [{ resourceType: 'Medication', id: 'med', code: rx('860975', 'metformin 500 MG Oral Tablet') }],
            medicationReference: { reference: '#med' },
            dosageInstruction: [{ timing: { repeat: { frequency: 1, period: 12, periodUnit: 'h' } }, doseAndRate: [{ doseQuantity: { value: 1, unit: 'tablet' } }] }],
          },
        },
        {
          resource: {
            resourceType: 'MedicationRequest', id: 'mr2', status: 'on-hold', subject: { reference: 'Patient/p1' }, medicationReference: { reference: 'urn:uuid:med-9' },
            dosageInstruction: [{ timing: { repeat: { frequency: 1, period: 1, periodUnit: 'wk' } }, asNeededCodeableConcept: { text: 'swelling' } }],
          },
        },
      ],
    });
    assert.deepEqual(s.medications, [
      { id: 'mr1', rxcui: '860975', name: 'metformin 500 MG Oral Tablet', status: 'active', startDate: '2020-01-05', sig: '1 tablet every 12 hours', doseQuantity: 1, doseUnit: 'tablet', timesPerDay: 2 },
      { id: 'mr2', rxcui: '197361', name: 'amlodipine 5 MG Oral Tablet', status: 'active', sig: 'once a week as needed for swelling', timesPerDay: 1 / 7, asNeeded: true },
    ]);
  });

  test('a blood pressure panel becomes one observation per component', () => {
    const s = bundleToSnapshot(bundle(patient(), {
      resourceType: 'Observation', id: 'bp', status: 'final', subject: { reference: 'Patient/p1' }, code: loinc('85354-9', 'Blood pressure panel'),
      effectiveDateTime: '2024-06-30T22:10:00+09:00',
      component: [
        { code: loinc('8480-6', 'Systolic blood pressure'), valueQuantity: { value: 152, unit: 'mmHg' } },
        { code: loinc('8462-4', 'Diastolic blood pressure'), valueQuantity: { value: 91, code: 'mm[Hg]' } },
      ],
    }, {
      resourceType: 'Observation', id: 'smoke', status: 'final', subject: { reference: 'Patient/p1' }, code: loinc('72166-2', 'Tobacco smoking status'),
      effectiveDateTime: '2024-06-30', valueCodeableConcept: { text: 'Never smoker' },
    }, {
      resourceType: 'Observation', id: 'a1c', status: 'final', code: loinc('4548-4', 'Hemoglobin A1c'), issued: '2024-05-01T08:00:00Z', valueQuantity: { value: 7.9, unit: '%' },
    }));
    assert.deepEqual(s.observations, [
      { id: 'bp#8480-6', loinc: '8480-6', text: 'Systolic blood pressure', value: 152, unit: 'mmHg', date: '2024-06-30' },
      { id: 'bp#8462-4', loinc: '8462-4', text: 'Diastolic blood pressure', value: 91, unit: 'mm[Hg]', date: '2024-06-30' },
      { id: 'a1c', loinc: '4548-4', text: 'Hemoglobin A1c', value: 7.9, unit: '%', date: '2024-05-01' },
    ]);
  });

  test('entered-in-error, refuted, not-done, inactive and "no known allergy" resources are dropped', () => {
    const s = bundleToSnapshot(bundle(
      patient(),
      { resourceType: 'MedicationRequest', id: 'e1', status: 'entered-in-error', medicationCodeableConcept: rx('197361', 'amlodipine') },
      { resourceType: 'MedicationStatement', id: 'e2', status: 'entered-in-error', medicationCodeableConcept: { text: 'aspirin' } },
      { resourceType: 'MedicationStatement', id: 'nt', status: 'not-taken', medicationCodeableConcept: { text: 'aspirin' } },
      { resourceType: 'Observation', id: 'e3', status: 'entered-in-error', code: loinc('4548-4', 'A1c'), effectiveDateTime: '2024-01-01', valueQuantity: { value: 12 } },
      { resourceType: 'Condition', id: 'e4', verificationStatus: { coding: [{ code: 'refuted' }] }, code: { text: 'Heart failure' } },
      { resourceType: 'Condition', id: 'c1', code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'e11.9', display: 'Type 2 diabetes' }] }, onsetPeriod: { start: '2001' } },
      { resourceType: 'Condition', id: 'c2', clinicalStatus: { coding: [{ code: 'resolved' }] }, code: { coding: [{ system: SNOMED, code: '22298006', display: 'Myocardial infarction' }], text: 'Heart attack' } },
      { resourceType: 'AllergyIntolerance', id: 'e5', verificationStatus: { coding: [{ code: 'entered-in-error' }] }, code: { text: 'penicillin' } },
      { resourceType: 'AllergyIntolerance', id: 'e6', clinicalStatus: { coding: [{ code: 'resolved' }] }, code: { text: 'latex' } },
      { resourceType: 'AllergyIntolerance', id: 'nka', code: { coding: [{ system: SNOMED, code: '716186003', display: 'No known allergy' }] } },
      { resourceType: 'AllergyIntolerance', id: 'a1', code: { coding: [{ system: RXNORM, code: '7980', display: 'Penicillin G' }] } },
      { resourceType: 'Immunization', id: 'e7', status: 'not-done', vaccineCode: { coding: [{ system: 'http://hl7.org/fhir/sid/cvx', code: '140' }] }, occurrenceDateTime: '2023-10-01' },
      { resourceType: 'Immunization', id: 'i1', status: 'completed', vaccineCode: { coding: [{ system: 'http://hl7.org/fhir/sid/cvx', code: '140', display: 'Influenza' }] }, occurrenceDateTime: '2023-10-01' },
      { resourceType: 'Encounter', id: 'ignored-here' },
      { resourceType: 'Practitioner', id: 'ignored' },
    ));
    assert.deepEqual(s.medications, [{ id: 'nt', name: 'aspirin', status: 'stopped' }]);
    assert.deepEqual(s.observations, []);
    assert.deepEqual(s.conditions, [
      { id: 'c1', icd10: 'E119', text: 'Type 2 diabetes', onsetDate: '2001-01-01', active: true },
      { id: 'c2', snomed: '22298006', text: 'Heart attack', active: false },
    ]);
    assert.deepEqual(s.allergies, [{ id: 'a1', text: 'Penicillin G', rxcui: '7980' }]);
    assert.deepEqual(s.immunizations, [{ id: 'i1', cvx: '140', text: 'Influenza', date: '2023-10-01' }]);
  });

  test('MedicationDispense → fills (the HL7 Pharmacist Care Plan example)', () => {
    const dispense = JSON.parse(fs.readFileSync(path.join(PHCP, 'phcp-medicationdispense-example.json'), 'utf8'));
    const condition = JSON.parse(fs.readFileSync(path.join(PHCP, 'phcp-medication-therapy-condition-example.json'), 'utf8'));
    const pat = JSON.parse(fs.readFileSync(path.join(PHCP, 'phcp-patient-example.json'), 'utf8'));
    const s = bundleToSnapshot([pat, dispense, condition, { ...dispense, id: 'cancelled', status: 'cancelled' }]);
    assert.equal(s.id, 'phcp-patient-example');
    assert.deepEqual(s.fills, [{ id: 'phcp-medicationdispense-example', rxcui: '1049683', name: 'oxyCODONE HCl 10 MG Oral Tablet', date: '2016-11-28', daysSupply: 3 }]);
    assert.deepEqual(s.conditions, [{ id: 'phcp-medication-therapy-condition-example', snomed: '697958005', text: 'Non-adherence because patient forgets to take medication', onsetDate: '2016-08-19', active: true }]);
  });

  test('timing codes and frequencies per day', () => {
    const med = (id: string, dosage: object) => ({ resourceType: 'MedicationStatement', id, status: 'active', medicationCodeableConcept: { text: `drug ${id}` }, dosage: [dosage] });
    const s = bundleToSnapshot(bundle(
      patient(),
      med('qid', { timing: { code: { text: 'qid' } } }),
      med('qhs', { timing: { code: { coding: [{ code: 'QHS' }] } }, text: 'take 1 at bedtime' }),
      med('3xday', { timing: { repeat: { frequency: 3, period: 1, periodUnit: 'd' } } }),
      med('monthly', { timing: { repeat: { period: 1, periodUnit: 'mo' } } }),
    ));
    assert.deepEqual(s.medications.map((m) => [m.id, m.timesPerDay, m.sig]), [
      ['qid', 4, '4 times a day'],
      ['qhs', 1, 'take 1 at bedtime'],
      ['3xday', 3, '3 times a day'],
      ['monthly', 1 / 30, 'once a month'],
    ]);
  });

  test('two Patients: an error listing the ids, unless patientId picks one', () => {
    const two = bundle(
      patient('p1'), patient('p2', { gender: 'male' }),
      { resourceType: 'Condition', id: 'c1', subject: { reference: 'Patient/p1' }, code: { text: 'Gout' } },
      { resourceType: 'Condition', id: 'c2', subject: { reference: 'https://ehr.example/fhir/Patient/p2' }, code: { text: 'Asthma' } },
    );
    throwsAt(() => bundleToSnapshot(two), '', /contains 2 Patient resources \(p1, p2\); choose one with patientId/);
    assert.deepEqual(listPatientIds(two), ['p1', 'p2']);
    const s = bundleToSnapshot(two, { patientId: 'p2' });
    assert.equal(s.sex, 'male');
    assert.deepEqual(s.conditions.map((c) => c.id), ['c2']);
    throwsAt(() => bundleToSnapshot(two, { patientId: 'p3' }), '', /no Patient with id "p3" \(it has p1, p2\)/);
    throwsAt(() => bundleToSnapshot(bundle({ resourceType: 'Condition', id: 'c1', code: { text: 'x' } })), '', /contains no Patient resource/);
  });

  test('resources of another patient are skipped with a warning', () => {
    const d = readFhirPatient(bundle(patient('p1'), { resourceType: 'Condition', id: 'c9', subject: { reference: 'Patient/p9' }, code: { text: 'Gout' } }));
    assert.deepEqual(d.conditions, []);
    assert.deepEqual(d.warnings, [{ pointer: '/entry/1/resource/subject', message: 'entry[1].resource.subject (Condition/c9): refers to Patient/p9, which is not the patient read (p1); skipped' }]);
  });

  test('bad input throws FhirInputError with a pointer and a located message', () => {
    throwsAt(() => bundleToSnapshot(bundle(patient(), { resourceType: 42 })), '/entry/1/resource/resourceType', /^entry\[1\]\.resource\.resourceType \(resource\): resourceType must be a string, got 42$/);
    throwsAt(
      () => bundleToSnapshot(bundle(patient(), { resourceType: 'MedicationRequest', id: 'mr1', status: 'active', medicationCodeableConcept: { coding: [{ system: 'http://hl7.org/fhir/sid/ndc', code: '00093-7214-01' }] } })),
      '/entry/1/resource/medicationCodeableConcept',
      /^entry\[1\]\.resource\.medicationCodeableConcept \(MedicationRequest\/mr1\): needs an RxNorm coding or a text name$/,
    );
    throwsAt(
      () => bundleToSnapshot(bundle(patient(), { resourceType: 'MedicationRequest', id: 'mr2', status: 'active', medicationReference: { reference: 'Medication/nowhere' } })),
      '/entry/1/resource/medicationReference',
      /Medication\/nowhere is neither a contained nor a bundled Medication/,
    );
    throwsAt(
      () => bundleToSnapshot(bundle(patient(), { resourceType: 'Observation', id: 'o1', status: 'final', code: { text: 'Potassium' }, effectiveDateTime: '2024-01-01', valueQuantity: { value: 5.9 } })),
      '/entry/1/resource/code',
      /\(Observation\/o1\): has a numeric value but no LOINC coding/,
    );
    throwsAt(
      () => bundleToSnapshot(bundle(patient(), { resourceType: 'Observation', id: 'bp', status: 'final', code: loinc('85354-9', 'BP'), effectiveDateTime: '2024-01-01', component: [{ code: { text: 'systolic' }, valueQuantity: { value: 150 } }] })),
      '/entry/1/resource/component/0/code',
      /^entry\[1\]\.resource\.component\[0\]\.code \(Observation\/bp\)/,
    );
    throwsAt(() => bundleToSnapshot(bundle(patient('p1', { birthDate: '1948-02' }))), '/entry/0/resource/birthDate', /expected a full date YYYY-MM-DD, got "1948-02"/);
    throwsAt(
      () => bundleToSnapshot(bundle(patient(), { resourceType: 'Condition', id: 'c1', code: { text: 'x' }, onsetDateTime: '2023-02-30' })),
      '/entry/1/resource/onsetDateTime',
      /expected a date as YYYY, YYYY-MM, YYYY-MM-DD or a dateTime/,
    );
    throwsAt(() => bundleToSnapshot({ resourceType: 'Bundle', type: 'history', entry: [] }), '/type', /expected a Bundle of type collection, transaction/);
    throwsAt(() => bundleToSnapshot({ resourceType: 'Patient', id: 'x' }), '/resourceType', /expected a FHIR Bundle or an array of resources, got resourceType "Patient"/);
    // A bare array: pointers index the array.
    throwsAt(() => bundleToSnapshot([patient(), { resourceType: 'MedicationStatement', id: 'x', status: 'active' }]), '/1/medicationCodeableConcept', /^\[1\]\.medicationCodeableConcept/);
    // A named file prefixes pointers and messages.
    throwsAt(() => bundleToSnapshot([patient(), { resourceType: null }], { file: 'export.json' }), '/export.json/1/resourceType', /^export\.json: \[1\]\.resourceType/);
  });
});

describe('collapseMedications', () => {
  const m = (id: string, rxcui: string | undefined, status: 'active' | 'stopped', startDate?: string, name = `drug ${rxcui}`): ReadMedication => ({
    id, rxcui, name, status, startDate, place: { base: '', label: '', path: '', ref: '' }, resourceType: 'MedicationRequest', fhirStatus: status, orders: 1, lastStartDate: startDate,
  });

  test('latest order wins, earliest start is kept, distinct codes stay apart', () => {
    const meds = [m('a1', '1', 'stopped', '2019-01-01'), m('a3', '1', 'active', '2021-01-01'), m('a2', '1', 'stopped', '2020-01-01'), m('b', '2', 'active', '2020-05-05')];
    assert.deepEqual(collapseMedications(meds, { byStatus: false }).map((x) => [x.id, x.status, x.startDate, x.lastStartDate, x.orders]), [
      ['a3', 'active', '2019-01-01', '2021-01-01', 3],
      ['b', 'active', '2020-05-05', '2020-05-05', 1],
    ]);
    assert.deepEqual(collapseMedications(meds, { byStatus: true }).map((x) => [x.id, x.status, x.startDate, x.orders]), [
      ['a2', 'stopped', '2019-01-01', 2],
      ['a3', 'active', '2021-01-01', 1],
      ['b', 'active', '2020-05-05', 1],
    ]);
  });

  test('uncoded medications collapse by name; undated ones lose to dated ones', () => {
    const meds = [m('x1', undefined, 'active', '2020-01-01', 'Fish oil'), m('x2', undefined, 'active', undefined, 'fish  OIL'), m('y', undefined, 'active', undefined, 'Vitamin D')];
    assert.deepEqual(collapseMedications(meds, { byStatus: true }).map((x) => [x.id, x.startDate]), [['x1', '2020-01-01'], ['y', undefined]]);
  });
});

describe('ndjsonToBundles', () => {
  const line = (o: object) => JSON.stringify(o);

  test('groups by subject/patient, carries referenced Medications, drops unattributed resources', () => {
    const out = ndjsonToBundles([
      { name: 'Patient.000.ndjson', text: `\uFEFF${line(patient('p1'))}\r\n${line(patient('p2'))}\n\n` },
      { name: 'Medication.000.ndjson', text: line({ resourceType: 'Medication', id: 'm1', code: rx('197361', 'amlodipine 5 MG Oral Tablet') }) },
      { name: 'MedicationRequest.000.ndjson', text: [line({ resourceType: 'MedicationRequest', id: 'r1', status: 'active', subject: { reference: 'Patient/p2' }, medicationReference: { reference: 'Medication/m1' } })].join('\n') },
      { name: 'AllergyIntolerance.000.ndjson', text: line({ resourceType: 'AllergyIntolerance', id: 'al', patient: { reference: 'Patient/p1' }, code: { text: 'latex' } }) },
      { name: 'Practitioner.000.ndjson', text: line({ resourceType: 'Practitioner', id: 'doc' }) },
    ]);
    assert.deepEqual(out.map((b) => [b.patientId, b.bundle.entry.map((e) => e.resource.id), b.sources.map((s) => `${s.file}:${s.line}`)]), [
      ['p1', ['p1', 'al'], ['Patient.000.ndjson:1', 'AllergyIntolerance.000.ndjson:1']],
      ['p2', ['p2', 'r1', 'm1'], ['Patient.000.ndjson:2', 'MedicationRequest.000.ndjson:1', 'Medication.000.ndjson:1']],
    ]);
    assert.equal(bundleToSnapshot(out[1]!.bundle).medications[0]!.rxcui, '197361');
  });

  test('errors name the file and line', () => {
    throwsAt(
      () => ndjsonToBundles([{ name: 'Patient.000.ndjson', text: `${line(patient('p1'))}\n{"resourceType": "Patient", "id": ` }]),
      '/Patient.000.ndjson/2',
      /^Patient\.000\.ndjson line 2 \(resource\): not valid JSON/,
    );
    throwsAt(
      () => ndjsonToBundles([{ name: 'Condition.000.ndjson', text: line({ resourceType: 'Condition', id: 'c1', subject: { reference: 'Patient/ghost' } }) }]),
      '/Condition.000.ndjson/1/subject/reference',
      /Condition\.000\.ndjson line 1: subject\.reference \(Condition\/c1\): refers to Patient\/ghost, which is in no Patient file line/,
    );
    throwsAt(() => ndjsonToBundles([{ name: 'Patient.000.ndjson', text: `${line(patient('p1'))}\n${line(patient('p1'))}` }]), '/Patient.000.ndjson/2/id', /Patient p1 appears twice \(first in Patient\.000\.ndjson line 1\)/);
    // Once grouped, reading errors still point at the NDJSON line.
    const [b] = ndjsonToBundles([
      { name: 'Patient.000.ndjson', text: line(patient('p1')) },
      { name: 'Observation.000.ndjson', text: `\n${line({ resourceType: 'Observation', id: 'o1', status: 'final', subject: { reference: 'Patient/p1' }, code: { text: 'K' }, valueQuantity: { value: 5 } })}` },
    ]);
    throwsAt(() => bundleToSnapshot(b!.bundle, { sources: b!.sources }), '/Observation.000.ndjson/2/code', /^Observation\.000\.ndjson line 2: code \(Observation\/o1\): has a numeric value but no LOINC coding/);
  });
});
