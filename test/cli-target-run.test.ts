// `openmtm target-run` end to end on a seeded embedded database: a run of the demo's Part D program by name, its
// summary and results file, a rerun that enrolls no one; a clinic panel program's run with its decisions and the
// panel results file; and refused arguments.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { openDb } from '../src/store/db.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'openmtm-cli-target-run-'));
const env = { ...process.env, OPENMTM_DATA_DIR: path.join(tmp, 'data'), DATABASE_URL: '' };
const ORG = 'Riverside Community Pharmacy';
const PROGRAM = 'Medicare Part D MTM 2026';

function openmtm(args: string[]) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/openmtm.js'), ...args], { env, encoding: 'utf8', cwd: tmp });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('openmtm target-run', () => {
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('runs targeting for a program by name, prints the summary, writes the results, and a rerun enrolls no one', () => {
    const seeded = openmtm(['seed', '--patients', '30', '--as-of', '2026-06-15']);
    assert.equal(seeded.code, 0, seeded.err);
    const out = path.join(tmp, 'targets.csv');
    const r = openmtm(['target-run', '--org', ORG, '--program', PROGRAM, '--as-of', '2026-06-15', '--out', out]);
    assert.equal(r.code, 0, r.err);
    const summary = /(\d+) patients, (\d+) eligible \(01: (\d+), 02: (\d+), 03: (\d+), 04: (\d+)\)\n {2}enrolled now (\d+).*, already enrolled (\d+), opted out earlier \(not re-enrolled\) (\d+)/.exec(r.out);
    assert.ok(summary, r.out);
    const [patients, eligible, r01, r02, r03, r04, now, already, optedOut] = summary.slice(1).map(Number) as number[];
    assert.equal(patients, 30);
    assert.ok(eligible! > 0, r.out);
    assert.equal(r01! + r02! + r03! + r04!, eligible);
    assert.equal(now! + already! + optedOut!, eligible);
    const lines = fs.readFileSync(out, 'utf8').trim().split('\n');
    assert.equal(lines[0], 'member_id,eligible,reason_code,core_diseases,drug_count,annual_cost,date_met,notes,patient_id');
    assert.equal(lines.length, 1 + 30);
    assert.equal(lines.filter((l) => /^[^,]*,1,0[1-4],/.test(l)).length, eligible);

    const again = openmtm(['target-run', '--org', ORG, '--program', PROGRAM, '--as-of', '2026-06-15']);
    assert.equal(again.code, 0, again.err);
    assert.match(again.out, new RegExp(`${eligible} eligible .*\\n {2}enrolled now 0, already enrolled ${now! + already!}, `));
  });

  it('runs a clinic panel program: qualifies / could not assess / not, and the panel results file', async () => {
    // No command defines programs (managers do it on the Programs page); the seeded database gets one directly.
    const db = await openDb({ dataDir: env.OPENMTM_DATA_DIR });
    try {
      await db.query(
        `INSERT INTO programs (org_id, name, kind, year, criteria, created_by)
         SELECT o.id, 'High-risk clinic panel', 'clinic', 2026, $2::jsonb, (SELECT u.id FROM users u WHERE u.org_id = o.id AND u.role = 'manager' LIMIT 1)
           FROM organizations o WHERE o.name = $1`,
        [ORG, JSON.stringify({ minMedications: 5, a1cAbove: 8, match: 'any' })],
      );
    } finally {
      await db.close();
    }
    const out = path.join(tmp, 'panel.csv');
    const r = openmtm(['target-run', '--org', ORG, '--program', 'High-risk clinic panel', '--as-of', '2026-06-15', '--out', out]);
    assert.equal(r.code, 0, r.err);
    const m = /High-risk clinic panel \(clinic, 2026\) as of 2026-06-15: 30 patients: (\d+) qualify, (\d+) could not be assessed \(not enrolled\), (\d+) do not\n {2}enrolled now (\d+)/.exec(r.out);
    assert.ok(m, r.out);
    const [qualify, unknown, not, now] = m.slice(1).map(Number) as number[];
    assert.equal(qualify! + unknown! + not!, 30);
    assert.ok(qualify! > 0, r.out);
    assert.equal(now, qualify, 'nobody was in the new program: everyone who qualifies is enrolled now');
    const lines = fs.readFileSync(out, 'utf8').trim().split('\n');
    assert.equal(lines[0], 'patient_id,member_id,qualifies,criteria');
    assert.equal(lines.length, 1 + 30);
    assert.equal(lines.filter((l) => /^[0-9a-f-]{36},[^,]*,1,minMedications:(met|not-met);a1cAbove:/.test(l)).length, qualify);
    assert.equal(lines.filter((l) => l.includes(',could-not-assess,')).length, unknown);
    const again = openmtm(['target-run', '--org', ORG, '--program', 'High-risk clinic panel', '--as-of', '2026-06-15']);
    assert.match(again.out, new RegExp(`${qualify} qualify, .*\\n {2}enrolled now 0, already enrolled ${qualify}, `));
  });

  it('refuses an unknown program, a future as-of date and a missing --org', () => {
    const unknown = openmtm(['target-run', '--org', ORG, '--program', 'No such program']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /No program named "No such program"/);
    const future = openmtm(['target-run', '--org', ORG, '--program', PROGRAM, '--as-of', '2999-01-01']);
    assert.equal(future.code, 1);
    assert.match(future.err, /is in the future\n {2}\/asOf: must not be after/);
    const noOrg = openmtm(['target-run', '--program', PROGRAM]);
    assert.equal(noOrg.code, 2);
    assert.match(noOrg.err, /target-run needs --org NAME/);
  });
});
