// Scheduling MTM appointments (issue 5; PRODUCT.md C4, §5.1, §5.2): book, reschedule, cancel, no-show, complete, and a pharmacist's calendar.
// Every write and its audit entry commit in one transaction. A booking locks the pharmacist's row before looking
// for overlaps, so two bookings for one pharmacist cannot both take the same slot.
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.ts';
import type { Actor } from '../domain/roles.ts';
import type { Appointment, AppointmentInput, AppointmentPatch } from '../domain/worklists.ts';
import * as repo from '../store/appointments.repository.ts';
import * as pharmacists from '../store/pharmacists.repository.ts';
import * as workItems from '../store/work-items.repository.ts';
import { isUniqueViolation } from '../store/worklists.shared.ts';
import { audit } from './audit.service.ts';
import type { ServiceContext } from './context.ts';
import { requirePatientAccess } from './patients.service.ts';
import { checkPharmacistFor, isActive, need } from './worklists.shared.ts';

const HOUR = 3_600_000;

function defaultReminders(start: string, now: Date): Appointment['reminders'] {
  const t = Date.parse(start);
  return [
    { sendAt: new Date(t - 24 * HOUR).toISOString(), channel: 'text' as const },
    { sendAt: new Date(t - 2 * HOUR).toISOString(), channel: 'phone' as const },
  ].filter((r) => Date.parse(r.sendAt) > now.getTime());
}

function slotTaken(name: string, other: { start: string; end: string }): ConflictError {
  return new ConflictError(`Slot taken: ${name} already has an appointment from ${other.start} to ${other.end}`);
}

