import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  allergyInput,
  conditionInput,
  medicationInput,
  medicationListSignInput,
  medicationStop,
  medicationUpdate,
  observationInput,
} from '../../domain/clinical.ts';
import {
  addAllergy,
  addCondition,
  addMedication,
  addObservation,
  discontinueMedication,
  editMedication,
  signMedicationList,
} from '../../services/clinical.service.ts';
import type { ServiceContext } from '../../services/context.ts';
import { requireSession } from '../auth-hook.ts';
import { medicationParams, patientParams } from '../schemas.ts';

export function clinicalRoutes(app: FastifyInstance, ctx: ServiceContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const preHandler = requireSession(ctx);
  const tags = ['clinical record'];
  r.post(
    '/api/patients/:id/medications',
    { preHandler, schema: { tags, summary: 'Add a medication', params: patientParams, body: medicationInput } },
    async (req, reply) => reply.code(201).send(await addMedication(ctx, req.actor, req.params.id, req.body)),
  );
  r.patch(
    '/api/patients/:id/medications/:medId',
    { preHandler, schema: { tags, summary: 'Edit a medication', params: medicationParams, body: medicationUpdate } },
    (req) => editMedication(ctx, req.actor, req.params.id, req.params.medId, req.body),
  );
  r.post(
    '/api/patients/:id/medications/:medId/stop',
    { preHandler, schema: { tags, summary: 'Stop a medication with a date and reason', params: medicationParams, body: medicationStop } },
    (req) => discontinueMedication(ctx, req.actor, req.params.id, req.params.medId, req.body),
  );
  r.post(
    '/api/patients/:id/conditions',
    { preHandler, schema: { tags, summary: 'Add a condition (ICD-10-CM or SNOMED CT)', params: patientParams, body: conditionInput } },
    async (req, reply) => reply.code(201).send(await addCondition(ctx, req.actor, req.params.id, req.body)),
  );
  r.post(
    '/api/patients/:id/allergies',
    { preHandler, schema: { tags, summary: 'Add an allergy or intolerance', params: patientParams, body: allergyInput } },
    async (req, reply) => reply.code(201).send(await addAllergy(ctx, req.actor, req.params.id, req.body)),
  );
  r.post(
    '/api/patients/:id/observations',
    { preHandler, schema: { tags, summary: 'Add a lab result or vital sign (LOINC)', params: patientParams, body: observationInput } },
    async (req, reply) => reply.code(201).send(await addObservation(ctx, req.actor, req.params.id, req.body)),
  );
  r.post(
    '/api/patients/:id/medication-list/sign',
    {
      preHandler,
      schema: { tags, summary: "Pharmacist's signature on the reviewed medication list", params: patientParams, body: medicationListSignInput.nullish() },
    },
    async (req, reply) => reply.code(201).send(await signMedicationList(ctx, req.actor, req.params.id, req.body?.note ?? null)),
  );
}
