// The file-based population engine against a plain reading of the same files: the same result for every member and
// measure whatever the row order and the number of worker threads; reversals, duplicates, CRLF and quoted cells;
// problems located by file line across byte ranges.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { toDay } from '../../domain/days.ts';
import { ValidationError } from '../../domain/errors.ts';
import { evaluateMember } from '../../engines/adherence/measures.ts';
import { DEFAULT_SETTINGS, type Member, type MemberFill } from '../../engines/adherence/member.ts';
import { headerIndex, splitCsvLine } from '../../interop/csv.ts';
import { CLAIM_COLUMNS, MEMBER_COLUMNS, MEMBER_OPTIONAL, INPATIENT_COLUMNS, parseClaim, parseInpatient, parseMember } from '../../interop/measure-files.ts';
import { classKeysForProduct } from '../../knowledge/measure-classes.ts';
import { generatePrescribers } from '../../synthetic/index.ts';
import { writePopulation } from '../generate-population.ts';
import { measuresFromFiles, RESULTS_HEADER } from '../measures-from-files.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'openmtm-population-'));
const POP = path.join(tmp, 'pop');
const AS_OF = toDay('2025-10-15');
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

const lines = (f: string) => fs.readFileSync(f, 'utf8').split('\n').filter((l) => l !== '');

/** The expected results, computed the plain way: every row parsed as a string and each member built as objects. */
function reference(dir: string): string[] {
  const read = <T, I>(file: string, idx: (h: string) => I, parse: (f: string[], i: I) => { ok: true; row: T } | { ok: false }) => {
    const [header, ...rows] = lines(path.join(dir, file));
    const i = idx(header!);
    return rows.map((r) => {
      const p = parse(splitCsvLine(r), i);
      assert.ok(p.ok, 'every reference row parses');
      return p.row;
    });
  };
  const members = read('members.csv', (h) => headerIndex(h, MEMBER_COLUMNS, MEMBER_OPTIONAL), parseMember);
  const claims = read('claims.csv', (h) => headerIndex(h, CLAIM_COLUMNS), parseClaim);
  const stays = read('inpatient.csv', (h) => headerIndex(h, INPATIENT_COLUMNS), parseInpatient);
  const out = [RESULTS_HEADER];
  for (const m of members) {
    let unclassified = 0;
    const fills: MemberFill[] = [];
    for (const c of claims.filter((x) => x.memberId === m.memberId)) {
      const classes = classKeysForProduct({ rxcui: c.rxcui, ndc: c.ndc });
      if (!classes) unclassified++;
      else if (Object.keys(classes).length) fills.push({ day: c.day, daysSupply: c.daysSupply, classes });
    }
    const exclusions = new Set<'hospice' | 'esrd'>([...(m.hospice ? ['hospice' as const] : []), ...(m.esrd ? ['esrd' as const] : [])]);
    const member: Member = {
      id: m.memberId, birthDay: m.birthDay, deathDay: m.deathDay, exclusions, fills,
      enrollment: m.enrollStart === undefined ? undefined : [[m.enrollStart, m.enrollEnd]],
      inpatient: stays.filter((s) => s.memberId === m.memberId).map((s) => [s.admit, s.discharge] as const),
    };
    for (const r of evaluateMember(member, { ...DEFAULT_SETTINGS, year: 2025 }, AS_OF)) {
      out.push([m.memberId, r.measure, r.inDenominator ? 1 : 0, r.reason, r.pdc === null ? '' : r.pdc.toFixed(6), r.numerator, r.coveredDays ?? '', r.periodDays ?? '', unclassified].join(','));
    }
  }
  return out;
}

const run = (claims: string, workers: number, out: string, extra: { rescueOut?: string } = {}) =>
  measuresFromFiles({
    claims, members: path.join(POP, 'members.csv'), inpatient: path.join(POP, 'inpatient.csv'), out, year: 2025, classifier: {}, asOf: AS_OF, workers, ...extra,
  });

