// MTM programs, enrollment, the worklist queue, outreach and scheduling (issue 5).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  appointmentInput,
  appointmentPatch,
  assignInput,
  calendarQuery,
  completeInput,
  enrollmentInput,
  generateInput,
  optOutInput,
  outreachInput,
  programInput,
  programUpdate,
  worklistQuery,
} from '../../domain/worklists.ts';
import type { ServiceContext } from '../../services/context.ts';
import { bookAppointment, pharmacistCalendar, updateAppointment } from '../../services/appointments.service.ts';
import { listPatientOutreach, logOutreach } from '../../services/outreach.service.ts';
import { createProgram, enrollPatient, listOrgPrograms, listProgramEnrollments, optOut, setProgramActive } from '../../services/programs.service.ts';
import {
  assignItem,
  claimItem,
  completeItem,
  getWorkItem,
  listWorklist,
  releaseItem,
  suggestPharmacists,
} from '../../services/worklist.service.ts';
import { generateWorkItems } from '../../services/worklist-generate.service.ts';
import { requireSession } from '../auth-hook.ts';
import { page, patientParams } from '../schemas.ts';

const idParams = (what: string) => z.object({ id: z.uuid({ message: `expected a ${what} id (UUID)` }) });
const programParams = idParams('program');
const enrollmentParams = idParams('enrollment');
const itemParams = idParams('work item');
const appointmentParams = idParams('appointment');

export function worklistRoutes(app: FastifyInstance, ctx: ServiceContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const preHandler = requireSession(ctx);

  // programs and enrollment
  const programs = ['programs'];
  r.post(
    '/api/programs',
    { preHandler, schema: { tags: programs, summary: 'Define an MTM program (Part D criteria are checked against what CMS allows)', body: programInput } },
    async (req, reply) => reply.code(201).send(await createProgram(ctx, req.actor, req.body)),
  );
  r.get('/api/programs', { preHandler, schema: { tags: programs, summary: "The organisation's MTM programs" } }, (req) => listOrgPrograms(ctx, req.actor));
  r.patch(
    '/api/programs/:id',
    { preHandler, schema: { tags: programs, summary: 'Activate or deactivate a program', params: programParams, body: programUpdate } },
    (req) => setProgramActive(ctx, req.actor, req.params.id, req.body.active),
  );
  r.post(
    '/api/programs/:id/enrollments',
    { preHandler, schema: { tags: programs, summary: 'Enroll a patient in a program', params: programParams, body: enrollmentInput } },
    async (req, reply) => reply.code(201).send(await enrollPatient(ctx, req.actor, req.params.id, req.body)),
  );
  r.get(
    '/api/programs/:id/enrollments',
    { preHandler, schema: { tags: programs, summary: "A program's enrollments", params: programParams, querystring: z.object(page) } },
    (req) => listProgramEnrollments(ctx, req.actor, req.params.id, req.query),
  );
  r.post(
    '/api/enrollments/:id/opt-out',
    { preHandler, schema: { tags: programs, summary: 'Opt a patient out (01 death, 02 disenrollment, 03 request, 99 other)', params: enrollmentParams, body: optOutInput } },
    (req) => optOut(ctx, req.actor, req.params.id, req.body),
  );

  // the queue
  const worklist = ['worklist'];
  r.post(
    '/api/worklist/generate',
    { preHandler, schema: { tags: worklist, summary: 'Add due CMR, TMR, post-discharge, adherence-rescue and high-severity DTP items; close interventions no longer needed (idempotent)', body: generateInput.nullish() } },
    (req) => generateWorkItems(ctx, req.actor, req.body?.asOf),
  );
  r.get(
    '/api/worklist',
    { preHandler, schema: { tags: worklist, summary: 'The queue, by priority, with filters and counts per status', querystring: worklistQuery } },
    (req) => listWorklist(ctx, req.actor, req.query),
  );
  r.get('/api/worklist/:id', { preHandler, schema: { tags: worklist, summary: 'One worklist item', params: itemParams } }, (req) =>
    getWorkItem(ctx, req.actor, req.params.id),
  );
  r.post('/api/worklist/:id/claim', { preHandler, schema: { tags: worklist, summary: 'Claim an open item (one claimant wins)', params: itemParams } }, (req) =>
    claimItem(ctx, req.actor, req.params.id),
  );
  r.post('/api/worklist/:id/release', { preHandler, schema: { tags: worklist, summary: 'Give a claimed item back to the queue', params: itemParams } }, (req) =>
    releaseItem(ctx, req.actor, req.params.id),
  );
  r.post(
    '/api/worklist/:id/assign',
    { preHandler, schema: { tags: worklist, summary: "Assign or reassign an item to a pharmacist licensed in the patient's state", params: itemParams, body: assignInput } },
    (req) => assignItem(ctx, req.actor, req.params.id, req.body.userId),
  );
  r.get(
    '/api/worklist/:id/suggestions',
    { preHandler, schema: { tags: worklist, summary: 'Pharmacists ranked by licence, language, expertise and capacity, with reasons', params: itemParams } },
    (req) => suggestPharmacists(ctx, req.actor, req.params.id),
  );
  r.post(
    '/api/worklist/:id/complete',
    { preHandler, schema: { tags: worklist, summary: 'Record the service as done (pharmacists)', params: itemParams, body: completeInput.nullish() } },
    (req) => completeItem(ctx, req.actor, req.params.id, req.body ?? {}),
  );

  // outreach
  r.post(
    '/api/worklist/:id/outreach',
    { preHandler, schema: { tags: ['outreach'], summary: 'Log an outreach attempt (3 failed attempts: unable to reach; a decline needs a reason)', params: itemParams, body: outreachInput } },
    async (req, reply) => reply.code(201).send(await logOutreach(ctx, req.actor, req.params.id, req.body)),
  );
  r.get(
    '/api/patients/:id/outreach',
    { preHandler, schema: { tags: ['outreach'], summary: "A patient's outreach attempts, newest first", params: patientParams } },
    (req) => listPatientOutreach(ctx, req.actor, req.params.id),
  );

  // scheduling
  const scheduling = ['scheduling'];
  r.post(
    '/api/appointments',
    { preHandler, schema: { tags: scheduling, summary: 'Book an appointment (no double-booking; pharmacist licensed in the patient state)', body: appointmentInput } },
    async (req, reply) => reply.code(201).send(await bookAppointment(ctx, req.actor, req.body)),
  );
  r.patch(
    '/api/appointments/:id',
    { preHandler, schema: { tags: scheduling, summary: 'Reschedule, cancel, or mark no-show / completed', params: appointmentParams, body: appointmentPatch } },
    (req) => updateAppointment(ctx, req.actor, req.params.id, req.body),
  );
  r.get(
    '/api/calendar',
    { preHandler, schema: { tags: scheduling, summary: "A pharmacist's appointments between two dates (default: your own)", querystring: calendarQuery } },
    (req) => pharmacistCalendar(ctx, req.actor, req.query),
  );
}
