// The structured encounter note (issue 6 item 6; PRODUCT.md C5): an organisation-level text template with
// {{placeholders}} filled from the encounter and the chart. Pure: no IO, no clock. The service loads the template
// and the data; this module checks templates (unknown placeholders are named with their line and column) and
// renders the note as plain text and as sections (a line "## Title" starts a section).
import type { Encounter } from '../domain/encounters.ts';

export type NoteMedication = { id: string; display: string; sig: string | null; status: 'active' | 'stopped' };

export type NoteData = {
  encounter: Encounter;
  patient: { name: string; birthDate: string | null; sex: string | null };
  organization: string | null;
  /** The chart's medications (active and stopped), for names of reconciled entries and the active list. */
  medications: NoteMedication[];
  conditions: string[];
  allergies: string[];
};

export type NoteSection = { title: string | null; text: string };
export type RenderedNote = { text: string; sections: NoteSection[] };

/** A template problem, located (1-based line and column of the opening braces). */
export type TemplateIssue = { placeholder: string; line: number; column: number; message: string };

export const NOTE_TEMPLATE_MAX_CHARS = 20_000;
const NONE = 'None recorded.';

const KIND_LABEL: Record<Encounter['kind'], string> = { cmr: 'Comprehensive medication review (CMR)', tmr: 'Targeted medication review (TMR)' };
const METHOD_LABEL: Record<NonNullable<Encounter['deliveryMethod']>, string> = { 'in-person': 'In person', phone: 'Telephone', video: 'Video' };
const RECIPIENT_LABEL: Record<NonNullable<Encounter['recipient']>, string> = { patient: 'Patient', caregiver: 'Caregiver', prescriber: 'Prescriber' };
const ACTIVITY_LABEL: Record<Encounter['time'][number]['activity'], string> = {
  prework: 'Prework', interview: 'Interview', documentation: 'Documentation', 'follow-up': 'Follow-up',
};
const INTERVENTION_LABEL: Record<Encounter['interventions'][number]['kind'], string> = {
  education: 'Education', 'prescriber-recommendation': 'Recommendation to prescriber', referral: 'Referral', 'cpa-change': 'Change under CPA', other: 'Other',
};
const RECONCILIATION_LABEL: Record<Encounter['reconciliation'][number]['action'], string> = {
  confirmed: 'confirmed', 'changed-sig': 'directions changed', 'not-taking': 'not taking', 'taking-differently': 'taking differently', stopped: 'stopped',
};
const STATUS_LABEL: Record<Encounter['status'], string> = { 'in-progress': 'in progress', documented: 'documented', signed: 'signed' };

const bullets = (items: string[]) => (items.length ? items.map((i) => `- ${i}`).join('\n') : NONE);
const instant = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
const yesNo = (b: boolean) => (b ? 'yes' : 'no');

/** Whole years from `birth` to `on` (both YYYY-MM-DD). */
export function ageOn(birth: string, on: string): number {
  const years = Number(on.slice(0, 4)) - Number(birth.slice(0, 4));
  return on.slice(5) < birth.slice(5) ? years - 1 : years;
}

function interventionLine(d: NoteData, i: Encounter['interventions'][number], withProblem: boolean): string {
  const problem = withProblem && i.problemId ? d.encounter.problems.find((p) => p.id === i.problemId) : undefined;
  const tags = [INTERVENTION_LABEL[i.kind], ...(i.teachBack ? ['teach-back confirmed'] : [])].join(', ');
  return `[${tags}] ${i.detail}${problem ? ` (problem: ${problem.title})` : ''}`;
}

function acceptedProblems(d: NoteData): string {
  const accepted = d.encounter.problems.filter((p) => p.decision === 'accepted');
  if (!accepted.length) return 'No drug therapy problems accepted.';
  return accepted
    .map((p, n) => {
      const lines = [
        `${n + 1}. ${p.title} [${p.severity} severity; ${p.category}]${p.drugs.length ? ` (${p.drugs.join(', ')})` : ''}`,
        `   Assessment: ${p.summary}`,
        `   Plan: ${p.recommendation}`,
      ];
      for (const i of d.encounter.interventions.filter((x) => x.problemId === p.id)) lines.push(`   Intervention: ${interventionLine(d, i, false)}`);
      return lines.join('\n');
    })
    .join('\n');
}

