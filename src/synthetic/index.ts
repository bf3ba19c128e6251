// Deterministic synthetic population generator: pure (no IO, no clock); seed and asOf are inputs.
export { generatePatient, externalIdFor } from './patient.ts';
export { generatePrescribers, generatePharmacies } from './prescribers.ts';
export { generatePopulation, primaryMemberId, GENERATOR_VERSION, DEFAULT_PRESCRIBER_COUNT, type PopulationOptions } from './population.ts';
export { ckdEpi2021 } from './clinical-events.ts';
export { Rng } from './random.ts';
