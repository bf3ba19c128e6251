import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServiceContext } from '../../services/context.ts';
import { screenBundle, screenChart } from '../../services/screening.service.ts';
import { requireSession } from '../auth-hook.ts';
import { patientParams } from '../schemas.ts';

const asOf = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD').optional();

/** FHIR Bundles of a whole record are larger than the API's default 256 KB body limit. */
const BUNDLE_LIMIT = 10 * 1024 * 1024;

export function screeningRoutes(app: FastifyInstance, ctx: ServiceContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/patients/:id/dtps',
    {
      preHandler: requireSession(ctx),
      schema: {
        tags: ['screening'],
        summary: "Screen a patient's chart for drug therapy problems: ranked findings with evidence, source, recommendation and patient wording",
        params: patientParams,
        querystring: z.object({ asOf }),
      },
    },
    (req) => screenChart(ctx, req.actor, req.params.id, req.query.asOf),
  );
  r.post(
    '/api/screen',
    {
      preHandler: requireSession(ctx),
      bodyLimit: BUNDLE_LIMIT,
      schema: {
        tags: ['screening'],
        summary: 'Screen one patient in a FHIR R4 Bundle (Patient, MedicationRequest/Statement, Condition, Observation, AllergyIntolerance, Immunization); returns the findings array `openmtm screen` prints',
        querystring: z.object({ asOf, patient: z.string().min(1).optional() }),
        body: z.record(z.string(), z.unknown()),
      },
    },
    async (req) => (await screenBundle(ctx, req.actor, req.body, { ...(req.query.asOf ? { asOf: req.query.asOf } : {}), ...(req.query.patient ? { patientId: req.query.patient } : {}) })).findings,
  );
}
