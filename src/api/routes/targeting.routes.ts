// Targeting runs of a program, Part D or panel (issue 5): start, follow, summary, eligible members, CSV export; and a
// patient's DMP at-risk status.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { dmpStatusInput, targetMembersQuery, targetRunInput } from '../../domain/targeting.ts';
import type { ServiceContext } from '../../services/context.ts';
import {
  exportTargetRun, getTargetRun, listProgramTargetRuns, listTargetRunMembers, setPatientDmpStatus, startProgramTargetRun,
} from '../../services/targeting.service.ts';
import { requireSession } from '../auth-hook.ts';
import { page, patientParams } from '../schemas.ts';

const programParams = z.object({ id: z.uuid({ message: 'expected a program id (UUID)' }) });
const runParams = z.object({ id: z.uuid({ message: 'expected a targeting run id (UUID)' }) });

export function targetingRoutes(app: FastifyInstance, ctx: ServiceContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const preHandler = requireSession(ctx);
  const tags = ['targeting'];
  r.post(
    '/api/programs/:id/target-runs',
    { preHandler, schema: { tags, summary: "Run targeting for the program (Part D, or a panel program's criteria) over the organisation's patients (in the background, in shards); eligible patients are enrolled when it ends", params: programParams, body: targetRunInput } },
    async (req, reply) => reply.code(202).send(await startProgramTargetRun(ctx, req.actor, req.params.id, req.body)),
  );
  r.get(
    '/api/programs/:id/target-runs',
    { preHandler, schema: { tags, summary: "The program's targeting runs, newest first, with progress and summary", params: programParams, querystring: z.object(page) } },
    (req) => listProgramTargetRuns(ctx, req.actor, req.params.id, req.query),
  );
  r.get('/api/target-runs/:id', { preHandler, schema: { tags, summary: 'One targeting run: progress, and its summary once done', params: runParams } }, (req) =>
    getTargetRun(ctx, req.actor, req.params.id),
  );
  r.get(
    '/api/target-runs/:id/members',
    { preHandler, schema: { tags, summary: 'Eligible members: Part D reason code, date met, core diseases, drugs, projected cost; panel decision and every criterion\'s outcome; enrollment outcome', params: runParams, querystring: z.object({ ...targetMembersQuery, ...page }) } },
    (req) => listTargetRunMembers(ctx, req.actor, req.params.id, req.query),
  );
  r.get('/api/target-runs/:id/results.csv', { preHandler, schema: { tags, summary: "Every patient's result as CSV: Part D in openmtm target's layout plus patient_id; panels as patient_id,member_id,qualifies,criteria", params: runParams } }, async (req, reply) =>
    reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="targets-${req.params.id}.csv"`)
      .send(await exportTargetRun(ctx, req.actor, req.params.id)),
  );
  r.put(
    '/api/patients/:id/dmp-status',
    { preHandler, schema: { tags, summary: "Record (or clear, atRiskOn null) the plan's Drug Management Program at-risk determination", params: patientParams, body: dmpStatusInput } },
    (req) => setPatientDmpStatus(ctx, req.actor, req.params.id, req.body),
  );
}
