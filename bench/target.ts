// Part D MTM targeting engine speed: N synthetic members built in memory (deterministic), each with 1-12 drugs
// filled monthly, 0-5 diagnoses and some DMP flags, evaluated for 2025. Prints members per second and the share
// eligible by reason. Engine time only (no CSV parsing).
// Usage: node --import tsx bench/target.ts [--members 200000]
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { toDay } from '../src/domain/days.ts';
import { targetPartdMember, type TargetMember } from '../src/engines/targeting/partd.ts';
import { parsePartdProgram } from '../src/engines/targeting/program.ts';

const { values: v } = parseArgs({ options: { members: { type: 'string', default: '200000' } } });
const n = Number(v.members);
const DRUGS = Array.from({ length: 40 }, (_, i) => `drug${i}`);
const CODES = ['I10', 'E11.9', 'E78.5', 'F32.9', 'J44.9', 'I50.9', 'M81.0', 'N18.6', 'B20', 'G30.9', 'K21.9', 'E03.9'];
let seed = 1;
const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);

const members: TargetMember[] = [];
const y0 = toDay('2025-01-01');
for (let i = 0; i < n; i++) {
  const drugs = DRUGS.slice(0, 1 + Math.floor(rand() * 12)).map((d) => ({ drug: d, cost: Math.round(rand() * 6000) / 100, offset: Math.floor(rand() * 30) }));
  const fills = [];
  for (let mo = 0; mo < 12; mo++) for (const d of drugs) fills.push({ day: y0 + mo * 30 + d.offset, drug: d.drug, cost: d.cost });
  const conditions = CODES.filter(() => rand() < 0.25).map((code) => ({ code, system: 'icd10' as const, onsetDay: y0 - 400 + Math.floor(rand() * 700) }));
  members.push({ id: `M${i}`, dmpAtRisk: rand() < 0.01, fills, conditions });
}
const fills = members.reduce((s, m) => s + m.fills.length, 0);
const program = parsePartdProgram({ kind: 'partd', year: 2025, minCoreDiseases: 3, minDrugs: 8 });
const asOf = toDay('2025-12-31');

const t0 = performance.now();
const reasons: Record<string, number> = {};
for (const m of members) {
  const r = targetPartdMember(m, program, asOf);
  reasons[r.reason || 'not eligible'] = (reasons[r.reason || 'not eligible'] ?? 0) + 1;
}
const ms = performance.now() - t0;
console.log(`${n} members, ${fills} fills: ${ms.toFixed(0)} ms, ${Math.round(n / (ms / 1000)).toLocaleString('en-US')} members/s, ${Math.round(fills / (ms / 1000)).toLocaleString('en-US')} fills/s`);
console.log(Object.entries(reasons).sort().map(([r, c]) => `${r}: ${c} (${((100 * c) / n).toFixed(1)}%)`).join(', '));
