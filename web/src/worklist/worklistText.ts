// Labels, URL filters and small helpers shared by the work queue, calendar and programs pages (issue 5).
import type {
  Appointment,
  Enrollment,
  OutreachAttempt,
  PharmacistSuggestion,
  Program,
  WorkItem,
} from '../../../src/domain/worklists.ts';
import type { PharmacistSummary, Pharmacy } from '../../../src/domain/pharmacies.ts';
import { withQuery } from '../api/client.ts';
import { fmtDate } from '../format.ts';

export type { Appointment, Enrollment, OutreachAttempt, PharmacistSuggestion, PharmacistSummary, Pharmacy, Program, WorkItem };
export {
  APPOINTMENT_MODES,
  MAX_FAILED_ATTEMPTS,
  OPT_OUT_REASONS,
  OUTREACH_CHANNELS,
  OUTREACH_OUTCOMES,
  WORK_ITEM_KINDS,
  WORK_ITEM_STATUSES,
} from '../../../src/domain/worklists.ts';

export type WorklistPage = { items: WorkItem[]; total: number; counts: Record<string, number>; limit: number; offset: number };
export type ProgramRow = Program & { enrolled: number };
export type OutreachResult = { id: string; workItemId: string; itemStatus: string; failedAttempts: number; reached: number };
export type Suggestions = { itemId: string; state: string | null; language: string; items: PharmacistSuggestion[] };
export type CalendarPage = { pharmacist: { id: string; name: string }; from: string; to: string; items: Appointment[] };

const label = (labels: Record<string, string>) => (code: string | null | undefined) => (code ? (labels[code] ?? code) : '—');

export const fmtKind = label({ cmr: 'CMR', tmr: 'TMR', adherence: 'Adherence rescue', dtp: 'Drug therapy problems', 'post-discharge': 'Post-discharge' });
export const fmtItemStatus = label({
  open: 'Open',
  claimed: 'Claimed',
  done: 'Done',
  'unable-to-reach': 'Unable to reach',
  declined: 'Declined',
  'not-needed': 'No longer needed',
});
export const fmtChannel = label({ phone: 'Phone', text: 'Text message', mail: 'Mail', portal: 'Portal message' });
export const fmtOutcome = label({ reached: 'Reached', 'left-message': 'Left message', 'wrong-number': 'Wrong number', declined: 'Declined', 'call-back': 'Asked to call back' });
export const fmtMode = label({ 'in-person': 'In person', phone: 'Phone', video: 'Video' });
export const fmtApptStatus = label({ booked: 'Booked', cancelled: 'Cancelled', 'no-show': 'No-show', completed: 'Completed' });
export const fmtProgramKind = label({ partd: 'Medicare Part D', medicaid: 'Medicaid', commercial: 'Commercial', employer: 'Employer', clinic: 'Clinic panel' });

// ---- generation ---------------------------------------------------------------------------------------------

export type GenerateResult = {
  asOf: string;
  enrollments: number;
  created: number;
  interventions: { adherence: number; dtp: number; closedNoLongerNeeded: number };
  assessmentErrors: { patientId: string; engine: string; message: string }[];
  reprioritised: number;
};

/** The manager's summary of a generation run. */
export function generatedText(r: GenerateResult): string {
  const n = (k: number, one: string, many = `${one}s`) => `${k} ${k === 1 ? one : many}`;
  const i = r.interventions;
  return [
    `Generated work items as of ${fmtDate(r.asOf)}: ${n(r.created, 'new item')} from ${r.enrollments} active enrollments`,
    ` (${n(i.adherence, 'adherence rescue', 'adherence rescues')}, ${n(i.dtp, 'drug therapy problem item')}); `,
    `${n(i.closedNoLongerNeeded, 'intervention')} closed as no longer needed; ${r.reprioritised} priorities refreshed.`,
    r.assessmentErrors.length ? ` ${n(r.assessmentErrors.length, 'patient record')} could not be assessed (see the audit log).` : '',
  ].join('');
}

// ---- queue filters in the URL ---------------------------------------------------------------------------------

export const QUEUE_FILTER_KEYS = ['program', 'pharmacy', 'status', 'kind', 'dueBefore', 'language', 'state', 'assignedTo'] as const;
export type QueueFilterKey = (typeof QUEUE_FILTER_KEYS)[number];
export type QueueFilters = Record<QueueFilterKey, string>;
export const NO_QUEUE_FILTERS: QueueFilters = { program: '', pharmacy: '', status: '', kind: '', dueBefore: '', language: '', state: '', assignedTo: '' };
export const QUEUE_PAGE_SIZE = 25;

export function readQueueFilters(params: URLSearchParams): { filters: QueueFilters; offset: number } {
  const filters = { ...NO_QUEUE_FILTERS };
  for (const k of QUEUE_FILTER_KEYS) filters[k] = (params.get(k) ?? '').trim();
  const offset = Number(params.get('offset') ?? '0');
  return { filters, offset: Number.isInteger(offset) && offset > 0 ? offset : 0 };
}

export const queueHref = (f: QueueFilters, offset: number) => withQuery('/worklist', { ...f, offset: offset > 0 ? offset : undefined });
export const queueApiPath = (f: QueueFilters, offset: number) =>
  withQuery('/api/worklist', { ...f, state: f.state.toUpperCase(), language: f.language.toLowerCase(), limit: QUEUE_PAGE_SIZE, offset });

// ---- dates and times ------------------------------------------------------------------------------------------

const pad = (n: number) => String(n).padStart(2, '0');
/** A local Date as YYYY-MM-DD. */
export const localDay = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
/** A local Date's time as HH:MM. */
export const localTime = (d: Date) => `${pad(d.getHours())}:${pad(d.getMinutes())}`;
/** YYYY-MM-DD plus n days. */
export function plusDays(day: string, n: number): string {
  const d = new Date(`${day}T12:00:00`);
  d.setDate(d.getDate() + n);
  return localDay(d);
}
/** The Monday of the week containing `day` (local). */
export function mondayOf(day: string): string {
  const d = new Date(`${day}T12:00:00`);
  return plusDays(day, -((d.getDay() + 6) % 7));
}
/** A local date and time from the form as an ISO instant (UTC), or null when either is missing or invalid. */
export function toInstant(day: string, time: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || !/^\d{2}:\d{2}$/.test(time)) return null;
  const d = new Date(`${day}T${time}:00`);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
export const fmtTime = (iso: string) => new Date(iso).toLocaleTimeString('en-US', { hour: 'numeric', minute: '2-digit' });
export const fmtWhen = (iso: string | null) =>
  iso ? new Date(iso).toLocaleString('en-US', { weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }) : '—';
export const fmtDayHeading = (day: string) =>
  new Date(`${day}T12:00:00`).toLocaleDateString('en-US', { weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' });

/** A plain-language opening for a CMR outreach call (shown beside the outreach form). */
export const CMR_SCRIPT: string[] = [
  'Hello, may I speak with {name}? My name is {me}, and I am calling from {org} about your Medicare drug plan’s free medication review.',
  'Because you take several medicines, your plan offers you a one-on-one talk with a pharmacist, at no cost to you. It takes about 30 to 45 minutes, by phone, video or in person.',
  'The pharmacist goes over all your medicines — prescriptions, over-the-counter medicines, vitamins and herbal products — to check they work well together and answer your questions. You get a written summary and an up-to-date medication list afterwards.',
  'Would you like to set up a time? If it helps, please have your medicine bottles, or a list of them, nearby for the call.',
  'If now is not a good time, when would be better to call back? (If the patient declines, ask — without pressing — whether they would like to share why, and note it.)',
];
