// CMS Part D MTM beneficiary-level reporting fields (issue 6 item 8; PRODUCT.md §5.3; docs/mtm-reporting.md):
// derived per beneficiary and contract year from what the product records, validated field by field, and written
// as CSV. Pure: the store supplies the records, the caller the year.
//
// Counting rules (see docs/mtm-reporting.md):
// - only SIGNED encounters count, dated by the day the encounter took place (its creation day, UTC);
// - a CMR counts once signed AND its written summary (takeaway) was sent (PRODUCT.md §5.3);
// - delivery method, recipient and written-summary date are those of the initial (first counted) CMR;
// - recommendations = interventions of kind prescriber-recommendation on signed encounters of the year;
//   therapy changes = interventions of kind cpa-change on those encounters (prescriber answers are not recorded
//   yet, so accepted recommendations cannot be counted; see the limitations in the doc).
import { isIsoDate } from '../../domain/codes.ts';
import {
  CMR_DELIVERY_CODES,
  CMR_RECIPIENT_CODES,
  DELIVERY_METHOD_CODE,
  OPT_OUT_REASONS,
  RECIPIENT_CODE,
  type MtmReportingFields,
  type OptOutReason,
  type ReportIssue,
} from '../../domain/mtm-reporting.ts';
import type { Encounter } from '../../domain/encounters.ts';

export type SourceEncounter = {
  kind: Encounter['kind'];
  status: Encounter['status'];
  /** The day the encounter took place (YYYY-MM-DD). */
  date: string;
  deliveryMethod: Encounter['deliveryMethod'];
  recipient: Encounter['recipient'];
  cognitiveImpairment: boolean;
  longTermCare: boolean;
  takeawaySentAt: string | null;
  prescriberRecommendations: number;
  cpaChanges: number;
};

export type SourceEnrollment = {
  programName: string;
  /** The contract named in the Part D program's criteria, when it names one. */
  programContract: string | null;
  enrolledOn: string;
  optedOutOn: string | null;
  optOutReason: OptOutReason | null;
};

export type SourceCoverage = { contractId: string | null; pbpId: string | null; memberId: string; startDate: string; endDate: string | null };

/** One beneficiary's records for one year, as the store reads them. */
export type BeneficiarySource = {
  patientId: string;
  firstName: string;
  lastName: string;
  birthDate: string;
  cognitiveImpairment: 'yes' | 'no' | 'unknown';
  longTermCare: boolean;
  /** Part D program enrollments of the year, earliest first. */
  enrollments: SourceEnrollment[];
  /** Part D coverages overlapping the year, newest first. */
  coverages: SourceCoverage[];
  /** MTM encounters that took place in the year, earliest first. */
  encounters: SourceEncounter[];
  /** Evidence that a CMR was offered in the year: CMR work items queued and outreach attempts on them (days). */
  cmrOfferDays: string[];
};

const min = (days: string[]) => (days.length ? [...days].sort()[0]! : null);

/** The contract an enrollment reports under: the program's, else the Part D coverage's. */
function contractOf(e: SourceEnrollment, coverages: SourceCoverage[]): string | null {
  return e.programContract ?? coverages.find((c) => c.contractId)?.contractId ?? null;
}

/**
 * The reporting fields of one beneficiary for `year`. With `contract`, the enrollment reported is the first one
 * under that contract (undefined when there is none); without, the first enrollment of the year.
 */
