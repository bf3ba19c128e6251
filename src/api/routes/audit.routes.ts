import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { searchAuditLog } from '../../services/audit.service.ts';
import type { ServiceContext } from '../../services/context.ts';
import { requireSession } from '../auth-hook.ts';
import { auditQuery } from '../schemas.ts';

export function auditRoutes(app: FastifyInstance, ctx: ServiceContext) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/audit',
    {
      preHandler: requireSession(ctx),
      schema: { tags: ['audit'], summary: 'Query the append-only audit log (auditor, admin)', querystring: auditQuery },
    },
    (req) => searchAuditLog(ctx, req.actor, req.query),
  );
}
