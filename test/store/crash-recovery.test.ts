// "Nothing lost on a crash": an import killed with SIGKILL mid-way leaves the embedded database openable (the stale
// lock is taken over), with whole chunks only, and re-running the import completes it with every row present.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { openDb } from '../../src/store/db.ts';
import { countPopulationRows } from '../../src/store/population.repository.ts';
import { findOrganizationByName } from '../../src/store/users.repository.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/openmtm.js');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'openmtm-crash-'));
const env = { ...process.env, OPENMTM_DATA_DIR: path.join(tmp, 'data'), DATABASE_URL: '' };
const POP = path.join(tmp, 'pop');
const PATIENTS = 1500;

/** Starts an import and SIGKILLs it once it reports at least `killAfter` patients written. */
function importAndKill(killAfter: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'import', POP, '--org', 'Crash Pharmacy', '--create-org'], { env, cwd: tmp });
    let err = '';
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      const done = [...err.matchAll(/imported (\d+) patients/g)].map((m) => Number(m[1]));
      if ((done.at(-1) ?? 0) >= killAfter && child.exitCode === null) child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve(0) : reject(new Error(`import ended on its own (${code}) before the kill:\n${err}`))));
  });
}

describe('crash during an import into the embedded database', () => {
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('keeps whole chunks, reopens, and completes on re-run with every row', async () => {
    const gen = spawnSync(process.execPath, [BIN, 'generate', '--patients', String(PATIENTS), '--out', POP, '--seed', '11', '--as-of', '2026-06-30'], { env, encoding: 'utf8' });
    assert.equal(gen.status, 0, gen.stderr);
    const manifest = JSON.parse(fs.readFileSync(path.join(POP, 'manifest.json'), 'utf8')) as { records: Record<string, number> };

    await importAndKill(500);
    assert.ok(fs.existsSync(path.join(tmp, 'data', 'openmtm.lock')), 'the killed process left its lock behind');

    const db = await openDb({ dataDir: path.join(tmp, 'data') });
    const org = await findOrganizationByName(db, 'Crash Pharmacy');
    const partial = org ? await countPopulationRows(db, org.id) : {};
    await db.close();
    assert.ok(org, 'the killed import created the organisation');
    // Killed after at least 500 patients were reported committed: they are there, the rest is not.
    assert.ok(partial['patients']! >= 500 && partial['patients']! < PATIENTS, `partial import: ${partial['patients']} patients`);

    const rerun = spawnSync(process.execPath, [BIN, 'import', POP, '--org', 'Crash Pharmacy'], { env, encoding: 'utf8', cwd: tmp });
    assert.equal(rerun.status, 0, rerun.stderr);

    const db2 = await openDb({ dataDir: path.join(tmp, 'data') });
    const rows = await countPopulationRows(db2, org.id);
    await db2.close();
    // Every child row of every patient is there: a half-written patient would be skipped on re-run and show here.
    const expected: Record<string, number | undefined> = { ...manifest.records, care_team_members: manifest.records['careTeam'] };
    for (const table of ['patients', 'medications', 'conditions', 'allergies', 'observations', 'encounters', 'immunizations', 'fills', 'coverages', 'consents', 'care_team_members']) {
      assert.equal(rows[table], expected[table], table);
    }
  });
});
