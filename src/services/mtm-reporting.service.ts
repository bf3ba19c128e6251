// CMS Part D MTM reporting (issue 6 item 8; PRODUCT.md §5.3; docs/mtm-reporting.md): a patient's reporting fields
// for a year, and the beneficiary-level file of one contract and year. The file is all or nothing: when any row
// fails validation the caller gets every failing member and field, and no file.
import type { MtmReportingFields, MtmReportingResponse, ReportIssue } from '../domain/mtm-reporting.ts';
import { ValidationError } from '../domain/errors.ts';
import { can, type Actor } from '../domain/roles.ts';
import { deriveReportingFields, mtmReportCsv, validateReportingFields } from '../engines/reporting/mtm-beneficiary.ts';
import type { Queryable } from '../store/db.ts';
import { loadBeneficiarySources, reportCandidates } from '../store/mtm-reporting.repository.ts';
import { audit, deny } from './audit.service.ts';
import type { ServiceContext } from './context.ts';
import { requirePatientAccess } from './patients.service.ts';

const BATCH = 500;

export type MtmReport = { contract: string; year: number; rows: MtmReportingFields[]; issues: ReportIssue[] };

/** Every beneficiary of the organisation enrolled under `contract` in `year`, derived and validated (no access checks). */
export async function buildMtmReport(q: Queryable, orgId: string, contract: string, year: number): Promise<MtmReport> {
  const ids = await reportCandidates(q, orgId, contract, year);
  const rows: MtmReportingFields[] = [];
  const issues: ReportIssue[] = [];
  for (let i = 0; i < ids.length; i += BATCH) {
    for (const src of await loadBeneficiarySources(q, orgId, year, ids.slice(i, i + BATCH))) {
      const row = deriveReportingFields(src, year, contract);
      if (!row) continue;
      rows.push(row);
      issues.push(...validateReportingFields(row, year));
    }
  }
  rows.sort((a, b) => a.lastName.localeCompare(b.lastName) || a.firstName.localeCompare(b.firstName) || (a.memberId ?? '').localeCompare(b.memberId ?? ''));
  return { contract, year, rows, issues };
}

/** The validation failure for a report with issues: one located issue per member and field. */
export function reportValidationError(r: MtmReport): ValidationError {
  const members = new Set(r.issues.map((i) => i.memberId)).size;
  return new ValidationError(
    `The MTM report for ${r.contract} ${r.year} has ${r.issues.length} invalid field${r.issues.length === 1 ? '' : 's'} in ${members} of ${r.rows.length} rows; no file was written`,
    r.issues.map((i) => ({ pointer: `/members/${i.memberId}/${i.column}`, message: i.message })),
  );
}

export async function patientMtmReporting(ctx: ServiceContext, actor: Actor, patientId: string, year: number): Promise<MtmReportingResponse> {
  const action = 'mtm-reporting.read';
  await requirePatientAccess(ctx, ctx.db, actor, patientId, action);
  if (!can(actor.role, 'patient:read')) await deny(ctx, actor, { action, resourceType: 'patient', resourceId: patientId, patientId }, 'Your role may not read patient records');
  const [src] = await loadBeneficiarySources(ctx.db, actor.orgId, year, [patientId]);
  const fields = deriveReportingFields(src!, year)!;
  const issues = fields.enrolled ? validateReportingFields(fields, year) : [];
  await audit(ctx, ctx.db, actor, { action, resourceType: 'patient', resourceId: patientId, patientId, detail: { year, issues: issues.length } });
  return { ...fields, issues };
}

/** The beneficiary-level CSV of one contract and year (managers). Throws ValidationError naming every bad field. */
export async function mtmReportFile(ctx: ServiceContext, actor: Actor, contract: string, year: number): Promise<{ csv: string; filename: string; rows: number }> {
  const action = 'mtm-report.export';
  if (!can(actor.role, 'program:manage')) await deny(ctx, actor, { action, resourceType: 'mtm_report', resourceId: null }, 'Only a program manager may export the CMS MTM report');
  const report = await buildMtmReport(ctx.db, actor.orgId, contract, year);
  const detail = { contract, year, rows: report.rows.length, members: report.rows.map((r) => r.patientId) };
  if (report.issues.length) {
    await audit(ctx, ctx.db, actor, { action, resourceType: 'mtm_report', outcome: 'error', detail: { ...detail, issues: report.issues.length } });
    throw reportValidationError(report);
  }
  await audit(ctx, ctx.db, actor, { action, resourceType: 'mtm_report', detail });
  return { csv: mtmReportCsv(report.rows), filename: `mtm-${contract}-${year}.csv`, rows: report.rows.length };
}
