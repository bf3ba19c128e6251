// PGlite has no lock of its own: two processes opening one data directory corrupt it.
// The owning process holds an exclusive lock file; a second opener is refused with a clear message.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holderPid: number,
  ) {
    super(
      `The data directory ${dataDir} is in use by another OpenMTM process (pid ${holderPid}). ` +
        `The embedded database allows one process at a time: stop that process, or talk to it over its API. ` +
        `If no such process exists, delete ${path.join(dataDir, LOCK_FILE)}.`,
    );
  }
}

const LOCK_FILE = 'openmtm.lock';

export type DataDirLock = { release(): void };

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function acquireDataDirLock(dataDir: string): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, LOCK_FILE);
  const content = JSON.stringify({ pid: process.pid, host: os.hostname(), since: new Date().toISOString() });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, content, { flag: 'wx' });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          const now = JSON.parse(fs.readFileSync(lockPath, 'utf8')) as { pid?: number };
          if (now.pid === process.pid) fs.unlinkSync(lockPath);
        } catch {
          // already gone
        }
      };
      process.once('exit', release);
      return { release };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let holder: { pid?: number; host?: string } = {};
      try {
        holder = JSON.parse(fs.readFileSync(lockPath, 'utf8')) as typeof holder;
      } catch {
        // unreadable lock: treat as stale below
      }
      const pid = typeof holder.pid === 'number' ? holder.pid : -1;
      const sameHost = holder.host === undefined || holder.host === os.hostname();
      if (pid > 0 && (!sameHost || isAlive(pid))) throw new DataDirLockedError(dataDir, pid);
      // Stale lock from a process that died without cleaning up: take it over.
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not acquire lock on ${lockPath}`);
}