export function deriveReportingFields(src: BeneficiarySource, year: number, contract?: string): MtmReportingFields | undefined {
  const enrollment = contract === undefined ? src.enrollments[0] : src.enrollments.find((e) => contractOf(e, src.coverages) === contract);
  if (contract !== undefined && !enrollment) return undefined;
  const reportContract = enrollment ? contractOf(enrollment, src.coverages) : (src.coverages.find((c) => c.contractId)?.contractId ?? null);
  const coverage = src.coverages.find((c) => c.contractId === reportContract) ?? src.coverages[0];
  const notes: string[] = [];
  if (!enrollment) notes.push(`Not enrolled in a Part D MTM program for ${year}`);

  const signed = src.encounters.filter((e) => e.status === 'signed');
  const cmrs = signed.filter((e) => e.kind === 'cmr' && e.takeawaySentAt);
  const unsent = signed.filter((e) => e.kind === 'cmr' && !e.takeawaySentAt).length;
  if (unsent) notes.push(`${unsent} signed CMR${unsent > 1 ? 's' : ''} not counted: written summary not sent yet`);
  const open = src.encounters.filter((e) => e.status !== 'signed').length;
  if (open) notes.push(`${open} unsigned encounter${open > 1 ? 's' : ''} not counted`);
  const tmrs = signed.filter((e) => e.kind === 'tmr');
  const initial = cmrs[0];

  const cmrEncounterDays = src.encounters.filter((e) => e.kind === 'cmr').map((e) => e.date);
  const offerDate = min([...src.cmrOfferDays, ...cmrEncounterDays]);

  let cognitive: MtmReportingFields['cognitiveImpairment'];
  if (initial) cognitive = initial.cognitiveImpairment ? 'Y' : src.cognitiveImpairment === 'unknown' ? 'U' : 'N';
  else cognitive = src.cognitiveImpairment === 'yes' ? 'Y' : src.cognitiveImpairment === 'no' ? 'N' : 'U';

  return {
    patientId: src.patientId,
    year,
    enrolled: !!enrollment,
    programName: enrollment?.programName ?? null,
    contract: reportContract,
    pbp: coverage?.pbpId ?? null,
    memberId: coverage?.memberId ?? null,
    firstName: src.firstName,
    lastName: src.lastName,
    birthDate: src.birthDate,
    cognitiveImpairment: cognitive,
    longTermCare: src.longTermCare || initial?.longTermCare ? 'Y' : 'N',
    enrollmentDate: enrollment?.enrolledOn ?? null,
    optOutDate: enrollment?.optedOutOn ?? null,
    optOutReason: enrollment?.optOutReason ?? null,
    cmrOffered: offerDate ? 'Y' : 'N',
    cmrOfferDate: offerDate,
    cmrReceived: initial ? 'Y' : 'N',
    cmrCount: cmrs.length,
    cmrDates: cmrs.map((e) => e.date),
    cmrDeliveryMethod: initial?.deliveryMethod ? DELIVERY_METHOD_CODE[initial.deliveryMethod] : null,
    cmrRecipient: initial?.recipient ? RECIPIENT_CODE[initial.recipient] : null,
    writtenSummaryDate: initial?.takeawaySentAt ?? null,
    tmrCount: tmrs.length,
    firstTmrDate: tmrs[0]?.date ?? null,
    prescriberRecommendations: signed.reduce((n, e) => n + e.prescriberRecommendations, 0),
    therapyChanges: signed.reduce((n, e) => n + e.cpaChanges, 0),
    notes,
  };
}

// ---- the file ---------------------------------------------------------------------------------------------------

export type ReportColumn = { column: string; element: string; value: (f: MtmReportingFields) => string };

const orBlank = (v: string | null) => v ?? '';

