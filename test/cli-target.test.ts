// `openmtm target` end to end on generated files: the CMS Part D targeting convention (columns, reason codes) and
// refusal of program definitions CMS does not allow, with nothing written.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';

const ROOT = path.resolve(import.meta.dirname, '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'openmtm-target-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function openmtm(args: string[]) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/openmtm.js'), ...args], { env: { ...process.env, DATABASE_URL: '' }, encoding: 'utf8', cwd: tmp });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('openmtm target', () => {
  const pop = path.join(tmp, 'pop');
  const files = () => ['--claims', path.join(pop, 'claims.csv'), '--members', path.join(pop, 'members.csv'), '--conditions', path.join(pop, 'conditions.csv')];

  it('targets generated members for Part D 2025 with reason codes and the cost used', () => {
    assert.equal(openmtm(['generate', '--patients', '400', '--out', pop, '--as-of', '2025-12-31', '--seed', '3']).code, 0);
    const out = path.join(tmp, 'targets.csv');
    const r = openmtm(['target', '--program', 'partd', '--year', '2025', ...files(), '--out', out]);
    assert.equal(r.code, 0, r.err);
    const rows = fs.readFileSync(out, 'utf8').trim().split('\n');
    assert.match(rows[0]!, /^member_id,eligible,reason_code,core_diseases,drug_count,annual_cost,date_met/);
    assert.equal(rows.length - 1, 400);
    const eligible = rows.slice(1).filter((l) => l.split(',')[1] === '1');
    assert.ok(eligible.length > 10 && eligible.length < 400, `${eligible.length} eligible`);
    for (const l of eligible) {
      const [, , reason, diseases, drugs, cost, met] = l.split(',');
      assert.equal(reason, '01');
      assert.match(met ?? '', /^2025-\d\d-\d\d$/);
      // counts are as of the last day evaluated; a member who met the criteria earlier stays enrolled for the year
      const meetsNow = (diseases ?? '').split(';').length >= 3 && Number(drugs) >= 8 && Number(cost) >= 1623;
      assert.ok(meetsNow || l.includes('stays enrolled for the year'), l);
    }
    for (const l of rows.slice(1).filter((x) => x.split(',')[1] === '0')) assert.equal(l.split(',')[2], '');
  });

  it('refuses a program CMS does not allow, naming the rule, and writes nothing', () => {
    const out = path.join(tmp, 'refused.csv');
    const r = openmtm(['target', '--program', 'partd', '--year', '2025', ...files(), '--out', out, '--min-drugs', '9']);
    assert.notEqual(r.code, 0);
    assert.match(r.err, /at most 8 Part D drugs/);
    assert.equal(fs.existsSync(out), false);
    assert.equal(openmtm(['target', '--program', 'medicaid', '--year', '2025', ...files(), '--out', out]).code, 2);
  });
});
