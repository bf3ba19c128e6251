// The `openmtm` command. Each command validates its arguments and prints a clear message on bad input.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { demoBanner, openConfiguredDb, startApp } from '../app.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { isIsoDate } from '../domain/codes.ts';
import { toDay } from '../domain/days.ts';
import { AppError } from '../domain/errors.ts';
import { ROLES, type Role } from '../domain/roles.ts';
import { isoDay } from '../services/clock.ts';
import { DataDirLockedError } from '../store/lock.ts';
import { migrate } from '../store/migrate.ts';
import { COMMANDS, usage } from './commands.ts';
import { createOrganization, createUser } from './admin.ts';
import { seedDemo } from '../jobs/seed-demo.ts';
import { writePopulation } from '../jobs/generate-population.ts';
import { importPopulation } from '../jobs/import-population.ts';
import { measuresFromFiles } from '../jobs/measures-from-files.ts';
import { importClaims } from '../jobs/import-claims.ts';
import { RunUsageError, measuresRunCommand, workCommand } from './population-runs.ts';
import { loadCrosswalk } from '../jobs/product-classifier.ts';
import { loadCutPoints } from './cut-points.ts';
import { starRating } from '../engines/adherence/star-rating.ts';
import { findOrganizationByName } from '../store/users.repository.ts';
import { ScreenInputError, screenFile } from './screen.ts';
import { ImportFhirUsageError, importFhirCommand } from './import-fhir.ts';
import { TakeawayUsageError, takeawayCommand } from './takeaway.ts';
import { TargetUsageError, targetCommand } from './target.ts';
import { targetRunCommand } from './target-run.ts';
import { MtmReportUsageError, mtmReportCommand } from './mtm-report.ts';
import { KnowledgeFileError } from '../knowledge/screening/index.ts';

class UsageError extends Error {}

function intArg(v: string | undefined, name: string, def: number): number {
  if (v === undefined) return def;
  if (!/^\d+$/.test(v)) throw new UsageError(`--${name} must be a whole number, got "${v}"`);
  return Number(v);
}