/** The columns of the beneficiary-level CSV, in order, with the CMS data element each carries (docs/mtm-reporting.md). */
export const MTM_REPORT_COLUMNS: readonly ReportColumn[] = [
  { column: 'contract_number', element: 'Contract number', value: (f) => orBlank(f.contract) },
  { column: 'pbp', element: 'Plan benefit package (PBP) — not a CMS MTM element; for reconciliation', value: (f) => orBlank(f.pbp) },
  { column: 'mbi', element: 'Medicare Beneficiary Identifier (MBI)', value: (f) => orBlank(f.memberId) },
  { column: 'first_name', element: 'Beneficiary first name', value: (f) => f.firstName },
  { column: 'last_name', element: 'Beneficiary last name', value: (f) => f.lastName },
  { column: 'date_of_birth', element: 'Beneficiary date of birth', value: (f) => f.birthDate },
  { column: 'cognitive_impairment', element: 'Cognitively impaired at the time of CMR offer or delivery (Y/N/U)', value: (f) => f.cognitiveImpairment },
  { column: 'ltc_enrollment', element: 'Beneficiary in a long-term care facility (Y/N)', value: (f) => f.longTermCare },
  { column: 'mtm_enrollment_date', element: 'Date of MTM program enrollment', value: (f) => orBlank(f.enrollmentDate) },
  { column: 'opt_out_date', element: 'Date of MTM program opt-out', value: (f) => orBlank(f.optOutDate) },
  { column: 'opt_out_reason', element: 'Reason participant opted out (01 death, 02 disenrollment, 03 request, 99 other)', value: (f) => orBlank(f.optOutReason) },
  { column: 'cmr_offered', element: 'Offered annual CMR (Y/N)', value: (f) => f.cmrOffered },
  { column: 'cmr_offer_date', element: 'Date of (initial) offer of annual CMR', value: (f) => orBlank(f.cmrOfferDate) },
  { column: 'cmr_received', element: 'Received annual CMR with written summary in the CMS standardized format (Y/N)', value: (f) => f.cmrReceived },
  { column: 'cmr_count', element: 'Number of CMRs received', value: (f) => String(f.cmrCount) },
  { column: 'cmr_dates', element: 'Date(s) of CMR(s) (semicolon-separated)', value: (f) => f.cmrDates.join(';') },
  { column: 'cmr_delivery_method', element: 'Method of delivery of the initial CMR (01, 02, 03, 99)', value: (f) => orBlank(f.cmrDeliveryMethod) },
  { column: 'cmr_recipient', element: 'Recipient of the initial CMR (01 beneficiary; others [U])', value: (f) => orBlank(f.cmrRecipient) },
  { column: 'written_summary_date', element: 'Date written CMR summary in the CMS standardized format was provided or sent', value: (f) => orBlank(f.writtenSummaryDate) },
  { column: 'tmr_count', element: 'Number of targeted medication reviews (TMRs)', value: (f) => String(f.tmrCount) },
  { column: 'first_tmr_date', element: 'Date of initial TMR', value: (f) => orBlank(f.firstTmrDate) },
  { column: 'prescriber_recommendations', element: 'Number of drug therapy problem recommendations made to prescriber(s)', value: (f) => String(f.prescriberRecommendations) },
  { column: 'therapy_changes', element: 'Number of drug therapy problem recommendations resulting in a change of drug therapy', value: (f) => String(f.therapyChanges) },
];

