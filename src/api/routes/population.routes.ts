// Population measure runs (issue 4): start and watch runs, plan rates with stars, the rescue list, CSV export,
// and the organisation's star cut points.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isoDate } from '../../domain/fields.ts';
import type { ServiceContext } from '../../services/context.ts';
import {
  exportRunResults, getPopulationRun, getRescueList, getStarCutPoints, listPopulationRuns, setStarCutPoints, startPopulationRun,
} from '../../services/population.service.ts';
import { requireSession } from '../auth-hook.ts';
import { page } from '../schemas.ts';

const runParams = z.object({ id: z.uuid({ message: 'expected a measure run id (UUID)' }) });
const runInput = z.object({ year: z.number().int().min(2000, 'expected a year such as 2025').max(2100), asOf: isoDate.optional() }).strict();

export function populationRoutes(app: FastifyInstance, ctx: ServiceContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const preHandler = requireSession(ctx);
  const tags = ['population'];
  r.post(
    '/api/measure-runs',
    { preHandler, schema: { tags, summary: "Start a run of the six measures over the organisation's patients (worked in the background, in shards)", body: runInput } },
    async (req, reply) => reply.code(202).send(await startPopulationRun(ctx, req.actor, req.body)),
  );
  r.get('/api/measure-runs', { preHandler, schema: { tags, summary: 'Measure runs, newest first, with progress and plan rates', querystring: z.object(page) } }, (req) =>
    listPopulationRuns(ctx, req.actor, req.query),
  );
  r.get('/api/measure-runs/:id', { preHandler, schema: { tags, summary: 'One run: progress, plan rates and stars', params: runParams } }, (req) =>
    getPopulationRun(ctx, req.actor, req.params.id),
  );
  r.get(
    '/api/measure-runs/:id/rescue',
    { preHandler, schema: { tags, summary: 'Members below 80% whom one refill by a date still brings to 80%, most urgent first', params: runParams, querystring: z.object(page) } },
    (req) => getRescueList(ctx, req.actor, req.params.id, req.query),
  );
  r.get('/api/measure-runs/:id/results.csv', { preHandler, schema: { tags, summary: 'Per-member results of a finished run as CSV', params: runParams } }, async (req, reply) =>
    reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="measures-${req.params.id}.csv"`)
      .send(await exportRunResults(ctx, req.actor, req.params.id)),
  );
  r.get('/api/star-cut-points', { preHandler, schema: { tags, summary: "The organisation's star cut points (null until set)" } }, (req) => getStarCutPoints(ctx, req.actor));
  r.put(
    '/api/star-cut-points',
    { preHandler, schema: { tags, summary: 'Set the star cut points: {source, year, measures: {"PDC-DR": {thresholds: {"2","3","4","5"}, inverse?}}}', body: z.unknown() } },
    (req) => setStarCutPoints(ctx, req.actor, req.body),
  );
}
