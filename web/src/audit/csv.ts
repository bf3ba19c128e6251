// CSV export of audit rows, built in the browser (RFC 4180: CRLF lines, fields with a comma, quote, CR or LF
// quoted and inner quotes doubled). Cells that a spreadsheet would run as a formula (=, +, -, @, tab, CR at the
// start: user agents and usernames come from outside) are prefixed with ' so opening the file is safe.
import type { AuditEntry } from '../api/types.ts';

export const AUDIT_CSV_COLUMNS = [
  'id',
  'at',
  'orgId',
  'userId',
  'username',
  'role',
  'action',
  'outcome',
  'resourceType',
  'resourceId',
  'patientId',
  'ip',
  'userAgent',
  'detail',
] as const satisfies readonly (keyof AuditEntry)[];

export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let s = typeof value === 'string' ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function auditCsv(rows: readonly AuditEntry[]): string {
  const lines = [AUDIT_CSV_COLUMNS.join(',')];
  for (const r of rows) lines.push(AUDIT_CSV_COLUMNS.map((c) => csvField(r[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** Saves `text` as a file through a temporary object URL (no server round trip). */
export function downloadFile(filename: string, text: string, type: string): void {
  // The byte order mark makes spreadsheet programs read the file as UTF-8.
  const url = URL.createObjectURL(new Blob(['\uFEFF', text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** openmtm-audit-20250115-150405-rows-1-50.csv (local time of the export). */
export function auditCsvName(firstRow: number, lastRow: number, now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
  return `openmtm-audit-${stamp}-rows-${firstRow}-${lastRow}.csv`;
}
