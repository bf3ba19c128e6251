// The `openmtm` command end to end: help, generate, import (idempotent), user creation, and bad arguments.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';

const ROOT = path.resolve(import.meta.dirname, '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'openmtm-cli-'));
const env = { ...process.env, OPENMTM_DATA_DIR: path.join(tmp, 'data'), DATABASE_URL: '' };

function openmtm(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/openmtm.js'), ...args], { env, encoding: 'utf8', input, cwd: tmp });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('openmtm CLI', () => {
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('lists every command in --help', () => {
    const r = openmtm(['--help']);
    assert.equal(r.code, 0);
    for (const c of ['start', 'migrate', 'seed', 'generate', 'import', 'create-org', 'create-user']) assert.match(r.out, new RegExp(`^  ${c}\\b`, 'm'));
  });

  it('generates deterministically and imports idempotently', () => {
    const a = path.join(tmp, 'pop-a');
    const b = path.join(tmp, 'pop-b');
    assert.equal(openmtm(['generate', '--patients', '12', '--out', a, '--seed', '5', '--as-of', '2026-01-31']).code, 0);
    assert.equal(openmtm(['generate', '--patients', '12', '--out', b, '--seed', '5', '--as-of', '2026-01-31']).code, 0);
    assert.equal(fs.readFileSync(path.join(a, 'patients.ndjson'), 'utf8'), fs.readFileSync(path.join(b, 'patients.ndjson'), 'utf8'));
    const first = openmtm(['import', a, '--org', 'CLI Pharmacy', '--create-org']);
    assert.equal(first.code, 0, first.err);
    assert.match(first.out, /"inserted": 12/);
    const again = openmtm(['import', a, '--org', 'CLI Pharmacy']);
    assert.equal(again.code, 0, again.err);
    assert.match(again.out, /"inserted": 0/);
    assert.match(again.out, /"existing": 12/);
  });

  it('computes the six measures from the generated claim files with the shipped class lists', () => {
    const a = path.join(tmp, 'pop-a');
    const out = path.join(tmp, 'results.csv');
    const r = openmtm(['measures', '--claims', path.join(a, 'claims.csv'), '--members', path.join(a, 'members.csv'), '--inpatient', path.join(a, 'inpatient.csv'), '--year', '2025', '--out', out]);
    assert.equal(r.code, 0, r.err);
    assert.doesNotMatch(r.err, /warning/); // every demo product is classified
    const rows = fs.readFileSync(out, 'utf8').trim().split('\n');
    assert.equal(rows.length, 1 + 12 * 6);
    const measures = new Set(rows.slice(1).map((l) => l.split(',')[1]));
    assert.deepEqual([...measures].sort(), ['COB', 'PDC-DR', 'PDC-RASA', 'PDC-STA', 'POLY-ACH', 'SUPD']);
    assert.ok(rows.slice(1).some((l) => /^[^,]+,PDC-(DR|RASA|STA),1,in-denominator,[01]\.\d{6},[01],/.test(l)), 'some member has a PDC');
    const bad = openmtm(['measures', '--claims', path.join(a, 'claims.csv'), '--members', path.join(a, 'members.csv'), '--year', '25', '--out', out]);
    assert.equal(bad.code, 2);
  });

  it('classifies unknown NDCs through a user crosswalk', () => {
    const claims = path.join(tmp, 'xw-claims.csv');
    const members = path.join(tmp, 'xw-members.csv');
    const crosswalk = path.join(tmp, 'xw.csv');
    fs.writeFileSync(claims, 'member_id,fill_date,rxcui,ndc,days_supply,quantity\nM1,2025-01-02,,00002751001,90,90\nM1,2025-04-01,,00002751001,90,90\n');
    fs.writeFileSync(members, 'member_id,birth_date\nM1,1950-01-01\n');
    fs.writeFileSync(crosswalk, 'ndc,rxcui\n0002-7510-01,617311\n');
    const out = path.join(tmp, 'xw-results.csv');
    const without = openmtm(['measures', '--claims', claims, '--members', members, '--year', '2025', '--out', out, '--as-of', '2026-01-10']);
    assert.match(without.err, /2 claims have codes the class lists do not know/);
    const withXw = openmtm(['measures', '--claims', claims, '--members', members, '--year', '2025', '--out', out, '--as-of', '2026-01-10', '--crosswalk', crosswalk]);
    assert.equal(withXw.code, 0, withXw.err);
    assert.doesNotMatch(withXw.err, /warning/);
    assert.match(fs.readFileSync(out, 'utf8'), /^M1,PDC-STA,1,in-denominator,/m);
    const cuts = path.join(tmp, 'cuts.json');
    fs.writeFileSync(cuts, JSON.stringify({ source: 'test cut points', year: 2025, measures: { 'PDC-STA': { thresholds: { 2: 0.5, 3: 0.6, 4: 0.7, 5: 0.8 } } } }));
    const starred = openmtm(['measures', '--claims', claims, '--members', members, '--year', '2025', '--out', out, '--crosswalk', crosswalk, '--cut-points', cuts]);
    assert.match(starred.out, /PDC-STA +0 \/ 1 +0\.0% {2}1 stars \(test cut points\)/); // 180 of 364 days: not adherent
    fs.writeFileSync(cuts, JSON.stringify({ year: 2025, measures: {} }));
    const badCuts = openmtm(['measures', '--claims', claims, '--members', members, '--year', '2025', '--out', out, '--cut-points', cuts]);
    assert.equal(badCuts.code, 1);
    assert.match(badCuts.err, /\/source: /);
  });

  it('creates users only with a long enough password and a known role', () => {
    assert.equal(openmtm(['create-user', '--org', 'CLI Pharmacy', '--username', 'dana', '--role', 'pharmacist', '--name', 'Dana'], 'short\n').code, 1);
    assert.equal(openmtm(['create-user', '--org', 'CLI Pharmacy', '--username', 'dana', '--role', 'wizard', '--name', 'Dana'], 'long enough passphrase\n').code, 2);
    const ok = openmtm(['create-user', '--org', 'CLI Pharmacy', '--username', 'dana', '--role', 'pharmacist', '--name', 'Dana'], 'long enough passphrase\n');
    assert.equal(ok.code, 0, ok.err);
  });

  it('refuses bad arguments with a message and exit code 2', () => {
    for (const [args, message] of [
      [['frobnicate'], /Unknown command "frobnicate"/],
      [['generate', '--patients', 'many', '--out', tmp], /--patients must be a whole number/],
      [['generate', '--patients', '3', '--out', tmp, '--as-of', '2026-02-30'], /--as-of must be a date/],
      [['import', path.join(tmp, 'nowhere'), '--org', 'CLI Pharmacy'], /does not exist/],
      [['generate', '--bogus'], /Unknown option '--bogus'/],
    ] as const) {
      const r = openmtm([...args]);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
      assert.match(r.err, message);
    }
  });
});
