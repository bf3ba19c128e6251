// An API under test: real server (Fastify inject, no socket), real database, frozen clock, seeded fixtures.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildServer } from '../../src/api/server.ts';
import { fixedClock } from '../../src/services/clock.ts';
import type { ServiceContext } from '../../src/services/context.ts';
import { createTestDb, type TestDbKind } from './db.ts';
import { seedFixtures, type Fixtures } from './fixtures.ts';

export type TestApi = {
  app: FastifyInstance;
  ctx: ServiceContext;
  clock: ReturnType<typeof fixedClock>;
  fx: Fixtures;
  /** Logs in and returns the session cookie header value. */
  login(username: string, password?: string): Promise<string>;
  req(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    opts?: { cookie?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
};

export const NOW = '2026-06-15T15:00:00.000Z';

export async function createTestApi(kind: TestDbKind, settings: Partial<ServiceContext['settings']> = {}): Promise<TestApi> {
  const db = await createTestDb(kind);
  const clock = fixedClock(NOW);
  const ctx: ServiceContext = {
    db,
    clock,
    settings: { sessionMinutes: 30, sessionAbsoluteHours: 12, loginMaxFailures: 5, loginWindowMinutes: 15, ...settings },
  };
  const fx = await seedFixtures(db);
  const app = await buildServer(ctx, { secureCookies: false, logLevel: process.env['TEST_LOG_LEVEL'] ?? 'silent', webDist: null });
  const api: TestApi = {
    app,
    ctx,
    clock,
    fx,
    async req(method, url, opts = {}) {
      const headers: Record<string, string> = { ...(opts.headers ?? {}) };
      if (opts.cookie) headers['cookie'] = opts.cookie;
      return app.inject({
        method,
        url,
        headers,
        ...(opts.body === undefined ? {} : typeof opts.body === 'string' ? { payload: opts.body } : { payload: opts.body as object }),
      });
    },
    async login(username, password = fx.password) {
      const res = await api.req('POST', '/api/auth/login', { body: { username, password } });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      const cookie = res.cookies.find((c) => c.name === 'openmtm_session');
      if (!cookie) throw new Error('no session cookie');
      return `openmtm_session=${cookie.value}`;
    },
    async close() {
      await app.close();
      await db.drop();
    },
  };
  return api;
}
