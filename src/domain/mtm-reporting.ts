// CMS Part D MTM beneficiary-level reporting (issue 6 item 8; PRODUCT.md §5.3; docs/mtm-reporting.md): the
// shapes the API returns, the CMS code lists and the file's columns. Shared by the server and the web app.
import { z } from 'zod';
import type { DELIVERY_METHODS, RECIPIENTS } from './encounters.ts';
import { OPT_OUT_REASONS, type OptOutReason } from './worklists.ts';

/**
 * Method of delivery of the initial CMR. Codes [V] (ResDAC MTM file, "CMR delivery method"; PRODUCT.md §5.3):
 * 01 face-to-face, 02 telephone, 03 telehealth consultation (video), 99 other.
 */
export const CMR_DELIVERY_CODES = { '01': 'face-to-face', '02': 'telephone', '03': 'telehealth (video)', '99': 'other' } as const;
export type CmrDeliveryCode = keyof typeof CMR_DELIVERY_CODES;
export const DELIVERY_METHOD_CODE: Record<(typeof DELIVERY_METHODS)[number], CmrDeliveryCode> = { 'in-person': '01', phone: '02', video: '03' };

/**
 * Recipient of the CMR. Only 01 (beneficiary) is verified [V]; the codes for the others are [U] (PRODUCT.md §5.3:
 * "others authorised representatives"). Check them against the technical specification of the year reported.
 */
export const CMR_RECIPIENT_CODES = { '01': 'beneficiary', '02': "beneficiary's prescriber", '03': 'caregiver', '04': 'other authorized individual' } as const;
export type CmrRecipientCode = keyof typeof CMR_RECIPIENT_CODES;
export const RECIPIENT_CODE: Record<(typeof RECIPIENTS)[number], CmrRecipientCode> = { patient: '01', prescriber: '02', caregiver: '03' };

export { OPT_OUT_REASONS, type OptOutReason };

export type YesNo = 'Y' | 'N';
export type YesNoUnknown = 'Y' | 'N' | 'U';

/** The reporting data elements of one beneficiary for one contract year. Dates are YYYY-MM-DD. */
export type MtmReportingFields = {
  patientId: string;
  year: number;
  /** Enrolled in a Part D MTM program of that year (a program of kind partd). */
  enrolled: boolean;
  programName: string | null;
  /** From the program's criteria when it names a contract, else from the patient's Part D coverage in the year. */
  contract: string | null;
  pbp: string | null;
  /** The Part D member id (MBI) of that coverage. */
  memberId: string | null;
  firstName: string;
  lastName: string;
  birthDate: string;
  cognitiveImpairment: YesNoUnknown;
  longTermCare: YesNo;
  enrollmentDate: string | null;
  optOutDate: string | null;
  optOutReason: OptOutReason | null;
  cmrOffered: YesNo;
  cmrOfferDate: string | null;
  /** Received a CMR: signed and its written summary (takeaway) sent. */
  cmrReceived: YesNo;
  cmrCount: number;
  cmrDates: string[];
  cmrDeliveryMethod: CmrDeliveryCode | null;
  cmrRecipient: CmrRecipientCode | null;
  writtenSummaryDate: string | null;
  tmrCount: number;
  firstTmrDate: string | null;
  prescriberRecommendations: number;
  therapyChanges: number;
  /** Why something did or did not count, e.g. a signed CMR whose summary was not sent. */
  notes: string[];
};

/** A field failing validation, named by member and column. */
export type ReportIssue = { memberId: string; column: string; message: string };

export type MtmReportingResponse = MtmReportingFields & { issues: ReportIssue[] };

export const reportingQuery = z.object({
  year: z.coerce.number({ message: 'expected a year such as 2026' }).int('expected a year such as 2026').min(2006).max(2100),
});

export const mtmReportQuery = reportingQuery.extend({
  contract: z.string().trim().toUpperCase().regex(/^[HRSE]\d{4}$/, 'expected a Part D contract id such as H1234'),
});
