// Pharmacy claim rows for import into the record: the documented CSV layout and the CMS Part D event (PDE) layout
// (CCW RIF: pipe-delimited, header row, SRVC_DT as dd-Mon-yyyy, PROD_SRVC_ID an 11-digit NDC). Pure row parsers.
import { createHash } from 'node:crypto';
import { isIsoDate } from '../domain/codes.ts';
import { isoDay } from '../domain/days.ts';
import { CsvHeaderError, headerIndex, splitCsvLine } from './csv.ts';
import { parseFhirClaim } from './fhir-claims.ts';
import { CLAIM_COLUMNS, parseClaim, type RowProblem } from './measure-files.ts';

export type ClaimImportRow = {
  claimId: string;
  memberId: string;
  fillDate: string;
  ndc: string | null;
  rxcui: string | null;
  daysSupply: number;
  quantity: number;
  totalCost: number | null;
  patientPay: number | null;
  status: 'paid' | 'reversed';
};

export type ClaimFormat = 'csv' | 'pde' | 'fhir';
export type RowParser = (line: string) => { ok: true; row: ClaimImportRow } | { ok: false; problem: RowProblem };

const MONTHS: Record<string, string> = { jan: '01', feb: '02', mar: '03', apr: '04', may: '05', jun: '06', jul: '07', aug: '08', sep: '09', oct: '10', nov: '11', dec: '12' };

/** 'dd-Mon-yyyy' → 'YYYY-MM-DD', or undefined. */
export function pdeDate(s: string): string | undefined {
  const m = /^(\d{2})-([A-Za-z]{3})-(\d{4})$/.exec(s.trim());
  const month = m ? MONTHS[m[2]!.toLowerCase()] : undefined;
  const iso = m && month ? `${m[3]}-${month}-${m[1]}` : undefined;
  return iso && isIsoDate(iso) ? iso : undefined;
}

const money = (s: string | undefined) => {
  const v = (s ?? '').trim();
  return v === '' || !Number.isFinite(Number(v)) ? null : Number(v);
};

/** The format a header line announces. */
export function detectFormat(header: string): ClaimFormat {
  if (header.trimStart().startsWith('{')) return 'fhir';
  return header.includes('|') && /\bPDE_ID\b/.test(header) ? 'pde' : 'csv';
}

/** Whether the format's first line is a header (FHIR NDJSON has none: every line is a resource). */
export const hasHeader = (format: ClaimFormat) => format !== 'fhir';

/** A parser for data lines after `header`; throws CsvHeaderError when required columns are missing. */
export function claimRowParser(format: ClaimFormat, header: string): RowParser {
  if (format === 'fhir') return parseFhirClaim;
  if (format === 'pde') {
    const cols = header.split('|').map((c) => c.trim().toUpperCase());
    const need = ['PDE_ID', 'BENE_ID', 'SRVC_DT', 'PROD_SRVC_ID', 'QTY_DSPNSD_NUM', 'DAYS_SUPLY_NUM'];
    const missing = need.filter((c) => !cols.includes(c));
    if (missing.length) throw new CsvHeaderError(`PDE header is missing ${missing.join(', ')}`);
    const at = (f: string[], c: string) => (cols.includes(c) ? (f[cols.indexOf(c)] ?? '').trim() : '');
    return (line) => {
      const f = line.split('|');
      const claimId = at(f, 'PDE_ID');
      const memberId = at(f, 'BENE_ID');
      if (!claimId) return { ok: false, problem: { column: 'PDE_ID', message: 'is required' } };
      if (!memberId) return { ok: false, problem: { column: 'BENE_ID', message: 'is required' } };
      const fillDate = pdeDate(at(f, 'SRVC_DT'));
      if (!fillDate) return { ok: false, problem: { column: 'SRVC_DT', message: `expected a date as dd-Mon-yyyy, got "${at(f, 'SRVC_DT')}"` } };
      const ndc = at(f, 'PROD_SRVC_ID');
      if (!/^[0-9]{11}$/.test(ndc)) return { ok: false, problem: { column: 'PROD_SRVC_ID', message: `expected an 11-digit NDC, got "${ndc}"` } };
      const daysSupply = Number(at(f, 'DAYS_SUPLY_NUM'));
      if (!Number.isInteger(daysSupply) || daysSupply < 1 || daysSupply > 365) return { ok: false, problem: { column: 'DAYS_SUPLY_NUM', message: `expected 1-365, got "${at(f, 'DAYS_SUPLY_NUM')}"` } };
      const quantity = Number(at(f, 'QTY_DSPNSD_NUM'));
      if (!(quantity > 0)) return { ok: false, problem: { column: 'QTY_DSPNSD_NUM', message: `expected a positive quantity, got "${at(f, 'QTY_DSPNSD_NUM')}"` } };
      // ADJSTMT_DLTN_CD 'D' marks a deleted (reversed) event.
      const status = at(f, 'ADJSTMT_DLTN_CD').toUpperCase() === 'D' ? 'reversed' : 'paid';
      return { ok: true, row: { claimId, memberId, fillDate, ndc, rxcui: null, daysSupply, quantity, totalCost: money(at(f, 'TOT_RX_CST_AMT')), patientPay: money(at(f, 'PTNT_PAY_AMT')), status } };
    };
  }
  const idx = headerIndex(header, CLAIM_COLUMNS, ['claim_id', 'total_cost', 'patient_pay', 'status'] as const);
  return (line) => {
    const f = splitCsvLine(line);
    const r = parseClaim(f, idx);
    if (!r.ok) return r;
    const c = r.row;
    const fillDate = isoDay(c.day);
    // Without a claim id, the claim's content is its identity: re-importing the file adds nothing.
    const claimId = c.claimId ?? 'h:' + createHash('sha1').update([c.memberId, fillDate, c.rxcui, c.ndc, c.daysSupply, c.quantity].join('|')).digest('hex').slice(0, 20);
    return {
      ok: true,
      row: { claimId, memberId: c.memberId, fillDate, ndc: c.ndc, rxcui: c.rxcui, daysSupply: c.daysSupply, quantity: c.quantity,
        totalCost: idx.total_cost === undefined ? null : money(f[idx.total_cost]), patientPay: idx.patient_pay === undefined ? null : money(f[idx.patient_pay]), status: c.reversed ? 'reversed' : 'paid' },
    };
  };
}
