// `openmtm mtm-report --org NAME --contract H1234 --year YYYY --out file.csv`: the CMS Part D MTM beneficiary-level
// file of one contract and year from the database (issue 6 item 8; docs/mtm-reporting.md). Every row is validated
// first; when any fails, every failing member and field is reported (ValidationError) and nothing is written.
// The file is written to a temporary name beside --out and renamed, so a reader never sees half a file.
import fs from 'node:fs';
import path from 'node:path';
import { openConfiguredDb } from '../app.ts';
import { loadConfig } from '../config.ts';
import { mtmReportCsv } from '../engines/reporting/mtm-beneficiary.ts';
import { buildMtmReport, reportValidationError } from '../services/mtm-reporting.service.ts';
import type { Db } from '../store/db.ts';
import { migrate } from '../store/migrate.ts';
import { findOrganizationByName } from '../store/users.repository.ts';

export class MtmReportUsageError extends Error {
  override name = 'MtmReportUsageError';
}

export type MtmReportCommandOptions = {
  org?: string | undefined;
  contract?: string | undefined;
  year?: string | undefined;
  out?: string | undefined;
  log?: (line: string) => void;
};

export type MtmReportCommandResult = { out: string; rows: number; contract: string; year: number };

const USAGE = 'mtm-report needs --org NAME --contract H1234 --year YYYY --out FILE.csv';

/** Checks the options without touching the database or the file system beyond --out's folder. */
export function parseMtmReportOptions(o: MtmReportCommandOptions): { org: string; contract: string; year: number; out: string } {
  if (!o.org || !o.contract || !o.year || !o.out) throw new MtmReportUsageError(USAGE);
  const contract = o.contract.trim().toUpperCase();
  if (!/^[HRSE]\d{4}$/.test(contract)) throw new MtmReportUsageError(`--contract must be a Part D contract id such as H1234, got "${o.contract}"`);
  if (!/^20\d\d$/.test(o.year)) throw new MtmReportUsageError(`--year must be a contract year such as 2026, got "${o.year}"`);
  if (!fs.existsSync(path.dirname(path.resolve(o.out)))) throw new MtmReportUsageError(`the folder of --out ${o.out} does not exist`);
  return { org: o.org, contract, year: Number(o.year), out: o.out };
}

/** Runs the command; `db` lets tests pass a database (otherwise the configured one is opened, migrated and closed). */
export async function mtmReportCommand(o: MtmReportCommandOptions, deps: { db?: Db } = {}): Promise<MtmReportCommandResult> {
  const log = o.log ?? ((l: string) => console.log(l));
  const opts = parseMtmReportOptions(o);
  const db = deps.db ?? (await openConfiguredDb(loadConfig()));
  try {
    if (!deps.db) await migrate(db);
    const org = await findOrganizationByName(db, opts.org);
    if (!org) throw new MtmReportUsageError(`No organisation named "${opts.org}"`);
    const report = await buildMtmReport(db, org.id, opts.contract, opts.year);
    if (report.issues.length) throw reportValidationError(report);
    const tmp = path.join(path.dirname(path.resolve(opts.out)), `.${path.basename(opts.out)}.${process.pid}.tmp`);
    try {
      fs.writeFileSync(tmp, mtmReportCsv(report.rows));
      fs.renameSync(tmp, opts.out);
    } finally {
      fs.rmSync(tmp, { force: true });
    }
    log(`${report.rows.length} beneficiaries of ${opts.contract} ${opts.year} -> ${opts.out}`);
    return { out: opts.out, rows: report.rows.length, contract: opts.contract, year: opts.year };
  } finally {
    if (!deps.db) await db.close();
  }
}