function timeByActivity(d: NoteData): string {
  const sums = new Map<string, number>();
  for (const t of d.encounter.time) sums.set(t.activity, (sums.get(t.activity) ?? 0) + t.minutes);
  const rows = (Object.keys(ACTIVITY_LABEL) as (keyof typeof ACTIVITY_LABEL)[])
    .filter((a) => sums.has(a))
    .map((a) => `${ACTIVITY_LABEL[a]}: ${sums.get(a)} min`);
  return bullets(rows);
}

type Placeholder = { description: string; render: (d: NoteData) => string };

/** Every placeholder a template may use, with what it is replaced by. */
export const NOTE_PLACEHOLDERS: Readonly<Record<string, Placeholder>> = {
  'organization': { description: 'The organisation name', render: (d) => d.organization ?? '' },
  'patient.name': { description: "The patient's name", render: (d) => d.patient.name },
  'patient.birthDate': { description: 'Date of birth (YYYY-MM-DD)', render: (d) => d.patient.birthDate ?? 'unknown' },
  'patient.age': {
    description: 'Age in years on the encounter date',
    render: (d) => (d.patient.birthDate ? String(ageOn(d.patient.birthDate, d.encounter.createdAt.slice(0, 10))) : 'unknown'),
  },
  'patient.sex': { description: 'Sex as recorded', render: (d) => d.patient.sex ?? 'unknown' },
  'encounter.kind': { description: 'CMR or TMR, spelled out', render: (d) => KIND_LABEL[d.encounter.kind] },
  'encounter.date': { description: 'Date of the encounter (YYYY-MM-DD)', render: (d) => d.encounter.createdAt.slice(0, 10) },
  'encounter.status': { description: 'In progress, documented or signed', render: (d) => STATUS_LABEL[d.encounter.status] },
  'encounter.focus': { description: 'The TMR focus (one problem)', render: (d) => d.encounter.focus ?? NONE },
  'delivery.method': { description: 'In person, telephone or video', render: (d) => (d.encounter.deliveryMethod ? METHOD_LABEL[d.encounter.deliveryMethod] : 'Not recorded') },
  'delivery.recipient': { description: 'Patient, caregiver or prescriber', render: (d) => (d.encounter.recipient ? RECIPIENT_LABEL[d.encounter.recipient] : 'Not recorded') },
  'flags': {
    description: 'Cognitive impairment and long-term-care flags',
    render: (d) => `Cognitive impairment: ${yesNo(d.encounter.cognitiveImpairment)}; long-term care: ${yesNo(d.encounter.longTermCare)}`,
  },
  'conditions': { description: 'Active conditions, one per line', render: (d) => bullets(d.conditions) },
  'allergies': { description: 'Allergies and intolerances, one per line', render: (d) => bullets(d.allergies) },
  'medications.active': {
    description: 'Active medications with directions (as reconciled), one per line',
    render: (d) => {
      const rec = new Map(d.encounter.reconciliation.map((r) => [r.medicationId, r]));
      const active = d.medications.filter((m) => m.status === 'active' && rec.get(m.id)?.action !== 'stopped');
      return bullets(active.map((m) => {
        const sig = rec.get(m.id)?.newSig ?? m.sig;
        return sig ? `${m.display}: ${sig}` : m.display;
      }));
    },
  },
  'medications.reconciled': {
    description: 'Medications reconciled with the patient and the outcome, one per line',
    render: (d) => {
      const names = new Map(d.medications.map((m) => [m.id, m.display]));
      return bullets(d.encounter.reconciliation.map((r) => {
        const parts = [`${names.get(r.medicationId) ?? 'Medication'}: ${RECONCILIATION_LABEL[r.action]}`];
        if (r.newSig) parts.push(`new directions "${r.newSig}"${r.previousSig ? ` (was "${r.previousSig}")` : ''}`);
        if (r.note) parts.push(r.note);
        if (r.addedInReview) parts.push('reported by the patient and added at this review');
        return parts.join('; ');
      }));
    },
  },
  'problems.accepted': { description: 'Accepted drug therapy problems, each with assessment, plan and linked interventions', render: acceptedProblems },
  'problems.dismissed': {
    description: 'Problems reviewed and dismissed, with the reason',
    render: (d) => bullets(d.encounter.problems.filter((p) => p.decision === 'dismissed').map((p) => `${p.title}: ${p.dismissReason ?? ''}`)),
  },
  'interventions': { description: 'Every intervention, one per line', render: (d) => bullets(d.encounter.interventions.map((i) => interventionLine(d, i, true))) },
  'education': {
    description: 'Patient education (with teach-back when confirmed)',
    render: (d) => bullets(d.encounter.interventions.filter((i) => i.kind === 'education').map((i) => interventionLine(d, i, true))),
  },
  'recommendations': {
    description: 'Recommendations to prescribers',
    render: (d) => bullets(d.encounter.interventions.filter((i) => i.kind === 'prescriber-recommendation').map((i) => interventionLine(d, i, true))),
  },
  'goals': { description: "The patient's goals", render: (d) => d.encounter.goals ?? NONE },
  'followUp': {
    description: 'Follow-up date and note',
    render: (d) => {
      const e = d.encounter;
      if (!e.followUpDate && !e.followUpNote) return 'None scheduled.';
      return [e.followUpDate, e.followUpNote].filter(Boolean).join(': ');
    },
  },
  'time.byActivity': { description: 'Minutes per activity (prework, interview, documentation, follow-up)', render: timeByActivity },
  'time.total': { description: 'Total minutes', render: (d) => `${d.encounter.totalMinutes} min` },
  'takeaway': {
    description: 'Whether and when the written summary was sent',
    render: (d) => {
      const e = d.encounter;
      if (e.takeawaySentAt) return `Sent ${e.takeawaySentAt}${e.takeawaySentMethod ? ` by ${e.takeawaySentMethod}` : ''}`;
      return e.takeawayDueDate ? `Not sent yet (due ${e.takeawayDueDate})` : 'Not required';
    },
  },
  'signer': {
    description: 'Who signed and when, or that the note is unsigned',
    render: (d) => {
      const e = d.encounter;
      if (e.status === 'signed' && e.signedByName && e.signedAt) return `Electronically signed by ${e.signedByName} on ${instant(e.signedAt)}`;
      return `Not signed (${STATUS_LABEL[e.status]}); documented by ${e.createdByName}`;
    },
  },
  'addenda': {
    description: 'Dated addenda after signing',
    render: (d) => bullets(d.encounter.addenda.map((a) => `${instant(a.createdAt)}, ${a.userName}: ${a.text}`)),
  },
};