function dateArg(v: string | undefined, name: string, def: string): string {
  if (v === undefined) return def;
  if (!isIsoDate(v)) throw new UsageError(`--${name} must be a date as YYYY-MM-DD, got "${v}"`);
  return v;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    console.log(usage());
    return 0;
  }
  const spec = COMMANDS[command];
  if (!spec) throw new UsageError(`Unknown command "${command}".\n\n${usage()}`);
  const { values, positionals } = parseArgs({ args: rest, options: spec.options, allowPositionals: true, strict: true });
  const v = values as Record<string, string | boolean | undefined>;
  const str = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
  const today = isoDay(new Date());

  switch (command) {
    case 'start': {
      const config = loadConfig(undefined, {
        ...(v['demo'] ? { demo: true } : {}),
        ...(str('port') !== undefined ? { port: intArg(str('port'), 'port', 3000) } : {}),
      });
      const running = await startApp(config, { log: (l) => console.log(l) });
      console.log(config.demo ? demoBanner(running.url, running.db.kind) : `OpenMTM is running at ${running.url} (database: ${running.db.kind})`);
      const stop = async () => {
        await running.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      return -1; // keep running
    }
    case 'migrate': {
      const db = await openConfiguredDb(loadConfig());
      try {
        const applied = await migrate(db);
        console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
      } finally {
        await db.close();
      }
      return 0;
    }
    case 'seed': {
      const db = await openConfiguredDb(loadConfig());
      try {
        await migrate(db);
        const done = await seedDemo(db, { asOf: dateArg(str('as-of'), 'as-of', today), patients: intArg(str('patients'), 'patients', 250), onProgress: console.log });
        console.log(done ? 'Seeded the demo pharmacy.' : 'The database already has organisations; nothing seeded.');
      } finally {
        await db.close();
      }
      return 0;
    }
    case 'generate': {
      const out = str('out');
      if (!out) throw new UsageError('generate needs --out DIR');
      const patients = intArg(str('patients'), 'patients', 1000);
      const t0 = Date.now();
      await writePopulation({
        out,
        patients,
        seed: intArg(str('seed'), 'seed', 1),
        asOf: dateArg(str('as-of'), 'as-of', today),
        onProgress: (n: number) => process.stderr.write(`\rgenerated ${n}/${patients}`),
      });
      process.stderr.write('\n');
      console.log(`Wrote ${patients} patients to ${out} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      return 0;
    }
    case 'import': {
      const dir = positionals[0];
      const orgName = str('org');
      if (!dir || !orgName) throw new UsageError('import needs a directory and --org NAME');
      for (const f of ['prescribers.ndjson', 'patients.ndjson']) {
        if (!fs.existsSync(path.join(dir, f))) throw new UsageError(`${path.join(dir, f)} does not exist: is ${dir} a population directory?`);
      }
      const db = await openConfiguredDb(loadConfig());
      try {
        await migrate(db);
        let org = await findOrganizationByName(db, orgName);
        if (!org) {
          if (!v['create-org']) throw new UsageError(`No organisation named "${orgName}". Add --create-org to create it.`);
          org = { id: await createOrganization(db, orgName, 'pharmacy') };
        }
        const t0 = Date.now();
        const counts = await importPopulation(db, {
          orgId: org.id,
          dir,
          onProgress: (n, phase) => process.stderr.write(`\r${phase === 'validate' ? 'validated' : 'imported'} ${n} patients   `),
        });
        process.stderr.write('\n');
        console.log(JSON.stringify(counts, null, 2));
        console.log(`Import finished in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      } finally {
        await db.close();
      }
      return 0;
    }
    case 'import-fhir': {
      await importFhirCommand(positionals[0], str('org'), v['create-org'] === true);
      return 0;
    }
    case 'import-claims': {
      const file = positionals[0];
      const orgName = str('org');
      const format = str('format');
      if (!file || !orgName) throw new UsageError('import-claims needs a file and --org NAME');
      if (format !== undefined && format !== 'csv' && format !== 'pde' && format !== 'fhir') throw new UsageError('--format must be csv, pde or fhir');
      if (!fs.existsSync(file)) throw new UsageError(`${file} does not exist`);
      const db = await openConfiguredDb(loadConfig());
      try {
        await migrate(db);
        const org = await findOrganizationByName(db, orgName);
        if (!org) throw new UsageError(`No organisation named "${orgName}"`);
        const r = await importClaims(db, { orgId: org.id, file, format, crosswalk: loadCrosswalk(str('crosswalk')), onProgress: (n) => process.stderr.write(`\rimported ${n} claims   `) });
        console.log(`${r.format.toUpperCase()}: ${r.rows} claims, ${r.inserted} added, ${r.existing} already present, ${r.reversed} reversed`);
      } finally {
        await db.close();
      }
      return 0;
    }
    case 'measures': {
      const [claims, members, out] = [str('claims'), str('members'), str('out')];
      if (!claims || !members || !out) throw new UsageError('measures needs --claims FILE, --members FILE, --year YYYY and --out FILE');
      const yearText = str('year');
      if (!yearText || !/^(19|20)\d\d$/.test(yearText)) throw new UsageError(`--year must be a year such as 2025, got "${yearText ?? ''}"`);
      const cutPoints = loadCutPoints(str('cut-points'));
      const t0 = Date.now();
      const summary = await measuresFromFiles({
        claims,
        members,
        out,
        inpatient: str('inpatient'),
        year: Number(yearText),
        classifier: { valueSets: str('value-sets'), crosswalk: str('crosswalk') },
        asOf: toDay(dateArg(str('as-of'), 'as-of', today)),
        rescueOut: str('rescue'),
        workers: str('workers') === undefined ? undefined : intArg(str('workers'), 'workers', 0),
        onProgress: (step, done, total) => process.stderr.write(`\r${step === 'partition' ? 'claims read' : 'members evaluated'}: ${Math.floor((100 * done) / total)}%   `),
      });
      process.stderr.write('\n');
      console.log(`${summary.members} members, ${summary.claims} claims -> ${out} in ${((Date.now() - t0) / 1000).toFixed(1)} s (${summary.workers || 'no'} worker threads, ${summary.shards} shards)`);
      for (const [m, r] of Object.entries(summary.rates)) {
        const cut = cutPoints?.measures[m];
        const stars = cut && r.rate !== null ? `  ${starRating(r.rate, cut)} stars (${cutPoints!.source})` : '';
        console.log(`  ${m.padEnd(9)} ${String(r.numerator).padStart(7)} / ${String(r.denominator).padEnd(7)} ${r.rate === null ? '' : (100 * r.rate).toFixed(1) + '%'}${stars}`);
      }
      if (str('rescue')) console.log(`  ${summary.rescue} member-measures can still reach 80% with one refill -> ${str('rescue')}`);
      if (summary.unclassifiedClaims > 0) {
        console.warn(`warning: ${summary.unclassifiedClaims} claims have codes the class lists do not know (e.g. ${summary.unclassifiedCodes.slice(0, 5).join(', ')}); they were left out, see the unclassified_claims column`);
      }
      return 0;
    }
    case 'measures-run': {
      await measuresRunCommand({ org: str('org'), year: str('year'), asOf: dateArg(str('as-of'), 'as-of', today), resume: str('resume') });
      return 0;
    }
    case 'work': {
      await workCommand({ follow: v['follow'] === true });
      return 0;
    }
    case 'target-run': {
      await targetRunCommand({
        org: str('org'), programId: str('program-id'), program: str('program'), year: str('year'), asOf: str('as-of'), resume: str('resume'), out: str('out'),
      });
      return 0;
    }
    case 'target': {
      await targetCommand({
        program: str('program'), year: str('year'), claims: str('claims'), members: str('members'), conditions: str('conditions'), out: str('out'),
        asOf: str('as-of'), costThreshold: str('cost-threshold'), minCoreDiseases: str('min-core-diseases'), minDrugs: str('min-drugs'),
        contract: str('contract'), drugLookbackDays: str('drug-lookback-days'), crosswalk: str('crosswalk'), today,
        workers: str('workers') === undefined ? undefined : intArg(str('workers'), 'workers', 0),
        onProgress: (step, done, total) => process.stderr.write(`\r${step === 'partition' ? 'claims read' : 'members evaluated'}: ${Math.floor((100 * done) / total)}%   `),
      });
      process.stderr.write('\n');
      return 0;
    }
    case 'screen': {
      const file = positionals[0];
      if (!file) throw new UsageError('screen needs a FHIR R4 Bundle file: openmtm screen <bundle.json> [--as-of YYYY-MM-DD]');
      const out = screenFile(file, { asOf: dateArg(str('as-of'), 'as-of', today), patientId: str('patient'), knowledgeDir: str('knowledge') ?? loadConfig().knowledgeDir });
      for (const w of out.warnings) console.error(`openmtm: warning: ${w}`);
      console.log(out.json);
      return 0;
    }
    case 'takeaway': {
      const r = await takeawayCommand({
        file: positionals[0],
        lang: str('lang'),
        out: str('out'),
        format: str('format'),
        asOf: dateArg(str('as-of'), 'as-of', today),
        patientId: str('patient'),
        knowledgeDir: str('knowledge') ?? loadConfig().knowledgeDir,
        pharmacist: str('pharmacist'),
        contact: str('contact'),
        plan: str('plan'),
      });
      for (const w of r.warnings) console.error(`openmtm: warning: ${w}`);
      for (const n of r.reviewNotes) console.error(`openmtm: review: ${n}`);
      console.log(`Wrote a draft ${r.format.toUpperCase()} takeaway (${r.actionItems} proposed action items, ${r.medications} medications) to ${r.out}`);
      return 0;
    }
    case 'mtm-report': {
      await mtmReportCommand({ org: str('org'), contract: str('contract'), year: str('year'), out: str('out') });
      return 0;
    }
    case 'create-org': {
      const name = str('name');
      const kind = str('kind') ?? 'pharmacy';
      if (!name) throw new UsageError('create-org needs --name');
      if (!['pharmacy', 'clinic', 'vendor', 'plan'].includes(kind)) throw new UsageError('--kind must be pharmacy, clinic, vendor or plan');
      const db = await openConfiguredDb(loadConfig());
      try {
        await migrate(db);
        console.log(`Created organisation ${await createOrganization(db, name, kind as 'pharmacy')}`);
      } finally {
        await db.close();
      }
      return 0;
    }
    case 'create-user': {
      const [org, username, role, name] = [str('org'), str('username'), str('role'), str('name')];
      if (!org || !username || !role || !name) throw new UsageError('create-user needs --org, --username, --role and --name; the password is read from standard input');
      if (!(ROLES as readonly string[]).includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
      const password = await readStdin();
      const db = await openConfiguredDb(loadConfig());
      try {
        await migrate(db);
        console.log(`Created user ${await createUser(db, { org, username, role: role as Role, displayName: name, password })}`);
      } finally {
        await db.close();
      }
      return 0;
    }
  }
  return 0;
}

export async function run(argv: string[]): Promise<void> {
  try {
    const code = await main(argv);
    if (code >= 0) process.exitCode = code;
  } catch (err) {
    if (err instanceof UsageError || err instanceof ConfigError || err instanceof DataDirLockedError || err instanceof ScreenInputError || err instanceof ImportFhirUsageError || err instanceof KnowledgeFileError || err instanceof TakeawayUsageError || err instanceof TargetUsageError || err instanceof MtmReportUsageError || err instanceof RunUsageError) {
      console.error(`openmtm: ${err.message}`);
      process.exitCode = 2;
    } else if (err instanceof AppError) {
      console.error(`openmtm: ${err.message}`);
      for (const i of err.issues) console.error(`  ${i.pointer}: ${i.message}`);
      process.exitCode = 1;
    } else if (err instanceof TypeError && (err as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`openmtm: ${err.message}\n\n${usage()}`);
      process.exitCode = 2;
    } else {
      throw err;
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run(process.argv.slice(2));
