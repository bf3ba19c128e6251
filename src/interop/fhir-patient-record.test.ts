import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { patientRecord } from '../domain/patient-record.ts';
import { fhirToPatientRecords } from './fhir-patient-record.ts';
import { FhirInputError, ndjsonToBundles } from './fhir-r4.ts';

const SYNTHEA = path.resolve(import.meta.dirname, '../../../shared/data/synthea-sample');
const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const SNOMED = 'http://snomed.info/sct';

const patient = (id = 'p1', extra: object = {}) => ({
  resourceType: 'Patient', id, birthDate: '1950-04-02', gender: 'male', name: [{ use: 'official', family: 'Okafor', given: ['Chidi', 'A.'] }],
  address: [{ line: ['1 Main St', 'Apt 2'], city: 'Dayton', state: 'OH', postalCode: '45402' }], communication: [{ language: { coding: [{ code: 'es-MX' }] } }],
  telecom: [{ system: 'email', value: 'c@example.org' }, { system: 'phone', value: '555-0100', use: 'mobile' }], ...extra,
});
const bundle = (...resources: object[]) => ({ resourceType: 'Bundle', type: 'collection', entry: resources.map((resource) => ({ resource })) });

describe('fhirToPatientRecords on the Synthea sample', () => {
  const files = fs.readdirSync(SYNTHEA).filter((f) => f.endsWith('.ndjson')).sort().map((name) => ({ name, text: fs.readFileSync(path.join(SYNTHEA, name), 'utf8') }));
  const { records, warnings } = fhirToPatientRecords(ndjsonToBundles(files));

  test('five valid records and nothing left out', () => {
    assert.equal(records.length, 5);
    for (const r of records) assert.ok(patientRecord.safeParse(r).success, r.externalId);
    assert.deepEqual(warnings, []);
  });

  test('patient 6a4160eb: demographics, one medication per RxNorm code, SNOMED conditions', () => {
    const p = records.find((r) => r.externalId === '6a4160eb-a793-2f86-2302-378626f46cce')!;
    // Synthea's numbered names are kept as written.
    assert.deepEqual([p.firstName, p.lastName, p.birthDate, p.sex, p.language, p.addressLine, p.city, p.state, p.postalCode, p.phone], ['Yvone889', 'Cummings51', '1963-07-15', 'female', 'en', '184 Christiansen Fork Suite 97', 'Overland Park', 'KS', '66083', '555-897-2109']);
    // 93 MedicationRequests, 6 distinct RxNorm codes.
    assert.equal(p.medications.length, 6);
    const byCode = new Map(p.medications.map((m) => [m.rxcui, m]));
    assert.deepEqual(byCode.get('314076'), {
      externalId: '4df461a5-59ae-c829-0dd0-c8cc9c225d38', rxcui: '314076', display: 'lisinopril 10 MG Oral Tablet', source: 'prescription', sig: '1 dose once a day',
      indication: 'Essential hypertension (disorder)', startDate: '1985-09-16', stopDate: null, stopReason: null,
    });
    assert.equal(byCode.get('310798')!.stopDate, null);
    assert.equal(byCode.get('849574')!.stopDate, null);
    // Stopped without an end date: the last order date, said so in the reason.
    assert.equal(byCode.get('313782')!.stopDate, '2016-04-29');
    assert.match(byCode.get('313782')!.stopReason!, /MedicationRequest status "stopped"; stop date not recorded, last order date used/);
    const htn = p.conditions.find((c) => c.code === '59621000')!;
    assert.deepEqual({ ...htn, externalId: '' }, { externalId: '', codeSystem: 'snomed', code: '59621000', display: 'Essential hypertension (disorder)', onsetDate: '1985-09-16', abatementDate: null, clinicalStatus: 'active' });
    assert.equal(p.conditions.length, 62);
    assert.equal(p.immunizations.length, 14);
    assert.ok(p.encounters.length > 0 && p.encounters.every((e) => ['ambulatory', 'emergency', 'inpatient', 'telehealth', 'home'].includes(e.kind)), 'the patient has encounters and each has a known kind');
  });

  test('Synthea inpatient stays become inpatient encounters (the measures exclude them)', () => {
    const inpatient = records.flatMap((r) => r.encounters.filter((e) => e.kind === 'inpatient'));
    assert.equal(inpatient.length, 2);
  });
});

