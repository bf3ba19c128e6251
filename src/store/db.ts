// Opens the database: PGlite (embedded, default) or a PostgreSQL server (DATABASE_URL).
// Both are used through node-postgres so result types are identical (int8 as string, etc.).
import path from 'node:path';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { acquireDataDirLock, type DataDirLock } from './lock.ts';

// DATE columns come back as 'YYYY-MM-DD' strings: a date of birth has no time zone.
pg.types.setTypeParser(1082, (v: string) => v);

export type Row = Record<string, unknown>;

export type QueryOptions = {
  /**
   * Prepares the statement under this name once per connection and reuses its plan. For hot, fixed SQL only:
   * planning a wide statement costs more than running it, above all on the embedded database.
   */
  prepare?: string;
};

export interface Queryable {
  query<R extends Row = Row>(sql: string, params?: readonly unknown[], opts?: QueryOptions): Promise<R[]>;
}

function toConfig(sql: string, params: readonly unknown[] | undefined, opts: QueryOptions | undefined): pg.QueryConfig {
  return { text: sql, values: params as unknown[] | undefined, ...(opts?.prepare ? { name: opts.prepare } : {}) };
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs fn in one transaction; rolls back on any error. */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export type DbOptions = { databaseUrl?: string | undefined; dataDir?: string; poolSize?: number };

function wrapPool(pool: pg.Pool, kind: Db['kind'], onClose: () => Promise<void>): Db {
  return {
    kind,
    async query<R extends Row>(sql: string, params?: readonly unknown[], opts?: QueryOptions) {
      const res = await pool.query(toConfig(sql, params, opts));
      return res.rows as R[];
    },
    async tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const q: Queryable = {
          async query<R extends Row>(sql: string, params?: readonly unknown[], opts?: QueryOptions) {
            const res = await client.query(toConfig(sql, params, opts));
            return res.rows as R[];
          },
        };
        const result = await fn(q);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
      await onClose();
    },
  };
}

export async function openDb(opts: DbOptions): Promise<Db> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 });
    // An idle pooled connection the server closes (a restart, a failover, pg_terminate_backend, DROP DATABASE ...
    // WITH (FORCE)) is reported as a pool 'error'; without a listener that crashes the process. The pool has already
    // dropped the connection and opens a new one for the next query, so there is nothing else to do.
    pool.on('error', () => undefined);
    await pool.query('select 1');
    return wrapPool(pool, 'postgres', async () => undefined);
  }
  const dataDir = opts.dataDir ?? './data';
  let lock: DataDirLock | undefined;
  let pglite: PGlite;
  if (dataDir === 'memory://') {
    pglite = new PGlite();
  } else {
    lock = acquireDataDirLock(dataDir);
    try {
      pglite = new PGlite(path.join(dataDir, 'pg'));
    } catch (err) {
      lock.release();
      throw err;
    }
  }
  try {
    await pglite.waitReady;
  } catch (err) {
    lock?.release();
    throw err;
  }
  const pool = new pg.Pool(createPgConfig(pglite) as unknown as pg.PoolConfig);
  return wrapPool(pool, 'pglite', async () => {
    await pglite.close();
    lock?.release();
  });
}
