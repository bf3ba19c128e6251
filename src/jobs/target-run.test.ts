// Part D targeting runs over the database: the same answer per member as `openmtm target` on the same generated
// population's files, automatic enrollment that never re-enrolls and never duplicates, and a failing shard that
// fails the run without enrolling anyone.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTestDb, testDbKinds } from '../../test/helpers/db.ts';
import { parsePartdProgram } from '../engines/targeting/program.ts';
import { splitCsvLine } from '../interop/csv.ts';
import { targetResultsCsv } from '../interop/target-results-csv.ts';
import { targetCommand } from '../cli/target.ts';
import { fixedClock } from '../services/clock.ts';
import type { Db } from '../store/db.ts';
import { findTargetRun, targetRunResults } from '../store/target-runs.repository.ts';
import { generatePrescribers } from '../synthetic/index.ts';
import { writePopulation } from './generate-population.ts';
import { importPopulation } from './import-population.ts';
import { continueTargetRun, startTargetRun, workOnTargetRuns } from './target-run.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'openmtm-target-run-'));
const POP = path.join(tmp, 'pop');
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

// A plan's program looser than CMS on cost and drugs, so reasons 01 and 04 both occur in a small population.
const CRITERIA = { minCoreDiseases: 2, minDrugs: 6, costThreshold: 1200 };
const AS_OF = '2025-11-30';
// Patients marked DMP at risk in the record and in the members file alike (the generator has no DMP).
const DMP = [['2025-03-10', null], ['2025-08-01', '2026-01-31'], ['2025-01-01', null], ['2025-05-20', null]] as const;

type Row = Record<string, string>;
function readCsv(text: string): Row[] {
  const [head, ...lines] = text.trim().split('\n');
  const cols = splitCsvLine(head!);
  return lines.map((l) => Object.fromEntries(splitCsvLine(l).map((v, i) => [cols[i]!, v])));
}

