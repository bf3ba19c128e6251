// Display formatting in one place. Dates arrive as YYYY-MM-DD and are shown US-style (MM/DD/YYYY).

export function fmtDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[2]}/${m[3]}/${m[1]}` : iso;
}

export function fmtDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString('en-US', { year: 'numeric', month: '2-digit', day: '2-digit', hour: 'numeric', minute: '2-digit' });
}

/** A timestamp in the user's local time with seconds and zone, e.g. 01/15/2025, 3:04:05 PM EST (audit log). */
export function fmtDateTimeSeconds(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString('en-US', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: 'numeric',
    minute: '2-digit',
    second: '2-digit',
    timeZoneName: 'short',
  });
}

/** Today as YYYY-MM-DD in the user's time zone (default for date inputs). */
export function todayIso(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** Whole years from birth to `at` (default today). */
export function ageYears(birthDate: string, at: string = todayIso()): number | null {
  const b = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  const a = /^(\d{4})-(\d{2})-(\d{2})$/.exec(at);
  if (!b || !a) return null;
  let years = Number(a[1]) - Number(b[1]);
  if (a[2]! + a[3]! < b[2]! + b[3]!) years -= 1;
  return years;
}

/** Days between two YYYY-MM-DD dates. */
export function daysBetween(start: string, end: string): number {
  return Math.round((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / 86_400_000);
}

/** A formatter that shows a code by its label, or the code itself when it has none. */
const byLabel =
  (labels: Record<string, string>) =>
  (code: string): string =>
    labels[code] ?? code;

export const fmtSex = byLabel({ female: 'Female', male: 'Male', other: 'Other', unknown: 'Unknown' });

export function fmtLanguage(code: string | null): string {
  if (!code) return '—';
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

export const fmtSource = byLabel({ prescription: 'Rx', otc: 'OTC', herbal: 'Herbal', supplement: 'Supplement' });

export const fmtCoverageKind = byLabel({
  medicare_part_d: 'Medicare Part D',
  medicare_advantage: 'Medicare Advantage',
  medicare_part_b: 'Medicare Part B',
  medicaid: 'Medicaid',
  commercial: 'Commercial',
  employer: 'Employer',
  other: 'Other',
});

export const fmtConsentKind = byLabel({
  mtm: 'MTM services',
  cpa: 'Collaborative practice (CPA)',
  ccm: 'Chronic care management (CCM)',
  rpm: 'Remote patient monitoring (RPM)',
  data_sharing: 'Data sharing',
});

export const fmtEncounterKind = byLabel({
  inpatient: 'Inpatient stay',
  emergency: 'Emergency visit',
  ambulatory: 'Office visit',
  telehealth: 'Telehealth',
  home: 'Home visit',
});

export const fmtCodeSystem = byLabel({ icd10cm: 'ICD-10-CM', snomed: 'SNOMED CT' });

export const capitalize = (s: string | null | undefined) => (s ? s.charAt(0).toUpperCase() + s.slice(1).replace(/_/g, ' ') : '—');

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
export const fmtMoney = (n: number | null | undefined) => (n == null ? '—' : usd.format(n));

export const fmtNumber = (n: number) => (Number.isInteger(n) ? String(n) : String(Number(n.toFixed(2))));

export const fullName = (p: { firstName: string; lastName: string }) => `${p.lastName}, ${p.firstName}`;

export const orDash = (s: string | null | undefined) => (s == null || s === '' ? '—' : s);

/** UCUM units as people write them: mm[Hg] → mmHg, mL/min/{1.73_m2} → mL/min/1.73 m², {INR} → (none). */
export function fmtUnit(unit: string | null | undefined): string {
  if (!unit) return '';
  return unit
    .replace('mm[Hg]', 'mmHg')
    .replace(/\{1\.73_?m2\}|1\.73m2/, '1.73 m²')
    .replace(/^\{[^}]*\}$/, '')
    .replace(/[{}]/g, '');
}
