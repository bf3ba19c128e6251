// Structured encounter notes from an organisation template (issue 6 item 6; PRODUCT.md C5). Managers read and
// replace their organisation's template; anyone who may read an encounter gets its note rendered.
import { ValidationError } from '../domain/errors.ts';
import { can, type Actor } from '../domain/roles.ts';
import {
  checkNoteTemplate,
  DEFAULT_NOTE_TEMPLATE,
  NOTE_PLACEHOLDERS,
  parseNoteTemplate,
  renderNote,
  type NoteMedication,
  type NoteSection,
} from '../documents/note.ts';
import { loadEncounter, organizationName } from '../store/encounters.repository.ts';
import { findNoteTemplate, upsertNoteTemplate } from '../store/notes.repository.ts';
import { loadChart } from '../store/patients.repository.ts';
import { audit, deny } from './audit.service.ts';
import { isoDay } from './clock.ts';
import type { ServiceContext } from './context.ts';
import { READ, requireEncounter } from './encounter-access.ts';

export type NoteTemplateView = {
  template: string;
  /** True while the organisation uses the shipped default (it never saved one). */
  isDefault: boolean;
  updatedAt: string | null;
  updatedBy: string | null;
  placeholders: { name: string; description: string }[];
};

export type EncounterNote = { encounterId: string; templateIsDefault: boolean; text: string; sections: NoteSection[] };

const MANAGE_REFUSAL = 'Only a manager may read or change the note template';
const placeholderList = () => Object.entries(NOTE_PLACEHOLDERS).map(([name, p]) => ({ name, description: p.description }));

async function requireManager(ctx: ServiceContext, actor: Actor, action: string) {
  if (!can(actor.role, 'program:manage')) await deny(ctx, actor, { action, resourceType: 'note_template', resourceId: actor.orgId }, MANAGE_REFUSAL);
}

export async function getNoteTemplate(ctx: ServiceContext, actor: Actor): Promise<NoteTemplateView> {
  await requireManager(ctx, actor, 'note-template.read');
  const stored = await findNoteTemplate(ctx.db, actor.orgId);
  return {
    template: stored?.body ?? DEFAULT_NOTE_TEMPLATE,
    isDefault: !stored,
    updatedAt: stored?.updatedAt ?? null,
    updatedBy: stored?.updatedByName ?? null,
    placeholders: placeholderList(),
  };
}

/** Replaces the organisation's template; unknown or unclosed placeholders are refused, each named with its position. */
export async function putNoteTemplate(ctx: ServiceContext, actor: Actor, template: string): Promise<NoteTemplateView> {
  const action = 'note-template.update';
  await requireManager(ctx, actor, action);
  const issues = checkNoteTemplate(template);
  if (issues.length) {
    throw new ValidationError(
      `Invalid note template: ${issues.map((i) => i.message).join('; ')}`,
      issues.map((i) => ({ pointer: '/template', message: i.message })),
    );
  }
  const used = [...new Set(parseNoteTemplate(template).segments.flatMap((s) => ('placeholder' in s ? [s.placeholder] : [])))];
  await ctx.db.tx(async (q) => {
    await upsertNoteTemplate(q, { orgId: actor.orgId, userId: actor.userId, now: ctx.clock.now() }, template);
    await audit(ctx, q, actor, { action, resourceType: 'note_template', resourceId: actor.orgId, detail: { length: template.length, placeholders: used } });
  });
  return getNoteTemplate(ctx, actor);
}

const text = (v: unknown) => (typeof v === 'string' && v ? v : null);

/** The encounter's note from the organisation's template, as plain text and as sections. */
export async function encounterNote(ctx: ServiceContext, actor: Actor, encounterId: string): Promise<EncounterNote> {
  const action = 'encounter.note';
  const head = await requireEncounter(ctx, actor, encounterId, action, READ);
  const enc = await loadEncounter(ctx.db, actor.orgId, encounterId);
  if (!enc) throw new Error('encounter vanished');
  const rows = await loadChart(ctx.db, actor.orgId, head.patientId, isoDay(ctx.clock.now()));
  const p = rows.patient[0] ?? {};
  const stored = await findNoteTemplate(ctx.db, actor.orgId);
  const medications: NoteMedication[] = rows.medications.map((m) => ({
    id: String(m['id']),
    display: String(m['display']),
    sig: text(m['sig']),
    status: m['status'] === 'stopped' ? 'stopped' : 'active',
  }));
  const note = renderNote(stored?.body ?? DEFAULT_NOTE_TEMPLATE, {
    encounter: enc,
    patient: { name: [text(p['firstName']), text(p['lastName'])].filter(Boolean).join(' '), birthDate: text(p['birthDate']), sex: text(p['sex']) },
    organization: (await organizationName(ctx.db, actor.orgId)) ?? null,
    medications,
    conditions: rows.conditions.filter((c) => c['clinicalStatus'] === 'active').map((c) => String(c['display'])),
    allergies: rows.allergies.map((a) => [a['substance'], a['reaction']].filter((x) => typeof x === 'string' && x).join(': ')),
  });
  await audit(ctx, ctx.db, actor, { action, resourceType: 'mtm_encounter', resourceId: encounterId, patientId: head.patientId, detail: { templateIsDefault: !stored } });
  return { encounterId, templateIsDefault: !stored, ...note };
}
