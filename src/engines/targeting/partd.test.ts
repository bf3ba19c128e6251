// Golden cases for Part D MTM targeting (PRODUCT.md §5.1): eligible by criteria (01), DMP (02), both (03),
// expanded (04), each criterion failing, date met, SNOMED conditions, unknown cost, and invalid programs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isoDay, toDay } from '../../domain/days.ts';
import { ValidationError } from '../../domain/errors.ts';
import { targetPartdMember, type TargetCondition, type TargetFill, type TargetMember } from './partd.ts';
import { parsePartdProgram, type PartdProgramInput } from './program.ts';

const PLAN: PartdProgramInput = { kind: 'partd', contract: 'H1234', year: 2025, minCoreDiseases: 3, minDrugs: 8 };
const DRUGS = ['amlodipine', 'lisinopril', 'metformin', 'atorvastatin', 'sertraline', 'omeprazole', 'levothyroxine', 'tamsulosin'];

const icd = (code: string, onset = '2024-03-01'): TargetCondition => ({ code, system: 'icd10', onsetDay: toDay(onset) });
const THREE = [icd('I10'), icd('E11.9'), icd('E785')];

/** Each drug filled on the 1st of the given months of 2025 at `cost` per fill. */
function monthly(drugs: readonly string[], months: readonly number[], cost: number | null): TargetFill[] {
  return months.flatMap((mo) => drugs.map((drug) => ({ day: toDay(`2025-${String(mo).padStart(2, '0')}-01`), drug, cost })));
}
const ALL_YEAR = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

function member(over: Partial<TargetMember> = {}): TargetMember {
  return { id: 'M1', dmpAtRisk: false, fills: monthly(DRUGS, ALL_YEAR, 20), conditions: THREE, ...over };
}

type Case = {
  name: string;
  m: TargetMember;
  program?: Partial<PartdProgramInput>;
  asOf?: string;
  eligible: boolean;
  reason: string;
  dateMet?: string;
  diseases?: string[];
  drugs?: number;
  cost?: number | null;
  note?: RegExp;
};

const CASES: Case[] = [
  // 8 × $20 a month: $1,920 for the year. Cost is the binding criterion: $480 by 1 March projects to
  // 480 × 365 / 90 = $1,946.67 (the 90-day floor), so criteria are first met on 1 March.
  { name: 'eligible by criteria (01)', m: member(), eligible: true, reason: '01', dateMet: '2025-03-01', diseases: ['diabetes', 'dyslipidemia', 'hypertension'], drugs: 8, cost: 1920 },
  { name: 'too few core diseases', m: member({ conditions: THREE.slice(0, 2) }), eligible: false, reason: '', drugs: 8, cost: 1920, note: /core diseases 2 < 3/ },
  { name: 'too few drugs', m: member({ fills: monthly(DRUGS.slice(0, 7), ALL_YEAR, 40) }), eligible: false, reason: '', drugs: 7, note: /drugs 7 < 8 in 180 days/ },
  { name: 'cost below threshold', m: member({ fills: monthly(DRUGS, ALL_YEAR, 10) }), eligible: false, reason: '', cost: 960, note: /projected annual cost \$960\.00 < \$1,623\.00/ },
  { name: 'cost exactly at threshold is met', m: member({ fills: [...monthly(DRUGS, [9], 0), { day: toDay('2025-12-31'), drug: 'amlodipine', cost: 1623 }] }), eligible: true, reason: '01', dateMet: '2025-12-31', cost: 1623 },
  { name: 'DMP at-risk only (02), met from the start of the year', m: member({ dmpAtRisk: true, conditions: [] }), eligible: true, reason: '02', dateMet: '2025-01-01', diseases: [] },
  { name: 'DMP from a date', m: member({ dmpAtRisk: true, dmpDay: toDay('2025-05-20'), fills: [] }), eligible: true, reason: '02', dateMet: '2025-05-20', cost: 0 },
  { name: 'DMP and criteria (03): the earlier date', m: member({ dmpAtRisk: true, dmpDay: toDay('2025-04-10') }), eligible: true, reason: '03', dateMet: '2025-03-01' },
  { name: 'third disease diagnosed mid-year sets date met', m: member({ conditions: [...THREE.slice(0, 2), icd('E78.5', '2025-06-15')] }), eligible: true, reason: '01', dateMet: '2025-06-15' },
  { name: 'SNOMED condition counts (38341003 hypertension)', m: member({ conditions: [...THREE.slice(1), { code: '38341003', system: 'snomed', onsetDay: undefined }] }), eligible: true, reason: '01', dateMet: '2025-03-01', note: /without onset_date taken as present/ },
  { name: 'two codes of one group count once', m: member({ conditions: [icd('I10'), icd('I11.9'), icd('E11.9')] }), eligible: false, reason: '', diseases: ['diabetes', 'hypertension'] },
  {
    name: 'a fill without cost makes the cost unknown: not eligible, said in notes',
    m: member({ fills: [...monthly(DRUGS, ALL_YEAR, 100), { day: toDay('2025-01-01'), drug: 'amlodipine', cost: null }] }),
    eligible: false, reason: '', cost: null, note: /annual cost unknown: 1 fill without total_cost/,
  },
  {
    name: 'a fill without cost after the criteria were met does not undo them',
    m: member({ fills: [...monthly(DRUGS, ALL_YEAR, 100), { day: toDay('2025-02-10'), drug: 'amlodipine', cost: null }] }),
    eligible: true, reason: '01', dateMet: '2025-01-01', cost: null, note: /annual cost unknown/,
  },
  { name: 'plan threshold below CMS: expanded (04)', m: member({ fills: monthly(DRUGS, ALL_YEAR, 10) }), program: { costThreshold: 900 }, eligible: true, reason: '04', cost: 960, note: /expanded criteria only/ },
  { name: 'plan requiring 1 disease: a 1-disease member is expanded (04)', m: member({ conditions: [icd('I10')] }), program: { minCoreDiseases: 1 }, eligible: true, reason: '04' },
  { name: 'plan requiring 2 diseases: a 2-disease member meets the CMS criteria (01)', m: member({ conditions: THREE.slice(0, 2) }), program: { minCoreDiseases: 2 }, eligible: true, reason: '01' },
  { name: 'HIV/AIDS is a core disease from 2025', m: member({ conditions: [icd('I10'), icd('E11.9'), icd('B20')] }), eligible: true, reason: '01', diseases: ['diabetes', 'hiv-aids', 'hypertension'] },
  {
    name: 'HIV/AIDS is not a core disease in 2024',
    m: member({ conditions: [icd('I10'), icd('E11.9'), icd('B20')], fills: monthly(DRUGS, ALL_YEAR, 100).map((f) => ({ ...f, day: f.day - 365 })) }),
    program: { year: 2024 }, asOf: '2024-12-31', eligible: false, reason: '', diseases: ['diabetes', 'hypertension'],
  },
  {
    name: 'stays eligible after drugs stop; counts as of the last day say so',
    m: member({ fills: monthly(DRUGS, [1, 2, 3], 100) }),
    eligible: true, reason: '01', dateMet: '2025-01-01', drugs: 0, note: /criteria met on 2025-01-01; on 2025-12-31: drugs 0 < 8/,
  },
  { name: 'as-of before criteria are met', m: member(), asOf: '2025-02-15', eligible: false, reason: '', cost: 1297.78 },
  { name: 'enrolled mid-year: cost projected from enrollment', m: member({ enrollStart: toDay('2025-07-01'), fills: monthly(DRUGS, [7, 8, 9, 10, 11, 12], 20) }), eligible: true, reason: '01', dateMet: '2025-09-01', cost: 1904.35 },
  { name: 'disenrolled before the year', m: member({ enrollEnd: toDay('2024-12-31') }), eligible: false, reason: '', note: /not enrolled/ },
  { name: 'same drug in two strengths counts once', m: member({ fills: monthly([...DRUGS.slice(0, 7), 'amlodipine'], ALL_YEAR, 40) }), eligible: false, reason: '', drugs: 7 },
];

