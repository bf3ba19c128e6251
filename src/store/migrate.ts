// Forward-only plain-SQL migrations (src/store/migrations/NNNN_name.sql), the same files on PGlite and PostgreSQL 15.
// Never edit a migration once it has landed: add a new one.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './db.ts';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
// Any constant works; it only has to be the same for every OpenMTM process sharing a server.
const ADVISORY_LOCK_KEY = 424242;

export function listMigrations(): { version: string; file: string }[] {
  return fs
    .readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: f.replace(/\.sql$/, ''), file: path.join(MIGRATIONS_DIR, f) }));
}

/** Applies pending migrations; returns the versions applied. Safe when several API nodes start at once. */
export async function migrate(db: Db): Promise<string[]> {
  await db.query(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
  );
  const applied: string[] = [];
  await db.tx(async (q) => {
    await q.query('SELECT pg_advisory_xact_lock($1)', [ADVISORY_LOCK_KEY]);
    const done = new Set((await q.query<{ version: string }>('SELECT version FROM schema_migrations')).map((r) => r.version));
    for (const m of listMigrations()) {
      if (done.has(m.version)) continue;
      await q.query(fs.readFileSync(m.file, 'utf8'));
      await q.query('INSERT INTO schema_migrations (version) VALUES ($1)', [m.version]);
      applied.push(m.version);
    }
  });
  return applied;
}
