// `openmtm target-run --org NAME (--program-id ID | --program NAME [--year YYYY]) [--as-of D] [--out targets.csv]`
// (start a targeting run of a program in the database — Part D or a panel program — and work on it until done;
// more machines can help with `openmtm work`) and `--resume RUN_ID` (carry on with a run). Prints eligibility by
// reason code (Part D) or by decision (panels) and what the automatic enrollment did; --out writes the results in
// `openmtm target`'s output layout (Part D) or the panel layout (docs/targeting.md).
import fs from 'node:fs';
import path from 'node:path';
import { openConfiguredDb } from '../app.ts';
import { loadConfig } from '../config.ts';
import { shippedDrugIdentifier } from '../jobs/drug-identifier.ts';
import { loadKnowledge } from '../jobs/knowledge-dir.ts';
import { loadCrosswalk, measureClassifier } from '../jobs/product-classifier.ts';
import { isIsoDate } from '../domain/codes.ts';
import { panelResultsCsv, targetResultsCsv } from '../interop/target-results-csv.ts';
import { continueTargetRun, startTargetRun } from '../jobs/target-run.ts';
import { systemClock } from '../services/clock.ts';
import type { Db } from '../store/db.ts';
import { migrate } from '../store/migrate.ts';
import { findProgram, findProgramsByName } from '../store/programs.repository.ts';
import { targetRunResults } from '../store/target-runs.repository.ts';
import { findOrganizationByName } from '../store/users.repository.ts';
import { RunUsageError } from './population-runs.ts';

export type TargetRunOptions = {
  org?: string | undefined; programId?: string | undefined; program?: string | undefined; year?: string | undefined;
  asOf?: string | undefined; resume?: string | undefined; out?: string | undefined;
};

const USAGE = 'target-run needs --org NAME and --program-id ID or --program NAME [--year YYYY] (or --resume RUN_ID)';

async function programId(db: Db, orgId: string, o: TargetRunOptions): Promise<string> {
  if (o.programId) {
    if (!/^[0-9a-f-]{36}$/i.test(o.programId) || !(await findProgram(db, orgId, o.programId))) throw new RunUsageError(`No program with id ${o.programId} in ${o.org}`);
    return o.programId;
  }
  if (!o.program) throw new RunUsageError(USAGE);
  if (o.year !== undefined && !/^20\d\d$/.test(o.year)) throw new RunUsageError(`--year must be a year such as 2025, got "${o.year}"`);
  const found = (await findProgramsByName(db, orgId, o.program)).filter((p) => o.year === undefined || p.year === Number(o.year));
  if (found.length === 0) throw new RunUsageError(`No program named "${o.program}"${o.year ? ` for ${o.year}` : ''} in ${o.org}`);
  if (found.length > 1) throw new RunUsageError(`"${o.program}" exists for ${found.map((p) => p.year).join(', ')}: add --year`);
  return found[0]!.id;
}

export async function targetRunCommand(o: TargetRunOptions): Promise<void> {
  if (!o.org) throw new RunUsageError(USAGE);
  if (o.asOf !== undefined && !isIsoDate(o.asOf)) throw new RunUsageError(`--as-of must be a date as YYYY-MM-DD, got "${o.asOf}"`);
  if (o.out !== undefined && !fs.existsSync(path.dirname(path.resolve(o.out)))) throw new RunUsageError(`the folder of --out ${o.out} does not exist`);
  const config = loadConfig();
  const identify = shippedDrugIdentifier(loadCrosswalk(config.ndcCrosswalk));
  const classes = measureClassifier({ valueSets: config.measureValueSets, crosswalk: config.ndcCrosswalk });
  const knowledge = loadKnowledge(config.knowledgeDir);
  const db = await openConfiguredDb(config);
  try {
    await migrate(db);
    const org = await findOrganizationByName(db, o.org);
    if (!org) throw new RunUsageError(`No organisation named "${o.org}"`);
    let runId = o.resume;
    if (!runId) {
      const id = await programId(db, org.id, o);
      runId = await startTargetRun(db, systemClock, { orgId: org.id, programId: id, asOf: o.asOf, knowledge, classesLabel: classes.label });
      console.log(`Targeting run ${runId} started (resume with --resume ${runId}; more machines can help with openmtm work)`);
    }
    const run = await continueTargetRun(db, systemClock, org.id, runId, {
      identify,
      classify: classes.classify,
      knowledge,
      onProgress: (r) => process.stderr.write(`\r${r.membersDone}/${r.membersTotal} members   `),
      onError: (err, s) => console.error(`\nopenmtm: shard ${s.shard} of run ${s.runId} failed (it will be retried): ${err.message}`),
    });
    process.stderr.write('\n');
    if (run.status === 'failed') throw new RunUsageError(`Targeting run ${run.id} failed: ${run.error}`);
    if (run.status === 'running') {
      console.log(`Other workers are finishing run ${run.id}: ${run.shardsDone}/${run.shardsTotal} shards done`);
      return;
    }
    const s = run.summary!;
    const d = s.byDecision;
    console.log(d
      ? `${run.programName} (${run.programKind}, ${run.year}) as of ${run.asOf}: ${s.members} patients: ${d.qualifies} qualify, ` +
        `${d['could-not-assess']} could not be assessed (not enrolled), ${d.not} do not`
      : `${run.programName} (${run.year}) as of ${run.asOf}: ${s.members} patients, ${s.eligible} eligible ` +
        `(01: ${s.byReason['01']}, 02: ${s.byReason['02']}, 03: ${s.byReason['03']}, 04: ${s.byReason['04']})`);
    console.log(`  enrolled now ${s.enrolledNow}${s.enrolledDeceased ? ` (${s.enrolledDeceased} since died: opted out, 01 death)` : ''}, ` +
      `already enrolled ${s.alreadyEnrolled}, opted out earlier (not re-enrolled) ${s.optedOut}${s.notEnrolled ? `, not enrolled (program inactive) ${s.notEnrolled}` : ''}`);
    if (o.out) {
      const rows = await targetRunResults(db, org.id, run.id);
      fs.writeFileSync(o.out, run.programKind === 'partd' ? targetResultsCsv(rows) : panelResultsCsv(rows));
      console.log(`  results -> ${o.out}`);
    }
  } finally {
    await db.close();
  }
}