describe('Part D MTM targeting engine', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const program = parsePartdProgram({ ...PLAN, ...c.program });
      const r = targetPartdMember(c.m, program, toDay(c.asOf ?? `${program.year}-12-31`));
      assert.equal(r.eligible, c.eligible, `eligible; notes: ${r.notes.join(' | ')}`);
      assert.equal(r.reason, c.reason);
      if (c.dateMet !== undefined) assert.equal(r.dateMet === undefined ? undefined : isoDay(r.dateMet), c.dateMet);
      if (!c.eligible) assert.equal(r.dateMet, undefined);
      if (c.diseases) assert.deepEqual(r.coreDiseases, c.diseases);
      if (c.drugs !== undefined) assert.equal(r.drugCount, c.drugs);
      if (c.cost !== undefined) assert.equal(r.annualCost, c.cost);
      if (c.note) assert.match(r.notes.join(' | '), c.note);
    });
  }
});

describe('Part D MTM program definition', () => {
  const rejects = (over: Partial<PartdProgramInput>, message: string) =>
    assert.throws(() => parsePartdProgram({ ...PLAN, ...over }), (err: unknown) => err instanceof ValidationError && err.issues.some((i) => i.message === message));

  it('rejects minDrugs above 8, naming the rule', () => rejects({ minDrugs: 9 }, 'minDrugs 9: CMS allows plans to require at most 8 Part D drugs (42 CFR 423.153(d)(2))'));
  it('rejects minCoreDiseases above 3', () => rejects({ minCoreDiseases: 4 }, 'minCoreDiseases 4: CMS allows plans to require at most 3 core chronic diseases (42 CFR 423.153(d)(2))'));
  it('rejects minDrugs below 2', () => rejects({ minDrugs: 1 }, 'minDrugs 1: targeting is for beneficiaries taking multiple Part D drugs, at least 2 (42 CFR 423.153(d)(2))'));
  it('rejects a cost threshold above the CMS figure', () => rejects({ costThreshold: 2000 }, 'costThreshold 2000: plans may not require more than the CMS cost threshold of $1,623 for 2025 (42 CFR 423.153(d)(2))'));
  it('rejects leaving DMP members out', () => rejects({ includeDmp: false }, 'includeDmp false: at-risk beneficiaries in a drug management program must be targeted from 2022 (42 CFR 423.153(d)(2)(ii))'));
  it('needs a cost threshold for 2026 and accepts one', () => {
    assert.throws(() => parsePartdProgram({ ...PLAN, year: 2026 }), /costThreshold is required for 2026/);
    assert.equal(parsePartdProgram({ ...PLAN, year: 2026, costThreshold: 1700 }).costThreshold, 1700);
  });
  it('uses the CMS thresholds: $5,330 for 2024, $1,623 for 2025', () => {
    assert.equal(parsePartdProgram({ ...PLAN, year: 2024 }).costThreshold, 5330);
    assert.equal(parsePartdProgram(PLAN).costThreshold, 1623);
  });
  it('refuses unknown fields and bad contract ids', () => {
    assert.throws(() => parsePartdProgram({ ...PLAN, extra: 1 }), ValidationError);
    assert.throws(() => parsePartdProgram({ ...PLAN, contract: 'X12' }), /contract: expected a Part D contract id/);
  });
});