describe('fhirToPatientRecords on hand-made bundles', () => {
  test('demographics, codes reshaped for the record, invalid items dropped with located warnings', () => {
    const { records, warnings } = fhirToPatientRecords([{
      file: 'okafor.json',
      bundle: bundle(
        patient('p1', { address: [{ line: ['1 Main St'], city: 'Dayton', state: 'Ohio', postalCode: '4540' }] }),
        { resourceType: 'Condition', id: 'c1', code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'E119', display: 'Type 2 diabetes' }] } },
        { resourceType: 'Condition', id: 'c2', code: { coding: [{ system: SNOMED, code: '0123', display: 'Bad code' }] } },
        { resourceType: 'Condition', id: 'c3', code: { text: 'Uncoded worry' } },
        { resourceType: 'Immunization', id: 'i1', status: 'completed', vaccineCode: { coding: [{ system: 'http://hl7.org/fhir/sid/cvx', code: '1400' }] }, occurrenceDateTime: '2023-10-01' },
        { resourceType: 'Observation', id: 'o1', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '72166-2', display: 'Tobacco smoking status' }] }, effectiveDateTime: '2024-02-02', valueCodeableConcept: { text: 'Never smoker' } },
        { resourceType: 'MedicationStatement', id: 'm1', status: 'completed', medicationCodeableConcept: { text: 'Old cough syrup' } },
        { resourceType: 'MedicationRequest', id: 'm2', status: 'active', authoredOn: '2024-01-10', medicationCodeableConcept: { coding: [{ system: RXNORM, code: 'RX-1', display: 'warfarin 5 MG Oral Tablet' }] } },
        { resourceType: 'MedicationDispense', id: 'd1', status: 'completed', medicationCodeableConcept: { coding: [{ system: 'http://hl7.org/fhir/sid/ndc', code: '0093-7214-01' }], text: 'atorvastatin 20 mg' }, whenHandedOver: '2024-03-01', daysSupply: { value: 400 }, quantity: { value: 30 } },
        { resourceType: 'MedicationDispense', id: 'd2', status: 'completed', medicationCodeableConcept: { coding: [{ system: 'http://hl7.org/fhir/sid/ndc', code: '0093-7214-01' }], text: 'atorvastatin 20 mg' }, whenHandedOver: '2024-04-01', daysSupply: { value: 30 }, quantity: { value: 30 } },
        { resourceType: 'AllergyIntolerance', id: 'a1', type: 'intolerance', code: { text: 'codeine' }, reaction: [{ severity: 'mild', manifestation: [{ text: 'nausea' }] }, { severity: 'moderate', manifestation: [{ text: 'itching' }] }] },
      ),
    }]);
    assert.equal(records.length, 1);
    const r = records[0]!;
    assert.deepEqual([r.firstName, r.lastName, r.language, r.email, r.phone, r.addressLine, r.city, r.state, r.postalCode], ['Chidi', 'Okafor', 'es', 'c@example.org', '555-0100', '1 Main St', 'Dayton', null, null]);
    assert.deepEqual(r.conditions.map((c) => [c.externalId, c.codeSystem, c.code]), [['c1', 'icd10cm', 'E11.9']]);
    assert.deepEqual(r.immunizations, []);
    assert.deepEqual(r.observations, [{ externalId: 'o1', loinc: '72166-2', display: 'Tobacco smoking status', valueNum: null, valueText: 'Never smoker', unit: null, effectiveDate: '2024-02-02' }]);
    assert.deepEqual(r.medications.map((m) => [m.externalId, m.rxcui, m.display]), [['m2', null, 'warfarin 5 MG Oral Tablet']]);
    assert.deepEqual(r.fills.map((f) => [f.externalId, f.ndc, f.daysSupply]), [['d2', '00093721401', 30]]);
    assert.deepEqual(r.allergies, [{ externalId: 'a1', substance: 'codeine', substanceRxcui: null, kind: 'intolerance', reaction: 'nausea; itching', severity: 'moderate', recordedDate: null }]);
    assert.deepEqual(warnings.map((w) => w.pointer).sort(), [
      '/okafor.json/entry/0/resource/address', '/okafor.json/entry/0/resource/address',
      '/okafor.json/entry/2/resource', '/okafor.json/entry/3/resource/code', '/okafor.json/entry/4/resource', '/okafor.json/entry/6/resource/status',
      '/okafor.json/entry/7/resource', '/okafor.json/entry/8/resource',
    ].sort());
    const text = warnings.map((w) => w.message).join('\n');
    assert.match(text, /okafor\.json: entry\[2\]\.resource \(Condition\/c2\): condition not imported: code: expected a SNOMED CT concept id/);
    assert.match(text, /okafor\.json: entry\[3\]\.resource\.code \(Condition\/c3\): condition "Uncoded worry" has no ICD-10-CM or SNOMED CT code; not imported/);
    assert.match(text, /\(Immunization\/i1\): immunization not imported: cvx: expected a CVX vaccine code/);
    assert.match(text, /\(MedicationStatement\/m1\): Old cough syrup is completed but has no dates, so it cannot be recorded as stopped; not imported/);
    assert.match(text, /\(MedicationRequest\/m2\): RxNorm code "RX-1" is malformed; left out/);
    assert.match(text, /\(MedicationDispense\/d1\): fill not imported: daysSupply:/);
    assert.match(text, /state "Ohio" left out/);
  });

  test('a deceased patient\'s active orders stop on the date of death', () => {
    const { records } = fhirToPatientRecords([{
      bundle: bundle(
        patient('p1', { deceasedDateTime: '2022-08-09T03:00:00-05:00' }),
        { resourceType: 'MedicationRequest', id: 'm1', status: 'active', authoredOn: '2019-05-05', medicationCodeableConcept: { coding: [{ system: RXNORM, code: '314076', display: 'lisinopril 10 MG Oral Tablet' }] } },
      ),
    }]);
    const r = records[0]!;
    assert.equal(r.deceasedDate, '2022-08-09');
    assert.deepEqual([r.medications[0]!.startDate, r.medications[0]!.stopDate, r.medications[0]!.stopReason], ['2019-05-05', '2022-08-09', 'Patient deceased']);
  });

  test('every Patient of a multi-patient bundle becomes a record; a patient seen twice is an error', () => {
    const two = bundle(patient('p1'), patient('p2'), { resourceType: 'Condition', id: 'c2', subject: { reference: 'Patient/p2' }, code: { coding: [{ system: SNOMED, code: '38341003', display: 'Hypertension' }] } });
    const { records } = fhirToPatientRecords([{ bundle: two }]);
    assert.deepEqual(records.map((r) => [r.externalId, r.conditions.length]), [['p1', 0], ['p2', 1]]);
    assert.throws(() => fhirToPatientRecords([{ bundle: two, file: 'a.json' }, { bundle: bundle(patient('p2')), file: 'b.json' }]), (err: unknown) => {
      assert.ok(err instanceof FhirInputError, 'the error is a FhirInputError');
      assert.equal(err.pointer, '/b.json/entry/0/resource/id');
      assert.match(err.message, /Patient p2 was already read from a\.json: entry\[1\]\.resource/);
      return true;
    });
  });

  test('a patient the record cannot hold stops the conversion, naming the FHIR place', () => {
    assert.throws(() => fhirToPatientRecords([{ bundle: bundle(patient('p1', { name: [{ text: 'Cher' }] })) }]), (err: unknown) => {
      assert.ok(err instanceof FhirInputError, 'the error is a FhirInputError');
      assert.equal(err.pointer, '/entry/0/resource/name');
      assert.match(err.message, /^entry\[0\]\.resource\.name \(Patient\/p1\): needs a given and a family name/);
      return true;
    });
    assert.throws(() => fhirToPatientRecords([{ bundle: [patient('p1', { birthDate: undefined })] }]), (err: unknown) => err instanceof FhirInputError && err.pointer === '/0/birthDate');
  });
});