/** The shipped SOAP-style template, used until an organisation saves its own. */
export const DEFAULT_NOTE_TEMPLATE = `{{encounter.kind}}: {{encounter.date}}
Patient: {{patient.name}} (born {{patient.birthDate}}, age {{patient.age}}, {{patient.sex}})
Organization: {{organization}}

## Subjective
Delivery: {{delivery.method}}; recipient: {{delivery.recipient}}
{{flags}}
Focus: {{encounter.focus}}
Patient goals: {{goals}}

## Objective
Conditions:
{{conditions}}
Allergies:
{{allergies}}
Active medications:
{{medications.active}}
Medications reconciled:
{{medications.reconciled}}

## Assessment
{{problems.accepted}}
Reviewed and dismissed:
{{problems.dismissed}}

## Plan
Interventions:
{{interventions}}
Education:
{{education}}
Recommendations to prescribers:
{{recommendations}}
Written summary: {{takeaway}}
Follow-up: {{followUp}}

## Time
{{time.byActivity}}
Total: {{time.total}}

## Signature
{{signer}}
Addenda:
{{addenda}}
`;

type Segment = { text: string } | { placeholder: string };

/** Splits a template into text and placeholders, or lists every problem found (unknown or unclosed placeholders). */
export function parseNoteTemplate(template: string): { segments: Segment[]; issues: TemplateIssue[] } {
  const segments: Segment[] = [];
  const issues: TemplateIssue[] = [];
  const locate = (offset: number) => {
    const before = template.slice(0, offset);
    const line = before.split('\n').length;
    return { line, column: offset - before.lastIndexOf('\n') };
  };
  let at = 0;
  for (;;) {
    const open = template.indexOf('{{', at);
    if (open < 0) break;
    const close = template.indexOf('}}', open + 2);
    const nextOpen = template.indexOf('{{', open + 2);
    if (close < 0 || (nextOpen >= 0 && nextOpen < close) || template.slice(open, close).includes('\n')) {
      const { line, column } = locate(open);
      const shown = template.slice(open, open + 30).split('\n')[0]!;
      issues.push({ placeholder: shown, line, column, message: `unclosed placeholder "${shown}" at line ${line}, column ${column}: close it with }}` });
      at = open + 2;
      continue;
    }
    if (open > at) segments.push({ text: template.slice(at, open) });
    const name = template.slice(open + 2, close).trim();
    if (!Object.hasOwn(NOTE_PLACEHOLDERS, name)) {
      const { line, column } = locate(open);
      issues.push({ placeholder: name, line, column, message: `unknown placeholder {{${name}}} at line ${line}, column ${column}` });
    }
    segments.push({ placeholder: name });
    at = close + 2;
  }
  if (at < template.length) segments.push({ text: template.slice(at) });
  return { segments, issues };
}

