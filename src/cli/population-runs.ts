// `openmtm measures-run` (start or resume a population measure run in the database and work on it) and
// `openmtm work` (take shards of any organisation's running measure and targeting runs: start it on more
// machines with the same DATABASE_URL to spread a run; --follow keeps it waiting for new runs).
import { openConfiguredDb } from '../app.ts';
import { loadConfig } from '../config.ts';
import { continueMeasureRun, startMeasureRun, workOnMeasureRuns } from '../jobs/measure-run.ts';
import { loadCrosswalk, measureClassifier } from '../jobs/product-classifier.ts';
import { shippedDrugIdentifier } from '../jobs/drug-identifier.ts';
import { loadKnowledge } from '../jobs/knowledge-dir.ts';
import { systemClock } from '../services/clock.ts';
import { migrate } from '../store/migrate.ts';
import type { Rates } from '../store/measure-runs.repository.ts';
import { workOnTargetRuns } from '../jobs/target-run.ts';
import { findOrganizationByName } from '../store/users.repository.ts';

export class RunUsageError extends Error {
  override name = 'RunUsageError';
}

const progress = (r: { membersDone: number; membersTotal: number }) => process.stderr.write(`\r${r.membersDone}/${r.membersTotal} members   `);
const warn = (err: Error, s: { runId: string; shard: number }) => console.error(`\nopenmtm: shard ${s.shard} of run ${s.runId} failed (it will be retried): ${err.message}`);

export function printRates(rates: Rates | null): void {
  for (const [m, r] of Object.entries(rates ?? {})) {
    console.log(`  ${m.padEnd(9)} ${String(r.numerator).padStart(7)} / ${String(r.denominator).padEnd(7)} ${r.rate === null ? '' : (100 * r.rate).toFixed(1) + '%'}`);
  }
}

export async function measuresRunCommand(o: { org?: string | undefined; year?: string | undefined; asOf: string; resume?: string | undefined }): Promise<void> {
  if (!o.org) throw new RunUsageError('measures-run needs --org NAME and --year YYYY (or --resume RUN_ID)');
  if (!o.resume && (!o.year || !/^(19|20)\d\d$/.test(o.year))) throw new RunUsageError(`--year must be a year such as 2025, got "${o.year ?? ''}"`);
  const config = loadConfig();
  const classes = measureClassifier({ valueSets: config.measureValueSets, crosswalk: config.ndcCrosswalk });
  const db = await openConfiguredDb(config);
  try {
    await migrate(db);
    const org = await findOrganizationByName(db, o.org);
    if (!org) throw new RunUsageError(`No organisation named "${o.org}"`);
    let runId = o.resume;
    if (!runId) {
      runId = await startMeasureRun(db, systemClock, { orgId: org.id, year: Number(o.year), asOf: o.asOf, classesLabel: classes.label });
      console.log(`Measure run ${runId} started (resume with --resume ${runId}; more machines can help with openmtm work)`);
    }
    const run = await continueMeasureRun(db, systemClock, org.id, runId, { onProgress: progress, onError: warn, classify: classes.classify });
    process.stderr.write('\n');
    if (run.status === 'failed') throw new RunUsageError(`Measure run ${run.id} failed: ${run.error}`);
    if (run.status === 'running') console.log(`Other workers are finishing run ${run.id}: ${run.shardsDone}/${run.shardsTotal} shards done`);
    printRates(run.rates);
  } finally {
    await db.close();
  }
}

export async function workCommand(o: { follow: boolean }): Promise<void> {
  const config = loadConfig();
  const classes = measureClassifier({ valueSets: config.measureValueSets, crosswalk: config.ndcCrosswalk });
  const identify = shippedDrugIdentifier(loadCrosswalk(config.ndcCrosswalk));
  const knowledge = loadKnowledge(config.knowledgeDir);
  const db = await openConfiguredDb(config);
  let stop = false;
  const onSignal = () => (stop = true);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await migrate(db);
    let total = 0;
    do {
      const n = await workOnMeasureRuns(db, systemClock, { onProgress: progress, onError: warn, maxShards: 1, classify: classes.classify });
      total += n;
      const t = await workOnTargetRuns(db, systemClock, { onProgress: progress, onError: warn, maxShards: 1, identify, classify: classes.classify, knowledge });
      total += t;
      if (n + t === 0 && o.follow && !stop) await new Promise((r) => setTimeout(r, 2000));
      if (n + t === 0 && !o.follow) break;
    } while (!stop);
    process.stderr.write('\n');
    console.log(`Completed ${total} shard${total === 1 ? '' : 's'}.`);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await db.close();
  }
}
