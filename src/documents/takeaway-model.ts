// The CMR takeaway (cover letter, Medication Action Plan, Personal Medication List) as a document model: every
// string resolved for one language, so the PDF and HTML renderers only lay it out. Pure: no IO, no clock.
// Screening findings become PROPOSED action-plan items; the result is a draft for the pharmacist to edit.
import type { DtpFinding, PatientSnapshot, SnapshotMedication } from '../domain/screening.ts';
import { BLANK, formatDate, STRINGS, TEMPLATE_VERSION, type Lang } from './strings.ts';

export type TakeawayPatient = { name?: string; addressLines?: string[] };
/** What the snapshot does not carry, per snapshot medication id (from the source record). */
export type MedicationDetails = { indication?: string; prescriber?: string; stopReason?: string };
export type TakeawayProvider = { pharmacistName?: string; contact?: string; planName?: string; organization?: string };

export type TakeawayInput = {
  snapshot: PatientSnapshot;
  findings: readonly DtpFinding[];
  /** The date prepared (and, unless `serviceDate` is given, the date of the review). */
  asOf: string;
  lang: Lang;
  patient?: TakeawayPatient;
  medicationDetails?: Readonly<Record<string, MedicationDetails>>;
  provider?: TakeawayProvider;
  serviceDate?: string;
  /** Replaces the default data-source phrase ("your pharmacy and health records on …, and what you told us"). */
  dataSources?: string;
  maxActionItems?: number;
  /** The pharmacist has signed the review: no draft banner. */
  final?: boolean;
  /**
   * Stopped medications to list after the active ones, with the date stopped and why (from `medicationDetails`):
   * those stopped at this review, so the patient's list says what to stop taking. Other stopped ones stay off it.
   */
  stoppedToList?: readonly string[];
};

/** A labelled row; an empty value is a blank of `lines` lines for the patient to write on. */
export type FieldRow = { label: string; value: string; lines?: number };
export type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string; bold?: boolean }
  | { kind: 'list'; items: string[]; ordered?: boolean }
  | { kind: 'fields'; rows: FieldRow[] }
  | { kind: 'writing-space'; label: string; lines: number }
  | { kind: 'spacer' };

export type TakeawayDocumentId = 'cover-letter' | 'action-plan' | 'medication-list';
export type TakeawayDocument = { id: TakeawayDocumentId; title: string; blocks: Block[] };

export type TakeawayModel = {
  lang: Lang;
  asOf: string;
  templateVersion: string;
  /** Printed on every page while the takeaway is a draft (empty once the review is signed). */
  banner: string;
  /** "Page 1 of 3" in the model's language. */
  pageLabel: (n: number, of: number) => string;
  documents: TakeawayDocument[];
  /** For the pharmacist, not printed (e.g. "the action-plan items are in English"). */
  reviewNotes: string[];
  /** The findings proposed as action-plan items (rule ids, in order) and the active medications listed. */
  actionItemRules: string[];
  medicationCount: number;
};

const SEVERITY_ORDER = { high: 0, moderate: 1, low: 2 } as const;
export const DEFAULT_MAX_ACTION_ITEMS = 6;
const BLANK_MEDICATION_BLOCKS = 3;

/** Problems only, high and moderate before low (stable otherwise: the engine's rank), at most `max`. */
export function actionItems(findings: readonly DtpFinding[], max = DEFAULT_MAX_ACTION_ITEMS): DtpFinding[] {
  return findings
    .map((f, i) => ({ f, i }))
    .filter(({ f }) => f.status === 'problem')
    .sort((a, b) => SEVERITY_ORDER[a.f.severity] - SEVERITY_ORDER[b.f.severity] || a.i - b.i)
    .slice(0, max)
    .map(({ f }) => f);
}

/** "NSAID with an ACE inhibitor … (hydrochlorothiazide, lisinopril, naproxen)": the title plus the drugs it names. */
export function talkedAbout(f: DtpFinding): string {
  const named = f.drugs.filter((d) => !f.title.toLowerCase().includes(d.toLowerCase()));
  return named.length ? `${f.title} (${named.join(', ')})` : f.title;
}