for (const kind of testDbKinds()) {
  describe(`targeting runs (${kind})`, () => {
    let db: Db & { drop(): Promise<void> };
    let orgId: string;
    let programId: string;
    let dmpMembers: Map<string, string>;
    const clock = fixedClock('2026-01-15T12:00:00Z');
    before(async () => {
      if (!fs.existsSync(path.join(POP, 'manifest.json'))) {
        await writePopulation({ out: POP, patients: 200, seed: 5, asOf: '2025-12-20', prescribers: generatePrescribers(5, 12) });
      }
      db = await createTestDb(kind);
      orgId = (await db.query<{ id: string }>(`INSERT INTO organizations (name, kind) VALUES ('Target Plan', 'plan') RETURNING id`))[0]!.id;
      const userId = (await db.query<{ id: string }>(`INSERT INTO users (org_id, username, display_name, role, password_hash) VALUES ($1, 'tm', 'T M', 'manager', 'x') RETURNING id`, [orgId]))[0]!.id;
      await importPopulation(db, { orgId, dir: POP });
      const criteria = parsePartdProgram({ kind: 'partd', year: 2025, ...CRITERIA });
      programId = (await db.query<{ id: string }>(
        `INSERT INTO programs (org_id, name, kind, year, criteria, created_by) VALUES ($1, 'Part D 2025', 'partd', 2025, $2, $3) RETURNING id`,
        [orgId, JSON.stringify({ ...criteria, cmsCostThreshold: undefined }), userId],
      ))[0]!.id;
      // DMP status on four Part D members, in the record and the same in a copy of the members file.
      const picked = await db.query<{ id: string; member: string }>(
        `SELECT p.id, c.member_id AS member FROM patients p JOIN coverages c ON c.patient_id = p.id AND c.kind = 'medicare_part_d'
          WHERE p.org_id = $1 AND p.deceased_date IS NULL AND (c.end_date IS NULL) ORDER BY c.member_id LIMIT 4`,
        [orgId],
      );
      dmpMembers = new Map();
      for (const [i, p] of picked.entries()) {
        const [on, until] = DMP[i]!;
        await db.query('UPDATE patients SET dmp_at_risk_on = $2, dmp_at_risk_until = $3 WHERE id = $1', [p.id, on, until]);
        dmpMembers.set(p.member, on);
      }
      const lines = fs.readFileSync(path.join(POP, 'members.csv'), 'utf8').trim().split('\n');
      const out = [`${lines[0]},dmp_date`, ...lines.slice(1).map((l) => {
        const id = l.split(',')[0]!;
        const on = dmpMembers.get(id);
        return on ? `${l.replace(/,0$/, ',1')},${on}` : `${l},`;
      })];
      fs.writeFileSync(path.join(tmp, 'members-dmp.csv'), out.join('\n') + '\n');
    });
    after(() => db.drop());

    it('gives every Part D member the same eligibility, reason, date met, diseases, drugs, cost and notes as the file run', async (t) => {
      const runId = await startTargetRun(db, clock, { orgId, programId, asOf: AS_OF, shardSize: 60 });
      const partial = await continueTargetRun(db, clock, orgId, runId, { maxShards: 1 });
      assert.deepEqual([partial.status, partial.membersDone, partial.shardsTotal], ['running', 60, 4]);
      const run = await continueTargetRun(db, clock, orgId, runId);
      assert.deepEqual([run.status, run.membersDone, run.shardsDone], ['done', 200, 4]);

      const filesOut = path.join(tmp, `targets-${kind}.csv`);
      await targetCommand({
        program: 'partd', year: '2025', claims: path.join(POP, 'claims.csv'), members: path.join(tmp, 'members-dmp.csv'), conditions: path.join(POP, 'conditions.csv'),
        out: filesOut, asOf: AS_OF, minCoreDiseases: String(CRITERIA.minCoreDiseases), minDrugs: String(CRITERIA.minDrugs),
        costThreshold: String(CRITERIA.costThreshold), today: '2026-01-15', log: () => undefined,
      });
      const files = new Map(readCsv(fs.readFileSync(filesOut, 'utf8')).map((r) => [r['member_id']!, r]));
      const stored = await targetRunResults(db, orgId, runId);
      const dbRows = readCsv(targetResultsCsv(stored));
      assert.equal(dbRows.length, 200);
      let same = 0;
      let notPartD = 0;
      let notPartDFileEligible = 0;
      const reasons: Record<string, number> = {};
      for (const d of dbRows) {
        const f = files.get(d['member_id']!);
        assert.ok(f, `member ${d['member_id']} is in the file run`);
        if (d['notes']!.startsWith('no Part D or Medicare Advantage coverage')) {
          // The record knows the coverage kind; the members file does not: no Part D coverage in the year, no Part D
          // targeting (the file run evaluates such members over their other coverage).
          assert.deepEqual([d['eligible'], d['reason_code'], d['date_met']], ['0', '', ''], d['member_id']);
          notPartD++;
          if (f['eligible'] === '1') notPartDFileEligible++;
          continue;
        }
        const { patient_id: _p, ...rest } = d;
        assert.deepEqual(rest, f, `member ${d['member_id']}`);
        if (d['eligible'] === '1') reasons[d['reason_code']!] = (reasons[d['reason_code']!] ?? 0) + 1;
        same++;
      }
      assert.equal(same + notPartD, 200);
      assert.ok(same > 150, `most generated patients are Part D members (${same})`);
      // The population exercises every reason code the program can give.
      for (const code of ['01', '02', '03', '04']) assert.ok((reasons[code] ?? 0) > 0, `reason ${code} occurs: ${JSON.stringify(reasons)}`);
      const s = run.summary!;
      assert.equal(s.eligible, Object.values(reasons).reduce((a, b) => a + b, 0));
      assert.deepEqual(s.byReason, { '01': reasons['01'] ?? 0, '02': reasons['02'] ?? 0, '03': reasons['03'] ?? 0, '04': reasons['04'] ?? 0 });
      t.diagnostic(`equivalence (${kind}): ${same} Part D members identical to the file run in every column; ${notPartD} without Part D coverage in 2025 ` +
        `(not eligible here, ${notPartDFileEligible} eligible in the file run); eligible by reason ${JSON.stringify(reasons)}`);

      // Every eligible patient is enrolled on the date met, by this run, audited; no one else.
      const enrolled = await db.query<{ patientId: string; enrolledOn: string; optedOut: string | null }>(
        `SELECT patient_id AS "patientId", enrolled_on AS "enrolledOn", opt_out_reason AS "optedOut" FROM enrollments WHERE program_id = $1 AND source_run_id = $2`,
        [programId, runId],
      );
      const eligible = stored.filter((r) => r.eligible);
      assert.equal(enrolled.length, eligible.length);
      assert.equal(s.enrolledNow, eligible.length);
      for (const e of enrolled) assert.equal(e.enrolledOn, eligible.find((r) => r.patientId === e.patientId)!.dateMet);
      const deceased = enrolled.filter((e) => e.optedOut === '01').length;
      assert.equal(s.enrolledDeceased, deceased);
      const audits = await db.query<{ action: string; n: number }>(
        `SELECT action, count(*)::int AS n FROM audit_log WHERE detail->'source'->>'runId' = $1 GROUP BY action ORDER BY action`, [runId],
      );
      assert.deepEqual(audits, [{ action: 'enrollment.create', n: enrolled.length }, ...(deceased ? [{ action: 'enrollment.opt-out', n: deceased }] : [])]);
    });

    it('re-running enrolls no one twice and never re-enrolls an opt-out', async () => {
      const first = (await db.query<{ id: string; patientId: string }>(
        `SELECT id, patient_id AS "patientId" FROM enrollments WHERE program_id = $1 AND opted_out_on IS NULL ORDER BY patient_id LIMIT 1`, [programId],
      ))[0]!;
      await db.query(`UPDATE enrollments SET opted_out_on = '2025-12-01', opt_out_reason = '03' WHERE id = $1`, [first.id]);
      const before = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM enrollments WHERE program_id = $1', [programId]))[0]!.n;
      // Opted out now: the one above, and those the first run enrolled after their death (01).
      const optedOutBefore = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM enrollments WHERE program_id = $1 AND opted_out_on IS NOT NULL', [programId]))[0]!.n;
      assert.ok(optedOutBefore >= 1, 'the first run left at least one opt-out');
      const runId = await startTargetRun(db, clock, { orgId, programId, asOf: AS_OF, shardSize: 80 });
      assert.equal(await workOnTargetRuns(db, clock, { runId }), 3);
      const run = (await findTargetRun(db, orgId, runId))!;
      const s = run.summary!;
      assert.deepEqual([s.enrolledNow, s.optedOut, s.alreadyEnrolled, s.notEnrolled], [0, optedOutBefore, s.eligible - optedOutBefore, 0]);
      assert.equal((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM enrollments WHERE program_id = $1', [programId]))[0]!.n, before);
      const optedOut = (await targetRunResults(db, orgId, runId)).find((r) => r.patientId === first.patientId)!;
      assert.equal(optedOut.enrollment, 'opted-out');
    });

    it('fails a run whose shard keeps failing, enrolls no one, and refuses a bad as-of date', async () => {
      const enrollmentsBefore = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM enrollments'))[0]!.n;
      const runId = await startTargetRun(db, clock, { orgId, programId, asOf: AS_OF, shardSize: 100 });
      const broken = { ...db, query: db.query.bind(db), tx: db.tx.bind(db), kind: db.kind, close: db.close.bind(db) };
      broken.query = (async (sql: string, params?: readonly unknown[]) => {
        const rows = await db.query(sql, params);
        if (sql.includes('AS inputs')) for (const r of rows as { inputs: { fills: { fillDate: string }[] } }[]) for (const f of r.inputs.fills) f.fillDate = 'not a date';
        return rows;
      }) as Db['query'];
      for (let i = 0; i < 3; i++) await workOnTargetRuns(broken, clock, { runId, maxShards: 1 });
      const run = (await findTargetRun(db, orgId, runId))!;
      assert.equal(run.status, 'failed');
      assert.match(run.error!, /^shard 0 failed 3 times: /);
      assert.equal(run.summary, null);
      assert.equal((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM enrollments'))[0]!.n, enrollmentsBefore);
      await assert.rejects(startTargetRun(db, clock, { orgId, programId, asOf: '2026-02-01' }), /in the future/);
      await assert.rejects(startTargetRun(db, clock, { orgId, programId, asOf: '2024-12-31' }), /before the program year/);
    });
  });
}
