// Shared helpers for benchmark scripts: run the real `openmtm` CLI as a child process and wait for it.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const ROOT = path.resolve(import.meta.dirname, '..');

export type Child = { proc: ChildProcess; output: () => string; stop(): Promise<void> };

export function startServer(env: Record<string, string>, args: string[] = ['start', '--demo']): Child {
  const proc = spawn(process.execPath, [path.join(ROOT, 'bin/openmtm.js'), ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return {
    proc,
    output: () => out,
    stop: () =>
      new Promise((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
      }),
  };
}

export async function waitForHealth(url: string, child: Child, timeoutMs = 300_000): Promise<void> {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    if (child.proc.exitCode !== null) throw new Error(`server exited early:\n${child.output()}`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`server did not become healthy in ${timeoutMs} ms:\n${child.output()}`);
}

export function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(process.env['TMPDIR'] ?? '/tmp', prefix));
}

/** A fresh database on the PostgreSQL server named by DATABASE_URL, or undefined when none is set. */
export async function freshServerDatabase(): Promise<{ url: string; drop(): Promise<void> } | undefined> {
  const base = process.env['DATABASE_URL'];
  if (!base) return undefined;
  const name = `openmtm_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(base);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop() {
      const a = new pg.Client({ connectionString: base });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}