describe('population engine (openmtm measures)', () => {
  let expected: string[];
  before(async () => {
    await writePopulation({ out: POP, patients: 400, seed: 7, asOf: '2026-01-15', prescribers: generatePrescribers(7, 20) });
    expected = reference(POP);
  });

  it('matches the plain computation for every member and measure, on this thread and on two workers', async () => {
    for (const workers of [0, 2]) {
      const out = path.join(tmp, `results-${workers}.csv`);
      const summary = await run(path.join(POP, 'claims.csv'), workers, out);
      assert.equal(summary.workers, workers);
      assert.deepEqual(lines(out), expected);
    }
    assert.equal(expected.length, 1 + 400 * 6);
    assert.ok(expected.filter((l) => l.includes(',in-denominator,')).length > 300, 'the population exercises the measures');
  });

  it('gives the same results and rescue list when the claims are in another order (e.g. sorted by date)', async () => {
    const [header, ...rows] = lines(path.join(POP, 'claims.csv'));
    rows.sort((a, b) => a.split(',')[1]!.localeCompare(b.split(',')[1]!) || b.localeCompare(a));
    const shuffled = path.join(tmp, 'by-date.csv');
    fs.writeFileSync(shuffled, [header, ...rows].join('\r\n') + '\r\n');
    const rescueA = path.join(tmp, 'rescue-a.csv');
    const rescueB = path.join(tmp, 'rescue-b.csv');
    await run(path.join(POP, 'claims.csv'), 0, path.join(tmp, 'a.csv'), { rescueOut: rescueA });
    await run(shuffled, 2, path.join(tmp, 'b.csv'), { rescueOut: rescueB });
    assert.deepEqual(lines(path.join(tmp, 'b.csv')), expected);
    assert.deepEqual(lines(rescueB), lines(rescueA));
    assert.ok(lines(rescueA).length > 10, 'the rescue list has more than ten lines, so comparing the two runs means something');
  });

  it('counts a duplicated claim once, drops a reversed one, and reads quoted cells and hyphenated NDCs', async () => {
    const members = path.join(tmp, 'net-members.csv');
    fs.writeFileSync(members, 'member_id,birth_date\n"Doe, J",1950-01-01\nB,1950-01-01\n');
    const claims = path.join(tmp, 'net-claims.csv');
    fs.writeFileSync(claims, [
      'member_id,fill_date,rxcui,ndc,days_supply,quantity,claim_id,status',
      '"Doe, J",2025-01-01,617311,,90,90,,',
      '"Doe, J",2025-01-01,617311,,90,90,,', // the same claim sent twice: counts once
      '"Doe, J",2025-04-01,617311,,90,90,R1,paid',
      '"Doe, J",2025-04-01,617311,,90,90,R1,reversed', // reversed: gone
      '"Doe, J",2025-07-01,617311,,90,90,R2,paid',
      'B,2025-01-01,,0009-3505-601,30,30,,', // hyphenated NDC: the string parser reads it
    ].join('\n'));
    const out = path.join(tmp, 'net.csv');
    const res = await measuresFromFiles({ claims, members, out, year: 2025, classifier: {}, asOf: toDay('2026-01-15'), workers: 0 });
    const sta = lines(out).find((l) => l.startsWith('"Doe, J",PDC-STA'))!;
    // Fills 01-01 and 07-01 count (90 days each, no overlap): 180 covered days of 365.
    assert.equal(sta, '"Doe, J",PDC-STA,1,in-denominator,0.493151,0,180,365,0');
    assert.equal(res.unclassifiedClaims, 1);
    assert.deepEqual(res.unclassifiedCodes, ['ndc 00093505601']);
  });

  it('reports problems with their file line across byte ranges and workers, and writes nothing', async () => {
    const [header, ...rows] = lines(path.join(POP, 'claims.csv'));
    const cells = rows[rows.length - 10]!.split(',');
    cells[4] = '400'; // days_supply
    rows[rows.length - 10] = cells.join(',');
    rows[5] = rows[5]!.replace(/^[^,]+/, 'NOBODY');
    const bad = path.join(tmp, 'bad.csv');
    fs.writeFileSync(bad, [header, ...rows].join('\n') + '\n');
    const out = path.join(tmp, 'never.csv');
    await assert.rejects(run(bad, 2, out), (err: unknown) => {
      assert.ok(err instanceof ValidationError, 'the error is a ValidationError');
      assert.deepEqual(err.issues.map((i) => i.message), [
        'bad.csv:7: member_id: member NOBODY has claims but is not in members.csv',
        `bad.csv:${rows.length - 10 + 2}: days_supply: expected a whole number of days 1-365, got "400"`,
      ]);
      return true;
    });
    assert.equal(fs.existsSync(out), false);
    assert.deepEqual(fs.readdirSync(tmp).filter((f) => f.endsWith('.tmp')), []);
  });
});
