// Test databases. Every DB test runs on embedded PGlite (in memory) and, when TEST_DATABASE_URL or DATABASE_URL
// points at a PostgreSQL server, also on a fresh throwaway database created on that server.
import { randomBytes } from 'node:crypto';
import { openDb, type Db } from '../../src/store/db.ts';
import { migrate } from '../../src/store/migrate.ts';

export type TestDbKind = 'pglite' | 'postgres';

export function serverUrl(): string | undefined {
  return process.env['TEST_DATABASE_URL'] || process.env['DATABASE_URL'] || undefined;
}

/** The database kinds this run covers: always PGlite, plus PostgreSQL when a server URL is set. */
export function testDbKinds(): TestDbKind[] {
  return serverUrl() ? ['pglite', 'postgres'] : ['pglite'];
}

/** A migrated, empty database. `drop()` closes it and, on a server, drops it. */
export async function createTestDb(kind: TestDbKind): Promise<Db & { drop(): Promise<void> }> {
  if (kind === 'pglite') {
    const db = await openDb({ dataDir: 'memory://' });
    await migrate(db);
    return Object.assign(db, { drop: () => db.close() });
  }
  const url = serverUrl();
  if (!url) throw new Error('no PostgreSQL server URL');
  const name = `openmtm_test_${randomBytes(6).toString('hex')}`;
  const admin = await openDb({ databaseUrl: url, poolSize: 1 });
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.close();
  const u = new URL(url);
  u.pathname = `/${name}`;
  const db = await openDb({ databaseUrl: u.toString(), poolSize: 4 });
  await migrate(db);
  return Object.assign(db, {
    async drop() {
      await db.close();
      const a = await openDb({ databaseUrl: url, poolSize: 1 });
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.close();
    },
  });
}
