// Screening speed: (1) one heavy patient — 20 active medications, 8 conditions, 15 labs — screened many times,
// printing median and p99 per screen (target: well under 1 ms median on this machine); (2) a generated population
// (default 100,000 patients from the synthetic generator) screened one by one, printing the screening time alone
// (generation and record→snapshot conversion are timed separately) and findings per patient.
// Usage: npm run bench:screen -- [--runs 20000] [--patients 100000] [--as-of 2026-11-25]
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { recordToSnapshot } from '../src/domain/record-snapshot.ts';
import type { PatientSnapshot } from '../src/domain/screening.ts';
import { screenPatient } from '../src/engines/screening/index.ts';
import { patient } from '../src/engines/screening/golden/patient.ts';
import { shippedKnowledge } from '../src/knowledge/screening/index.ts';
import { generatePopulation } from '../src/synthetic/index.ts';

const { values: v } = parseArgs({ options: { runs: { type: 'string', default: '20000' }, patients: { type: 'string', default: '100000' }, 'as-of': { type: 'string', default: '2026-11-25' } } });
const runs = Number(v.runs);
const count = Number(v.patients);
const asOf = v['as-of'];

const t0 = performance.now();
const knowledge = shippedKnowledge();
console.log(`knowledge loaded in ${(performance.now() - t0).toFixed(0)} ms: ${knowledge.drugs.size} ingredients, ${knowledge.products.size} product codes, ${knowledge.interactions.length} interactions`);

const tab = (name: string, sig = 'take 1 tablet by mouth once daily') => `${name} | ${sig}`;
const heavy: PatientSnapshot = patient({
  age: 78, sex: 'female',
  meds: [
    { name: 'lisinopril 20 MG Oral Tablet', rxcui: '314077', sig: '1 tablet daily' }, tab('metformin hydrochloride 1000 MG Oral Tablet', '1 tablet twice daily'),
    tab('atorvastatin 40 MG Oral Tablet'), tab('amlodipine 10 MG Oral Tablet'), tab('hydrochlorothiazide 25 MG Oral Tablet'),
    tab('warfarin sodium 5 MG Oral Tablet'), tab('ibuprofen 400 MG Oral Tablet', '1 tablet three times a day as needed'), tab('omeprazole 20 MG Delayed Release Oral Capsule'),
    tab('sertraline 100 MG Oral Tablet'), tab('zolpidem tartrate 10 MG Oral Tablet', '1 tablet at bedtime'), tab('oxycodone hydrochloride 5 MG Oral Tablet', '1 tablet every 6 hours as needed'),
    tab('gabapentin 300 MG Oral Capsule', '1 capsule three times a day'), tab('levothyroxine sodium 0.1 MG Oral Tablet'), tab('furosemide 40 MG Oral Tablet'),
    tab('potassium chloride 20 MEQ Extended Release Oral Tablet'), tab('donepezil hydrochloride 10 MG Oral Tablet'), tab('oxybutynin chloride 5 MG Oral Tablet', '1 tablet twice daily'),
    tab('acetaminophen 500 MG Oral Tablet', '2 tablets every 6 hours as needed'), 'albuterol 0.09 MG/ACTUAT Metered Dose Inhaler | 2 puffs every 4 hours as needed', tab('glipizide 10 MG Oral Tablet', '1 tablet twice daily'),
  ],
  conditions: ['E11.9', 'I10', 'I48.91', 'N18.4', 'F03.90', 'M81.0', 'J45.909', 'I50.22'],
  labs: [['2160-0', 1.9, 'mg/dL', 20], ['29463-7', 58, 'kg', 20], ['2823-3', 5.6, 'mmol/L', 20], ['4548-4', 9.4, '%', 40], ['6301-6', 3.4, '{INR}', 15],
    ['18262-6', 112, 'mg/dL', 90], ['8480-6', 152, 'mm[Hg]', 30], ['8462-4', 88, 'mm[Hg]', 30], ['3016-3', 2.1, 'm[IU]/L', 200], ['2093-3', 190, 'mg/dL', 90],
    ['33914-3', 26, 'mL/min/{1.73_m2}', 20], ['2951-2', 136, 'mmol/L', 20], ['718-7', 11.2, 'g/dL', 60], ['9318-7', 45, 'mg/g', 100], ['8302-2', 160, 'cm', 300]],
  immunizations: [['140', 40], ['187', 400]],
});

for (let i = 0; i < 500; i++) screenPatient(heavy, asOf, knowledge); // warm-up (JIT, lazy indexes)
const times = new Float64Array(runs);
let findings = 0;
for (let i = 0; i < runs; i++) {
  const s = performance.now();
  findings = screenPatient(heavy, asOf, knowledge).findings.length;
  times[i] = performance.now() - s;
}
times.sort();
const q = (p: number) => times[Math.min(runs - 1, Math.floor(p * runs))]!;
console.log(`heavy patient (20 meds, 8 conditions, 15 labs, ${findings} findings), ${runs} screens: median ${(q(0.5) * 1000).toFixed(0)} µs, p99 ${(q(0.99) * 1000).toFixed(0)} µs, max ${(times[runs - 1]! * 1000).toFixed(0)} µs`);

let gen = 0;
let conv = 0;
let screen = 0;
let total = 0;
let meds = 0;
let errors = 0;
let g = performance.now();
for (const record of generatePopulation(1, count, asOf)) {
  const a = performance.now();
  gen += a - g;
  const snap = recordToSnapshot(record, asOf);
  const b = performance.now();
  conv += b - a;
  const r = screenPatient(snap, asOf, knowledge);
  g = performance.now();
  screen += g - b;
  total += r.findings.length;
  errors += r.errors.length;
  meds += snap.medications.filter((m) => m.status === 'active').length;
}
console.log(`${count} generated patients (${(meds / count).toFixed(1)} active meds each): screening ${(screen / 1000).toFixed(1)} s (${((screen / count) * 1000).toFixed(0)} µs/patient), ${(total / count).toFixed(1)} findings/patient, ${errors} rule errors; generation ${(gen / 1000).toFixed(1)} s, conversion ${(conv / 1000).toFixed(1)} s; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