/** Problems in a template: empty, too long, unknown or unclosed placeholders. Empty when the template is usable. */
export function checkNoteTemplate(template: string): TemplateIssue[] {
  if (!template.trim()) return [{ placeholder: '', line: 1, column: 1, message: 'the template is empty' }];
  if (template.length > NOTE_TEMPLATE_MAX_CHARS) {
    return [{ placeholder: '', line: 1, column: 1, message: `the template has ${template.length} characters; at most ${NOTE_TEMPLATE_MAX_CHARS}` }];
  }
  return parseNoteTemplate(template).issues;
}

export class NoteTemplateError extends Error {
  constructor(readonly issues: TemplateIssue[]) {
    super(`Invalid note template: ${issues.map((i) => i.message).join('; ')}`);
  }
}

/** Fills the template and splits the result into sections. Throws NoteTemplateError for an invalid template. */
export function renderNote(template: string, data: NoteData): RenderedNote {
  const issues = checkNoteTemplate(template);
  if (issues.length) throw new NoteTemplateError(issues);
  const filled = parseNoteTemplate(template)
    .segments.map((s) => ('text' in s ? s.text : NOTE_PLACEHOLDERS[s.placeholder]!.render(data)))
    .join('');
  const sections: NoteSection[] = [];
  let current: { title: string | null; lines: string[] } = { title: null, lines: [] };
  const out: string[] = [];
  const flush = () => {
    const text = tidy(current.lines.join('\n'));
    if (current.title !== null || text) sections.push({ title: current.title, text });
  };
  for (const raw of filled.split('\n')) {
    const line = raw.replace(/\s+$/, '');
    const heading = /^##\s+(.+)$/.exec(line);
    if (heading) {
      flush();
      current = { title: heading[1]!.trim(), lines: [] };
      out.push(current.title!);
    } else {
      current.lines.push(line);
      out.push(line);
    }
  }
  flush();
  return { text: `${tidy(out.join('\n'))}\n`, sections };
}

/** Trims leading and trailing blank lines and collapses runs of blank lines to one. */
function tidy(s: string): string {
  return s.replace(/\n{3,}/g, '\n\n').replace(/^\n+|\n+$/g, '');
}
