import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ServiceContext } from '../../services/context.ts';
import { getPatientChart, listOrgPrescribers, searchPatientList } from '../../services/patients.service.ts';
import { requireSession } from '../auth-hook.ts';
import { patientParams, patientSearchQuery, prescriberQuery } from '../schemas.ts';

export function patientRoutes(app: FastifyInstance, ctx: ServiceContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const preHandler = requireSession(ctx);
  r.get(
    '/api/patients',
    {
      preHandler,
      schema: {
        tags: ['patients'],
        summary: 'Search patients by name ("smith", "smith, jo"), date of birth (YYYY-MM-DD or MM/DD/YYYY) or member id',
        querystring: patientSearchQuery,
      },
    },
    (req) => searchPatientList(ctx, req.actor, req.query),
  );
  r.get(
    '/api/patients/:id',
    { preHandler, schema: { tags: ['patients'], summary: 'The whole patient chart', params: patientParams } },
    (req) => getPatientChart(ctx, req.actor, req.params.id),
  );
  r.get(
    '/api/prescribers',
    { preHandler, schema: { tags: ['prescribers'], summary: "The organisation's prescribers", querystring: prescriberQuery } },
    (req) => listOrgPrescribers(ctx, req.actor, req.query),
  );
}
