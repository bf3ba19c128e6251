// The embedded database: data survives a restart, and a second opener of the same directory is refused.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { openDb } from '../../src/store/db.ts';
import { DataDirLockedError } from '../../src/store/lock.ts';
import { listMigrations, migrate } from '../../src/store/migrate.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('embedded PGlite data directory', () => {
  it('keeps data across a restart and migrations are idempotent', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openmtm-persist-'));
    const db = await openDb({ dataDir: dir });
    assert.deepEqual(await migrate(db), listMigrations().map((m) => m.version));
    await db.query(`INSERT INTO organizations (name, kind) VALUES ('Persisted Pharmacy', 'pharmacy')`);
    await db.close();
    const again = await openDb({ dataDir: dir });
    assert.deepEqual(await migrate(again), []);
    const rows = await again.query<{ name: string }>('SELECT name FROM organizations');
    assert.deepEqual(rows.map((r) => r.name), ['Persisted Pharmacy']);
    await again.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a second opener in this process and in another process with a clear message', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openmtm-lock-'));
    const db = await openDb({ dataDir: dir });
    await assert.rejects(openDb({ dataDir: dir }), (err: unknown) => {
      assert.ok(err instanceof DataDirLockedError, 'the error is a DataDirLockedError');
      assert.match(err.message, new RegExp(`in use by another OpenMTM process \\(pid ${process.pid}\\)`));
      return true;
    });
    const child = spawnSync(process.execPath, [path.join(ROOT, 'bin/openmtm.js'), 'migrate'], {
      env: { ...process.env, OPENMTM_DATA_DIR: dir, DATABASE_URL: '' },
      encoding: 'utf8',
    });
    assert.equal(child.status, 2, child.stderr);
    assert.match(child.stderr, /is in use by another OpenMTM process/);
    await db.close();
    // Released on close: the directory can be opened again.
    const reopened = await openDb({ dataDir: dir });
    await reopened.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('takes over a stale lock left by a process that died', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openmtm-stale-'));
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    fs.writeFileSync(path.join(dir, 'openmtm.lock'), JSON.stringify({ pid: Number(dead.stdout), host: os.hostname() }));
    const db = await openDb({ dataDir: dir });
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