export async function bookAppointment(ctx: ServiceContext, actor: Actor, input: AppointmentInput) {
  await requirePatientAccess(ctx, ctx.db, actor, input.patientId, 'appointment.create');
  await need(ctx, actor, 'outreach:write', 'appointment.create', 'appointment', 'Your role may not book appointments', { patientId: input.patientId });
  const now = ctx.clock.now();
  const start = new Date(input.start).toISOString();
  if (Date.parse(start) <= now.getTime()) throw new ValidationError('The appointment is in the past', [{ pointer: '/start', message: 'must be in the future' }]);
  const facts = (await pharmacists.patientFacts(ctx.db, actor.orgId, input.patientId))!;
  const pharmacist = checkPharmacistFor(await pharmacists.findPharmacist(ctx.db, actor.orgId, input.pharmacistId), facts.state, start.slice(0, 10), '/pharmacistId');
  const workItemId = input.workItemId ?? null;
  if (workItemId) {
    const item = await workItems.findWorkItem(ctx.db, actor.orgId, workItemId);
    if (!item || item.patientId !== input.patientId) throw new ValidationError('Unknown work item', [{ pointer: '/workItemId', message: "not a work item of this patient" }]);
  }
  const reminders = (input.reminders ?? defaultReminders(start, now)).map((r) => ({ sendAt: new Date(r.sendAt).toISOString(), channel: r.channel }));
  const late = reminders.find((r) => r.sendAt > start);
  if (late) throw new ValidationError('Reminder after the appointment', [{ pointer: '/reminders', message: `reminder at ${late.sendAt} is after the start` }]);
  try {
    return await ctx.db.tx(async (q) => {
      await repo.lockPharmacist(q, actor.orgId, pharmacist.userId);
      const overlap = await repo.findOverlap(q, pharmacist.userId, start, input.minutes, null);
      if (overlap) throw slotTaken(pharmacist.name, overlap);
      if (workItemId) {
        const locked = (await workItems.lockWorkItem(q, actor.orgId, workItemId))!;
        if (!isActive(locked.status)) throw new ConflictError(`This item is already closed (${locked.status})`);
        if (locked.status === 'claimed' && locked.assignedRole === 'pharmacist' && locked.assignedTo !== pharmacist.userId) {
          const who = (await workItems.findWorkItem(q, actor.orgId, workItemId))!.assignedTo?.name ?? 'another pharmacist';
          throw new ConflictError(`This item is claimed by ${who}: book with them, or ask a manager to reassign it`);
        }
        // The booked pharmacist takes the item, so it shows in their queue as well as their calendar.
        if (locked.assignedTo !== pharmacist.userId) await workItems.assignWorkItem(q, actor.orgId, workItemId, pharmacist.userId, actor.userId, now);
        await workItems.setItemScheduled(q, actor.orgId, workItemId, start, now);
      }
      const id = await repo.insertAppointment(q, {
        orgId: actor.orgId,
        patientId: input.patientId,
        pharmacistId: pharmacist.userId,
        workItemId,
        start,
        minutes: input.minutes,
        mode: input.mode,
        reminders,
        createdBy: actor.userId,
        now,
      });
      await audit(ctx, q, actor, {
        action: 'appointment.create',
        resourceType: 'appointment',
        resourceId: id,
        patientId: input.patientId,
        detail: { pharmacistId: pharmacist.userId, start, minutes: input.minutes, mode: input.mode, workItemId },
      });
      return (await repo.findAppointment(q, actor.orgId, id))!;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConflictError(`Slot taken: ${pharmacist.name} already has an appointment at ${start}`);
    throw err;
  }
}

/** Reschedule (start, length, mode) or change status (cancelled, no-show, completed) of a booked appointment. */
export async function updateAppointment(ctx: ServiceContext, actor: Actor, id: string, patch: AppointmentPatch) {
  const found = await repo.findAppointment(ctx.db, actor.orgId, id);
  if (!found) throw new NotFoundError('Appointment');
  await need(ctx, actor, 'outreach:write', 'appointment.update', 'appointment', 'Your role may not change appointments', { resourceId: id, patientId: found.patientId });
  const now = ctx.clock.now();
  const start = patch.start ? new Date(patch.start).toISOString() : found.start;
  if (patch.start && Date.parse(start) <= now.getTime()) throw new ValidationError('The appointment is in the past', [{ pointer: '/start', message: 'must be in the future' }]);
  if ((patch.status === 'no-show' || patch.status === 'completed') && Date.parse(found.start) > now.getTime()) {
    throw new ValidationError(`An appointment cannot be marked ${patch.status} before it starts (${found.start})`, [{ pointer: '/status', message: 'the appointment has not started yet' }]);
  }
  try {
    return await ctx.db.tx(async (q) => {
      await repo.lockPharmacist(q, actor.orgId, found.pharmacistId);
      const a = (await repo.findAppointment(q, actor.orgId, id, true))!;
      if (a.status !== 'booked') throw new ConflictError(`This appointment is ${a.status}; only booked appointments can change`);
      let action: string;
      if (patch.status) {
        action = `appointment.${patch.status === 'cancelled' ? 'cancel' : patch.status === 'completed' ? 'complete' : 'no-show'}`;
        await repo.setAppointmentStatus(q, actor.orgId, id, patch.status, patch.reason ?? null, now);
        // A cancelled or missed appointment leaves the item to be booked again.
        if (a.workItemId && patch.status !== 'completed') await workItems.setItemScheduled(q, actor.orgId, a.workItemId, null, now);
      } else {
        action = 'appointment.reschedule';
        const minutes = patch.minutes ?? a.minutes;
        const overlap = await repo.findOverlap(q, a.pharmacistId, start, minutes, id);
        if (overlap) throw slotTaken(a.pharmacistName, overlap);
        const shift = Date.parse(start) - Date.parse(a.start);
        const reminders = a.reminders
          .map((r) => ({ sendAt: new Date(Date.parse(r.sendAt) + shift).toISOString(), channel: r.channel }))
          .filter((r) => Date.parse(r.sendAt) > now.getTime());
        await repo.rescheduleAppointment(q, actor.orgId, id, { start, minutes, mode: patch.mode ?? a.mode, reminders }, now);
        if (a.workItemId) await workItems.setItemScheduled(q, actor.orgId, a.workItemId, start, now);
      }
      await audit(ctx, q, actor, { action, resourceType: 'appointment', resourceId: id, patientId: a.patientId, detail: { ...patch, previousStart: a.start } });
      return (await repo.findAppointment(q, actor.orgId, id))!;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConflictError(`Slot taken: ${found.pharmacistName} already has an appointment at ${start}`);
    throw err;
  }
}

const MAX_CALENDAR_DAYS = 92;

export async function pharmacistCalendar(ctx: ServiceContext, actor: Actor, query: { pharmacist?: string | undefined; from: string; to: string }) {
  await need(ctx, actor, 'worklist:read', 'calendar.read', 'appointment', 'Your role may not see calendars');
  const pharmacistId = query.pharmacist ?? actor.userId;
  const p = await pharmacists.findPharmacist(ctx.db, actor.orgId, pharmacistId);
  if (!p || !p.isPharmacist) throw new NotFoundError('Pharmacist');
  if (Date.parse(query.to) - Date.parse(query.from) > MAX_CALENDAR_DAYS * 86_400_000) {
    throw new ValidationError(`A calendar covers at most ${MAX_CALENDAR_DAYS} days`, [{ pointer: '/to', message: `at most ${MAX_CALENDAR_DAYS} days after from` }]);
  }
  const items = await repo.listCalendar(ctx.db, actor.orgId, pharmacistId, query.from, query.to);
  await audit(ctx, ctx.db, actor, { action: 'calendar.read', resourceType: 'appointment', resourceId: pharmacistId, detail: { from: query.from, to: query.to, shown: items.map((a) => a.patientId) } });
  return { pharmacist: { id: p.userId, name: p.name }, from: query.from, to: query.to, items };
}
