// The file-based targeting job and command: one row per member in the documented layout, drug identity by
// ingredient, located errors and no output on bad input, and argument checks.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { ValidationError } from '../domain/errors.ts';
import { TargetUsageError, targetCommand } from '../cli/target.ts';
import { TARGET_OUTPUT_HEADER } from './target-from-files.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'openmtm-target-'));
const write = (name: string, lines: string[]) => {
  const f = path.join(tmp, name);
  fs.writeFileSync(f, lines.join('\n') + '\n');
  return f;
};
const quiet = () => undefined;

// Eight distinct drugs by RxCUI (lisinopril twice in two strengths, so nine products, eight drugs).
const PRODUCTS = ['197884', '205326', '197361', '860975', '617310', '312938', '197770', '197885', '198211'];
const CLAIM_HEADER = 'member_id,fill_date,rxcui,ndc,days_supply,quantity,total_cost';

function monthlyClaims(member: string, rxcuis: readonly string[], cost: string, months = 12): string[] {
  const out: string[] = [];
  for (let mo = 1; mo <= months; mo++) for (const r of rxcuis) out.push(`${member},2025-${String(mo).padStart(2, '0')}-01,${r},,30,30,${cost}`);
  return out;
}

const members = write('members.csv', [
  'member_id,birth_date,enroll_start,enroll_end,death_date,hospice,esrd,dmp_at_risk,dmp_date',
  'ELIG,1950-01-01,2020-01-01,,,0,0,0,',
  'FEWDRUGS,1950-01-01,,,,0,0,0,',
  'DMP,1950-01-01,,,,0,0,1,2025-04-02',
  'NOCOST,1950-01-01,,,,0,0,0,',
  'NOCLAIMS,1950-01-01,,,,0,0,0,',
]);
const conditions = write('conditions.csv', [
  'member_id,code,system,onset_date',
  'ELIG,I10,icd10,2023-05-01',
  'ELIG,E11.9,icd10,2023-05-01',
  'ELIG,370992007,snomed,2025-02-14', // dyslipidemia diagnosed in February: the date met
  'FEWDRUGS,I10,icd10,2020-01-01',
  'FEWDRUGS,E119,icd10,2020-01-01',
  'FEWDRUGS,J44.9,icd10,',
  'NOCOST,I10,icd10,2020-01-01',
  'NOCOST,E11.9,icd10,2020-01-01',
  'NOCOST,F32.9,icd10,2020-01-01',
]);
const claims = write('claims.csv', [
  CLAIM_HEADER,
  ...monthlyClaims('ELIG', PRODUCTS, '30.00'),
  ...monthlyClaims('FEWDRUGS', PRODUCTS.slice(0, 8), '50'), // 7 drugs: 197884 and 205326 are both lisinopril
  ...monthlyClaims('NOCOST', PRODUCTS, '40'),
  'NOCOST,2025-06-01,99999999,,30,30,',
]);

