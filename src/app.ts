// Wires configuration, database, services and HTTP server together; used by `openmtm start` and tests.
import type { FastifyInstance } from 'fastify';
import { buildServer } from './api/server.ts';
import type { Config } from './config.ts';
import { loadKnowledge } from './jobs/knowledge-dir.ts';
import { DEMO_USERS, seedDemo } from './jobs/seed-demo.ts';
import { startRunRunner, type RunRunner } from './jobs/run-runner.ts';
import { loadCrosswalk, measureClassifier } from './jobs/product-classifier.ts';
import { shippedDrugIdentifier } from './jobs/drug-identifier.ts';
import { isoDay, systemClock, type Clock } from './services/clock.ts';
import type { ServiceContext, ServiceSettings } from './services/context.ts';
import { openDb, type Db } from './store/db.ts';
import { migrate } from './store/migrate.ts';
import { countUsers } from './store/users.repository.ts';

export function settingsFrom(config: Config): ServiceSettings {
  return {
    sessionMinutes: config.sessionMinutes,
    sessionAbsoluteHours: 12,
    loginMaxFailures: config.loginMaxFailures,
    loginWindowMinutes: config.loginWindowMinutes,
  };
}

export async function openConfiguredDb(config: Config): Promise<Db> {
  return openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
}

export type RunningApp = { app: FastifyInstance; db: Db; url: string; seeded: boolean; runner: RunRunner; close(): Promise<void> };

export async function startApp(
  config: Config,
  opts: {
    clock?: Clock;
    webDist?: string | null;
    log?: (line: string) => void;
    demoPatients?: number;
    /** The day the demo data is generated for (default: today). Tests pin it so the demo is the same every run. */
    demoAsOf?: string;
  } = {},
): Promise<RunningApp> {
  const log = opts.log ?? (() => undefined);
  const clock = opts.clock ?? systemClock;
  const db = await openConfiguredDb(config);
  try {
    const applied = await migrate(db);
    if (applied.length) log(`Applied migrations: ${applied.join(', ')}`);
    let seeded = false;
    if (config.demo) {
      seeded = await seedDemo(db, { asOf: opts.demoAsOf ?? isoDay(clock.now()), patients: opts.demoPatients, onProgress: log });
      if (seeded) log('Seeded the demo pharmacy.');
    }
    if ((await countUsers(db)) === 0) {
      log('No users yet. Create an organisation and its first user with `openmtm create-org` and `openmtm create-user`, or start with --demo.');
    }
    const measureClasses = measureClassifier({ valueSets: config.measureValueSets, crosswalk: config.ndcCrosswalk });
    const knowledge = loadKnowledge(config.knowledgeDir);
    const runner = startRunRunner(db, clock, log, { classify: measureClasses.classify, identify: shippedDrugIdentifier(loadCrosswalk(config.ndcCrosswalk)), knowledge });
    const ctx: ServiceContext = { db, clock, settings: settingsFrom(config), knowledge, runner, measureClassifier: measureClasses };
    try {
      const app = await buildServer(ctx, { secureCookies: config.secureCookies, logLevel: config.logLevel, webDist: opts.webDist });
      const address = await app.listen({ port: config.port, host: config.host });
      return {
        app,
        db,
        url: address,
        seeded,
        runner,
        async close() {
          await app.close();
          await runner.close();
          await db.close();
        },
      };
    } catch (err) {
      await runner.close();
      throw err;
    }
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
}

export function demoBanner(url: string, dbKind: string): string {
  const rows = DEMO_USERS.map((u) => `  ${u.username.padEnd(12)} ${u.password.padEnd(22)} ${u.role.padEnd(11)} ${u.org}`);
  return [
    `OpenMTM is running at ${url} (database: ${dbKind})`,
    `API docs: ${url}/docs`,
    '',
    'DEMO MODE: synthetic patients only. Demo users (username, password, role, organisation):',
    ...rows,
  ].join('\n');
}
