import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServiceContext } from '../../services/context.ts';
import { getPatientMeasures } from '../../services/measures.service.ts';
import { requireSession } from '../auth-hook.ts';
import { patientParams } from '../schemas.ts';

export function measureRoutes(app: FastifyInstance, ctx: ServiceContext) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/patients/:id/measures',
    {
      preHandler: requireSession(ctx),
      schema: {
        tags: ['measures'],
        summary: "A patient's PQA-aligned adherence and star measures for a year, with fill timeline and last day to refill",
        params: patientParams,
        querystring: z.object({ year: z.coerce.number().int().min(2000, 'expected a year such as 2025').max(2100).optional() }),
      },
    },
    (req) => getPatientMeasures(ctx, req.actor, req.params.id, req.query.year),
  );
}