/** Every field of a row that breaks the file's rules; empty when the row may be written. */
export function validateReportingFields(f: MtmReportingFields, year: number): ReportIssue[] {
  const memberId = f.memberId ?? `patient ${f.patientId}`;
  const issues: ReportIssue[] = [];
  const bad = (column: string, message: string) => issues.push({ memberId, column, message: `member ${memberId}: ${column} ${message}` });
  const inYear = (column: string, v: string | null, required: boolean) => {
    if (v === null) {
      if (required) bad(column, 'is required');
      return;
    }
    if (!isIsoDate(v)) bad(column, `"${v}" is not a date as YYYY-MM-DD`);
    else if (!v.startsWith(`${year}-`)) bad(column, `${v} is outside ${year}`);
  };
  const count = (column: string, n: number) => {
    if (!Number.isInteger(n) || n < 0) bad(column, `${n} must be a whole number >= 0`);
  };

  if (!f.contract || !/^[HRSE]\d{4}$/.test(f.contract)) bad('contract_number', `"${f.contract ?? ''}" is not a Part D contract id such as H1234`);
  if (f.pbp !== null && !/^\d{3}$/.test(f.pbp)) bad('pbp', `"${f.pbp}" is not a 3-digit plan benefit package id`);
  if (!f.memberId?.trim()) bad('mbi', 'is required (no Part D coverage with a member id)');
  if (!f.firstName.trim()) bad('first_name', 'is required');
  if (!f.lastName.trim()) bad('last_name', 'is required');
  if (!isIsoDate(f.birthDate)) bad('date_of_birth', `"${f.birthDate}" is not a date as YYYY-MM-DD`);
  if (!['Y', 'N', 'U'].includes(f.cognitiveImpairment)) bad('cognitive_impairment', `"${f.cognitiveImpairment}" must be Y, N or U`);
  if (!['Y', 'N'].includes(f.longTermCare)) bad('ltc_enrollment', `"${f.longTermCare}" must be Y or N`);

  inYear('mtm_enrollment_date', f.enrollmentDate, true);
  inYear('opt_out_date', f.optOutDate, false);
  if (f.optOutDate && f.enrollmentDate && f.optOutDate < f.enrollmentDate) bad('opt_out_date', `${f.optOutDate} is before the enrollment date ${f.enrollmentDate}`);
  if ((f.optOutDate === null) !== (f.optOutReason === null)) bad('opt_out_reason', 'and opt_out_date must be given together');
  if (f.optOutReason !== null && !Object.hasOwn(OPT_OUT_REASONS, f.optOutReason)) bad('opt_out_reason', `"${f.optOutReason}" must be one of ${Object.keys(OPT_OUT_REASONS).join(', ')}`);

  if (!['Y', 'N'].includes(f.cmrOffered)) bad('cmr_offered', 'must be Y or N');
  inYear('cmr_offer_date', f.cmrOfferDate, f.cmrOffered === 'Y');
  if (f.cmrOffered === 'N' && f.cmrOfferDate !== null) bad('cmr_offer_date', 'must be blank when no CMR was offered');
  if (f.cmrReceived === 'Y' && f.cmrOffered !== 'Y') bad('cmr_offered', 'must be Y when a CMR was received');

  count('cmr_count', f.cmrCount);
  if (f.cmrCount !== f.cmrDates.length) bad('cmr_dates', `has ${f.cmrDates.length} dates for ${f.cmrCount} CMRs`);
  for (const d of f.cmrDates) inYear('cmr_dates', d, true);
  if ((f.cmrReceived === 'Y') !== f.cmrCount > 0) bad('cmr_received', `${f.cmrReceived} does not agree with cmr_count ${f.cmrCount}`);
  const received = f.cmrCount > 0;
  if (received) {
    if (f.cmrDeliveryMethod === null) bad('cmr_delivery_method', 'is required when a CMR was received');
    if (f.cmrRecipient === null) bad('cmr_recipient', 'is required when a CMR was received');
  } else {
    if (f.cmrDeliveryMethod !== null) bad('cmr_delivery_method', 'must be blank when no CMR was received');
    if (f.cmrRecipient !== null) bad('cmr_recipient', 'must be blank when no CMR was received');
  }
  if (f.cmrDeliveryMethod !== null && !Object.hasOwn(CMR_DELIVERY_CODES, f.cmrDeliveryMethod)) bad('cmr_delivery_method', `"${f.cmrDeliveryMethod}" must be one of ${Object.keys(CMR_DELIVERY_CODES).join(', ')}`);
  if (f.cmrRecipient !== null && !Object.hasOwn(CMR_RECIPIENT_CODES, f.cmrRecipient)) bad('cmr_recipient', `"${f.cmrRecipient}" must be one of ${Object.keys(CMR_RECIPIENT_CODES).join(', ')}`);
  inYear('written_summary_date', f.writtenSummaryDate, received);
  const firstCmr = f.cmrDates[0];
  if (f.writtenSummaryDate && firstCmr && f.writtenSummaryDate < firstCmr) bad('written_summary_date', `${f.writtenSummaryDate} is before the CMR on ${firstCmr}`);

  count('tmr_count', f.tmrCount);
  inYear('first_tmr_date', f.firstTmrDate, f.tmrCount > 0);
  if (f.tmrCount === 0 && f.firstTmrDate !== null) bad('first_tmr_date', 'must be blank when no TMR was done');
  count('prescriber_recommendations', f.prescriberRecommendations);
  count('therapy_changes', f.therapyChanges);
  return issues;
}

function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** The CSV file (RFC 4180, CRLF line ends, header first) for rows that passed validation. */
export function mtmReportCsv(rows: readonly MtmReportingFields[]): string {
  const lines = [MTM_REPORT_COLUMNS.map((c) => c.column).join(',')];
  for (const r of rows) lines.push(MTM_REPORT_COLUMNS.map((c) => csvField(c.value(r))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