describe('openmtm target (files)', () => {
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('writes one row per member with eligibility, reason code, diseases, drugs, cost and date met', async () => {
    const out = path.join(tmp, 'targets.csv');
    const s = await targetCommand({ program: 'partd', year: '2025', claims, members, conditions, out, asOf: '2025-12-31', today: '2026-03-01', log: quiet });
    const rows = fs.readFileSync(out, 'utf8').trim().split('\n');
    assert.equal(rows[0], TARGET_OUTPUT_HEADER);
    assert.equal(rows.length, 6);
    const row = (id: string) => rows.find((r) => r.startsWith(`${id},`))!.split(',');
    // 9 fills × $30 × 12 = $3,240; 8 drugs; third disease on 2025-02-14.
    assert.deepEqual(row('ELIG').slice(0, 7), ['ELIG', '1', '01', 'diabetes;dyslipidemia;hypertension', '8', '3240.00', '2025-02-14']);
    assert.deepEqual(row('FEWDRUGS').slice(0, 7), ['FEWDRUGS', '0', '', 'diabetes;hypertension;respiratory', '7', '4800.00', '']);
    assert.match(rows.find((r) => r.startsWith('FEWDRUGS,'))!, /drugs 7 < 8 in 180 days/);
    assert.deepEqual(row('DMP').slice(0, 7), ['DMP', '1', '02', '', '0', '0.00', '2025-04-02']);
    assert.deepEqual(row('NOCOST').slice(0, 7), ['NOCOST', '1', '01', 'diabetes;hypertension;mental-health', '8', '', '2025-02-01']);
    assert.match(rows.find((r) => r.startsWith('NOCOST,'))!, /annual cost unknown: 1 fill without total_cost.*1 fill with a product code the knowledge base does not know/);
    assert.deepEqual(row('NOCLAIMS').slice(0, 7), ['NOCLAIMS', '0', '', '', '0', '0.00', '']);
    assert.equal(s.eligible, 3);
    assert.deepEqual(s.byReason, { '01': 2, '02': 1 });
    assert.equal(s.unidentifiedClaims, 1);
  });

  it('applies a lower plan requirement and a plan cost threshold', async () => {
    const out = path.join(tmp, 'plan.csv');
    await targetCommand({ program: 'partd', year: '2025', claims, members, conditions, out, minDrugs: '6', costThreshold: '1500', today: '2026-01-01', log: quiet });
    assert.match(fs.readFileSync(out, 'utf8'), /^FEWDRUGS,1,01,/m);
  });

  it('reports bad rows as file:line: column: problem and writes nothing', async () => {
    const badClaims = write('bad-claims.csv', [CLAIM_HEADER, 'ELIG,2025-01-01,197884,,30,30,abc', 'ELIG,2025-13-01,197884,,30,30,1', 'ELIG,2025-01-01,197884,,30,30,-5']);
    const badConditions = write('bad-conditions.csv', ['member_id,code,system,onset_date', 'ELIG,I10,icd9,2020-01-01', 'ELIG,XYZ,icd10,', 'ELIG,38341003,snomed,2020-02-30', 'GHOST,I10,icd10,']);
    const out = path.join(tmp, 'never.csv');
    await assert.rejects(targetCommand({ program: 'partd', year: '2025', claims: badClaims, members, conditions: badConditions, out, today: '2026-01-01', log: quiet }), (err: unknown) => {
      assert.ok(err instanceof ValidationError, 'the error is a ValidationError');
      assert.deepEqual(err.issues.map((i) => i.message), [
        'bad-claims.csv:2: total_cost: expected the fill\'s gross drug cost in dollars (0 or more, e.g. 42.17), or empty if unknown, got "abc"',
        'bad-claims.csv:3: fill_date: expected a real date as YYYY-MM-DD, got "2025-13-01"',
        'bad-claims.csv:4: total_cost: expected the fill\'s gross drug cost in dollars (0 or more, e.g. 42.17), or empty if unknown, got "-5"',
        'bad-conditions.csv:2: system: expected icd10 or snomed, got "icd9"',
        'bad-conditions.csv:3: code: expected an ICD-10-CM code such as E11.9, got "XYZ"',
        'bad-conditions.csv:4: onset_date: expected a real date as YYYY-MM-DD, got "2020-02-30"',
        'bad-conditions.csv:5: member_id: member GHOST is not in members.csv',
      ]);
      return true;
    });
    const ghost = write('ghost-conditions.csv', ['member_id,code,system,onset_date', 'GHOST,I10,icd10,']);
    await assert.rejects(targetCommand({ program: 'partd', year: '2025', claims, members, conditions: ghost, out, today: '2026-01-01', log: quiet }), /ghost-conditions.csv:2: member_id: member GHOST is not in members.csv/);
    const oldClaims = write('old-claims.csv', ['member_id,fill_date,rxcui,ndc,days_supply,quantity', 'ELIG,2025-01-01,197884,,30,30']);
    await assert.rejects(targetCommand({ program: 'partd', year: '2025', claims: oldClaims, members, conditions, out, today: '2026-01-01', log: quiet }), /old-claims.csv:1: header: header is missing column total_cost/);
    const oldMembers = write('old-members.csv', ['member_id,birth_date', 'ELIG,1950-01-01']);
    await assert.rejects(targetCommand({ program: 'partd', year: '2025', claims, members: oldMembers, conditions, out, today: '2026-01-01', log: quiet }), /old-members.csv:1: header: header is missing column dmp_at_risk/);
    assert.equal(fs.existsSync(out), false);
    assert.equal(fs.readdirSync(tmp).filter((f) => f.endsWith('.tmp')).length, 0);
  });

  it('refuses bad arguments with TargetUsageError naming the rule', async () => {
    const base = { program: 'partd', year: '2025', claims, members, conditions, out: path.join(tmp, 'x.csv'), today: '2026-01-01', log: quiet };
    const usage = async (over: Record<string, string>, re: RegExp) =>
      assert.rejects(targetCommand({ ...base, ...over }), (err: unknown) => err instanceof TargetUsageError && err.name === 'TargetUsageError' && re.test(err.message));
    await usage({ minDrugs: '9' }, /^minDrugs 9: CMS allows plans to require at most 8 Part D drugs \(42 CFR 423\.153\(d\)\(2\)\)$/);
    await usage({ minCoreDiseases: '4' }, /at most 3 core chronic diseases/);
    await usage({ program: 'medicaid' }, /--program must be partd/);
    await usage({ year: '2026' }, /--cost-threshold is required for 2026/);
    await usage({ costThreshold: '2000' }, /may not require more than the CMS cost threshold of \$1,623/);
    await usage({ asOf: '2024-06-01' }, /before contract year 2025/);
    await usage({ claims: path.join(tmp, 'missing.csv') }, /does not exist/);
    assert.equal(fs.existsSync(base.out), false);
  });

  it('defaults as-of to today when the year is still running', async () => {
    const out = path.join(tmp, 'running.csv');
    await targetCommand({ program: 'partd', year: '2025', claims, members, conditions, out, today: '2025-01-15', log: quiet });
    // By 15 January ELIG has two core diseases (dyslipidemia comes in February): not yet eligible.
    assert.match(fs.readFileSync(out, 'utf8'), /^ELIG,0,,diabetes;hypertension,8,/m);
  });
});
