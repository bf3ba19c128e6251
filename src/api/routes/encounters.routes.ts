import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  addendumCreate,
  encounterCreate,
  encounterPatch,
  encounterSign,
  interventionCreate,
  problemCreate,
  problemDecision,
  reconciliationPut,
  reviewMedicationCreate,
  takeawayQuery,
  takeawaySent,
  timeCreate,
} from '../../domain/encounter-inputs.ts';
import type { ServiceContext } from '../../services/context.ts';
import { encounterTakeaway } from '../../services/encounter-takeaway.service.ts';
import { addReviewMedication } from '../../services/review-medications.service.ts';
import { takeawaysDue } from '../../services/takeaways-due.service.ts';
import {
  addAddendum,
  addIntervention,
  addProblem,
  createEncounter,
  decideProblem,
  getEncounter,
  listPatientEncounters,
  logTime,
  reconcileMedication,
  recordTakeawaySent,
  signEncounter,
  updateEncounter,
} from '../../services/encounters.service.ts';
import { requireSession } from '../auth-hook.ts';
import { patientParams } from '../schemas.ts';

const encounterParams = z.object({ id: z.uuid({ message: 'expected an encounter id (UUID)' }) });
const problemParams = encounterParams.extend({ problemId: z.uuid({ message: 'expected a problem id (UUID)' }) });
const reconciliationParams = encounterParams.extend({ medicationId: z.uuid({ message: 'expected a medication id (UUID)' }) });

export function encounterRoutes(app: FastifyInstance, ctx: ServiceContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const preHandler = requireSession(ctx);
  const tags = ['encounters'];
  r.post(
    '/api/patients/:id/encounters',
    { preHandler, schema: { tags, summary: 'Start a CMR or TMR; the chart is screened and every problem found is proposed', params: patientParams, body: encounterCreate } },
    async (req, reply) => reply.code(201).send(await createEncounter(ctx, req.actor, req.params.id, req.body)),
  );
  r.get(
    '/api/takeaways-due',
    { preHandler, schema: { tags, summary: 'Signed CMRs whose takeaway has not been sent yet, with the 14-day due date (work queue warning)' } },
    (req) => takeawaysDue(ctx, req.actor),
  );
  r.get(
    '/api/patients/:id/encounters',
    { preHandler, schema: { tags, summary: "A patient's MTM encounters, newest first", params: patientParams } },
    (req) => listPatientEncounters(ctx, req.actor, req.params.id),
  );
  r.get(
    '/api/encounters/:id',
    { preHandler, schema: { tags, summary: 'One encounter with its problems, interventions, reconciliation, time and addenda', params: encounterParams } },
    (req) => getEncounter(ctx, req.actor, req.params.id),
  );
  r.patch(
    '/api/encounters/:id',
    { preHandler, schema: { tags, summary: 'Document the encounter (delivery, recipient, goals, follow-up; status documented)', params: encounterParams, body: encounterPatch } },
    (req) => updateEncounter(ctx, req.actor, req.params.id, req.body),
  );
  r.post(
    '/api/encounters/:id/problems/:problemId',
    { preHandler, schema: { tags, summary: 'Accept or dismiss (with a reason) a problem, optionally editing its wording', params: problemParams, body: problemDecision } },
    (req) => decideProblem(ctx, req.actor, req.params.id, req.params.problemId, req.body),
  );
  r.post(
    '/api/encounters/:id/problems',
    { preHandler, schema: { tags, summary: 'Add a problem by hand (accepted)', params: encounterParams, body: problemCreate } },
    (req) => addProblem(ctx, req.actor, req.params.id, req.body),
  );
  r.post(
    '/api/encounters/:id/interventions',
    { preHandler, schema: { tags, summary: 'Record an intervention, optionally for one problem', params: encounterParams, body: interventionCreate } },
    (req) => addIntervention(ctx, req.actor, req.params.id, req.body),
  );
  r.put(
    '/api/encounters/:id/reconciliation/:medicationId',
    { preHandler, schema: { tags, summary: "Reconcile one of the patient's medications", params: reconciliationParams, body: reconciliationPut } },
    (req) => reconcileMedication(ctx, req.actor, req.params.id, req.params.medicationId, req.body),
  );
  r.post(
    '/api/encounters/:id/medications',
    { preHandler, schema: { tags, summary: 'Add an OTC, herbal or supplement product the patient reports to the chart, confirmed in this review', params: encounterParams, body: reviewMedicationCreate } },
    (req) => addReviewMedication(ctx, req.actor, req.params.id, req.body),
  );
  r.post(
    '/api/encounters/:id/time',
    { preHandler, schema: { tags, summary: 'Log time spent (1–600 minutes)', params: encounterParams, body: timeCreate } },
    (req) => logTime(ctx, req.actor, req.params.id, req.body),
  );
  r.post(
    '/api/encounters/:id/sign',
    { preHandler, schema: { tags, summary: 'Sign and lock the encounter (pharmacists); every problem must be decided first', params: encounterParams, body: encounterSign } },
    (req) => signEncounter(ctx, req.actor, req.params.id, req.body.version),
  );
  r.post(
    '/api/encounters/:id/addenda',
    { preHandler, schema: { tags, summary: 'Add a dated addendum to a signed encounter', params: encounterParams, body: addendumCreate } },
    (req) => addAddendum(ctx, req.actor, req.params.id, req.body.text),
  );
  r.get(
    '/api/encounters/:id/takeaway',
    { preHandler, schema: { tags, summary: 'The CMS standardized takeaway (cover letter, Medication Action Plan, Personal Medication List) as PDF or HTML', params: encounterParams, querystring: takeawayQuery } },
    async (req, reply) => {
      const file = await encounterTakeaway(ctx, req.actor, req.params.id, req.query.lang, req.query.format);
      return reply
        .type(file.contentType)
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .header('cache-control', 'no-store')
        .send(typeof file.body === 'string' ? file.body : Buffer.from(file.body));
    },
  );
  r.post(
    '/api/encounters/:id/takeaway-sent',
    { preHandler, schema: { tags, summary: 'Record that the takeaway was sent (a CMR only after signing)', params: encounterParams, body: takeawaySent } },
    (req) => recordTakeawaySent(ctx, req.actor, req.params.id, req.body),
  );
}
