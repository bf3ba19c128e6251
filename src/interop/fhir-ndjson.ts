// Bulk-export NDJSON (FHIR Bulk Data: one resource per line, one file per type) grouped into one collection Bundle
// per Patient, so the same Bundle reader handles bulk exports and single-patient files. Each entry keeps its file
// and line, so errors found later while reading point at the NDJSON line a person can open. Pure.
import { fail, isObj, obj, patientRefOf, str, type Json, type Place } from './fhir-json.ts';
import type { ResourceSource } from './fhir-read-context.ts';

export type NdjsonFile = { name: string; text: string };
export type FhirBundle = { resourceType: 'Bundle'; type: 'collection'; entry: { resource: Json }[] };
export type PatientBundle = { patientId: string; bundle: FhirBundle; sources: ResourceSource[] };

/**
 * Groups bulk-export NDJSON (one resource per line; Patient.000.ndjson, MedicationRequest.000.ndjson, …) into one
 * collection Bundle per Patient, by each resource's subject/patient reference. Medications referenced by a
 * patient's resources are copied into that patient's bundle; other unattributed resources (Practitioner,
 * Organization, Location) are left out. `sources` gives each entry's file and line, for `readFhirPatient`.
 */
export function ndjsonToBundles(files: readonly NdjsonFile[]): PatientBundle[] {
  const patients = new Map<string, PatientBundle>();
  const medications = new Map<string, { resource: Json; source: ResourceSource }>();
  const attributed: { resource: Json; source: ResourceSource; ref: string }[] = [];
  for (const file of files) {
    file.text.split('\n').forEach((raw, i) => {
      const source = { file: file.name, line: i + 1 };
      const place: Place = { base: `/${file.name}/${i + 1}`, label: `${file.name} line ${i + 1}`, path: '', ref: 'resource' };
      const text = (i === 0 ? raw.replace(/^\uFEFF/, '') : raw).trim(); // tolerate a byte-order mark and CRLF
      if (text === '') return;
      let resource: unknown;
      try {
        resource = JSON.parse(text);
      } catch (err) {
        fail(place, '', `not valid JSON (${(err as Error).message})`);
      }
      if (!isObj(resource)) fail(place, '', 'expected a resource object');
      if (typeof resource.resourceType !== 'string') fail(place, '/resourceType', `resourceType must be a string, got ${JSON.stringify(resource.resourceType ?? null)}`);
      const id = str(resource.id);
      const here = { ...place, ref: `${resource.resourceType}${id ? `/${id}` : ''}` };
      if (resource.resourceType === 'Patient') {
        if (!id) fail(here, '/id', 'a Patient needs an id');
        const first = patients.get(id);
        if (first) fail(here, '/id', `Patient ${id} appears twice (first in ${first.sources[0]!.file} line ${first.sources[0]!.line})`);
        patients.set(id, { patientId: id, bundle: { resourceType: 'Bundle', type: 'collection', entry: [{ resource }] }, sources: [source] });
      } else if (resource.resourceType === 'Medication') {
        if (id) medications.set(id, { resource, source });
      } else {
        const ref = patientRefOf(resource);
        if (ref !== undefined) attributed.push({ resource, source, ref });
      }
    });
  }
  for (const { resource, source, ref } of attributed) {
    const id = /(?:^|\/)Patient\/([^/]+)(?:\/_history\/[^/]+)?$/.exec(ref)?.[1];
    const target = id === undefined ? undefined : patients.get(id);
    const here: Place = { base: `/${source.file}/${source.line}`, label: `${source.file} line ${source.line}`, path: '', ref: `${String(resource.resourceType)}/${str(resource.id) ?? '?'}` };
    if (!target) fail(here, resource.subject !== undefined ? '/subject/reference' : '/patient/reference', `refers to ${ref}, which is in no Patient file line`);
    target.bundle.entry.push({ resource });
    target.sources.push(source);
  }
  for (const p of patients.values()) {
    const wanted = new Set(p.bundle.entry.map((e) => /(?:^|\/)Medication\/([^/]+)$/.exec(str(obj(e.resource.medicationReference)?.reference) ?? '')?.[1]).filter((m): m is string => m !== undefined));
    for (const m of wanted) {
      const med = medications.get(m);
      if (med) {
        p.bundle.entry.push({ resource: med.resource });
        p.sources.push(med.source);
      }
    }
  }
  return [...patients.values()];
}
