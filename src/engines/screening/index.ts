export { screenPatient, rank, dedupe } from './screen.ts';
export { rulesFor } from './rules/index.ts';
export type { Rule } from './finding.ts';