export function buildTakeaway(input: TakeawayInput): TakeawayModel {
  const { lang, snapshot, asOf } = input;
  const s = STRINGS[lang];
  const name = input.patient?.name?.trim() || BLANK;
  const prepared = formatDate(asOf, lang);
  const dob = snapshot.birthDate ? formatDate(snapshot.birthDate, lang) : BLANK;
  const contact = [input.provider?.pharmacistName, input.provider?.contact].filter(Boolean).join(', ') || s.contactUnknown;
  const items = actionItems(input.findings, input.maxActionItems);
  const reviewNotes: string[] = [];
  if (lang !== 'en' && items.length > 0) {
    reviewNotes.push(`The ${items.length} proposed action-plan items are in English (the screening rules have English patient text only); translate or rewrite them before giving the ${lang} takeaway to the patient.`);
  }
  if (!input.provider?.pharmacistName || !input.provider.contact) reviewNotes.push('Pharmacist name and contact details are blank; fill them in by hand or pass them in.');

  const header = (title: string): Block[] => [
    { kind: 'heading', text: title },
    { kind: 'fields', rows: [{ label: s.dob, value: dob }, { label: s.datePrepared, value: prepared }] },
  ];

  const cover: TakeawayDocument = {
    id: 'cover-letter',
    title: s.coverTitle,
    blocks: [
      { kind: 'heading', text: s.coverTitle },
      { kind: 'paragraph', text: prepared },
      { kind: 'paragraph', text: [name, ...(input.patient?.addressLines ?? [])].join('\n') },
      { kind: 'paragraph', text: s.salutation(name) },
      { kind: 'paragraph', text: s.thanks(formatDate(input.serviceDate ?? asOf, lang)) },
      { kind: 'paragraph', text: s.includes },
      { kind: 'list', items: s.coverBullets },
      { kind: 'paragraph', text: s.callUs(contact, input.provider?.planName?.trim() || s.planUnknown) },
      { kind: 'paragraph', text: s.closing },
      { kind: 'paragraph', text: [input.provider?.pharmacistName || BLANK, s.pharmacistLine, input.provider?.organization].filter(Boolean).join('\n') },
      { kind: 'paragraph', text: s.enclosures, bold: true },
      { kind: 'list', items: s.enclosureList },
    ],
  };

  const actionPlan: TakeawayDocument = {
    id: 'action-plan',
    title: s.mapTitle(name),
    blocks: [
      ...header(s.mapTitle(name)),
      { kind: 'paragraph', text: s.mapIntro },
      { kind: 'list', items: s.mapSteps, ordered: true },
      { kind: 'paragraph', text: s.mapKeep },
      ...(items.length === 0
        ? [{ kind: 'paragraph', text: s.noItems } as const, { kind: 'fields', rows: itemRows(s.talkedAbout, '', s.needToDo, '', s.didAndWhen) } as const]
        : items.map((f): Block => ({ kind: 'fields', rows: itemRows(s.talkedAbout, talkedAbout(f), s.needToDo, f.patientText, s.didAndWhen) }))),
      { kind: 'writing-space', label: s.followUp, lines: 4 },
      { kind: 'writing-space', label: s.questions, lines: 4 },
      { kind: 'paragraph', text: s.mapQuestionsCall(contact) },
    ],
  };

  const byName = (a: SnapshotMedication, b: SnapshotMedication) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' });
  const active = snapshot.medications.filter((m) => m.status === 'active').sort(byName);
  const listStopped = new Set(input.stoppedToList ?? []);
  const stopped = snapshot.medications.filter((m) => m.status === 'stopped' && listStopped.has(m.id)).sort(byName);
  const allergies = snapshot.allergies.map((a) => a.text).filter(Boolean).join('; ');
  const medList: TakeawayDocument = {
    id: 'medication-list',
    title: s.pmlTitle(name),
    blocks: [
      ...header(s.pmlTitle(name)),
      { kind: 'paragraph', text: s.pmlMadeFor(input.dataSources?.trim() || s.defaultSources(prepared)) },
      { kind: 'list', items: s.pmlBullets },
      { kind: 'paragraph', text: s.pmlKeepUpToDate },
      { kind: 'list', items: s.pmlKinds },
      { kind: 'paragraph', text: s.pmlHospital },
      { kind: 'fields', rows: [{ label: s.allergies, value: allergies, lines: 2 }] },
      ...active.map((m): Block => ({ kind: 'fields', rows: medicationRows(m, input.medicationDetails?.[m.id] ?? {}, lang) })),
      ...stopped.map((m): Block => ({ kind: 'fields', rows: medicationRows(m, input.medicationDetails?.[m.id] ?? {}, lang) })),
      { kind: 'heading', text: s.addYourOwn },
      ...Array.from({ length: BLANK_MEDICATION_BLOCKS }, (): Block => ({ kind: 'fields', rows: medicationRows(undefined, {}, lang) })),
      { kind: 'writing-space', label: s.otherInformation, lines: 3 },
      { kind: 'paragraph', text: s.pmlQuestionsCall(contact) },
      { kind: 'heading', text: s.disposalTitle },
      { kind: 'list', items: s.disposal },
    ],
  };

  return { lang, asOf, templateVersion: TEMPLATE_VERSION, banner: input.final ? '' : s.draftBanner, pageLabel: s.page, documents: [cover, actionPlan, medList], reviewNotes, actionItemRules: items.map((f) => f.ruleId), medicationCount: active.length };
}

function itemRows(talkedLabel: string, talked: string, needLabel: string, need: string, didLabel: string): FieldRow[] {
  return [
    { label: talkedLabel, value: talked, lines: 2 },
    { label: needLabel, value: need, lines: 2 },
    { label: didLabel, value: '', lines: 2 },
  ];
}

/** One Personal Medication List block; without a medication, a blank block for the patient. */
function medicationRows(m: SnapshotMedication | undefined, details: MedicationDetails, lang: Lang): FieldRow[] {
  const s = STRINGS[lang];
  if (!m) return [s.medication, s.howIUse, s.whyIUse, s.prescriber, s.dateStarted, s.dateStopped, s.whyStopped].map((label) => ({ label, value: '' }));
  return [
    { label: s.medication, value: m.name },
    { label: s.howIUse, value: m.sig ?? '' },
    { label: s.whyIUse, value: details.indication ?? BLANK },
    { label: s.prescriber, value: details.prescriber ?? BLANK },
    { label: s.dateStarted, value: m.startDate ? formatDate(m.startDate, lang) : '' },
    { label: s.dateStopped, value: m.status === 'stopped' && m.stopDate ? formatDate(m.stopDate, lang) : '' },
    { label: s.whyStopped, value: m.status === 'stopped' ? details.stopReason ?? '' : '' },
  ];
}
