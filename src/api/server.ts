// Builds the HTTP server: API routes, OpenAPI docs at /docs, and the built web app (web/dist) with SPA fallback.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { ServiceContext } from '../services/context.ts';
import { problemErrorHandler } from './problem.ts';
import { auditRoutes } from './routes/audit.routes.ts';
import { authRoutes } from './routes/auth.routes.ts';
import { clinicalRoutes } from './routes/clinical.routes.ts';
import { encounterRoutes } from './routes/encounters.routes.ts';
import { worklistRoutes } from './routes/worklists.routes.ts';
import { measureRoutes } from './routes/measures.routes.ts';
import { patientRoutes } from './routes/patients.routes.ts';
import { pharmacyRoutes } from './routes/pharmacies.routes.ts';
import { populationRoutes } from './routes/population.routes.ts';
import { reportingRoutes } from './routes/reporting.routes.ts';
import { screeningRoutes } from './routes/screening.routes.ts';
import { targetingRoutes } from './routes/targeting.routes.ts';

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');
/** Clinical entries are small; anything bigger is a mistake or an attack. */
const BODY_LIMIT_BYTES = 256 * 1024;

export type ServerOptions = {
  secureCookies: boolean;
  logLevel: string;
  /** Serve the built web app from this directory when it exists. */
  webDist?: string | null;
  version?: string;
};

export async function buildServer(ctx: ServiceContext, opts: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: { level: opts.logLevel }, bodyLimit: BODY_LIMIT_BYTES, trustProxy: false });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(problemErrorHandler);
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    return payload;
  });

  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'OpenMTM API', version: opts.version ?? '0.1.0', description: 'Medication Therapy Management platform API. Errors are RFC 9457 problem+json.' },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.get('/health', { schema: { tags: ['system'], summary: 'Liveness and database status' } }, async (_req, reply) => {
    try {
      await ctx.db.query('SELECT 1');
      return { ok: true, database: ctx.db.kind, time: ctx.clock.now().toISOString() };
    } catch (err) {
      return reply.code(503).send({ ok: false, database: ctx.db.kind, error: (err as Error).message });
    }
  });

  authRoutes(app, ctx, { secureCookies: opts.secureCookies });
  patientRoutes(app, ctx);
  clinicalRoutes(app, ctx);
  measureRoutes(app, ctx);
  populationRoutes(app, ctx);
  screeningRoutes(app, ctx);
  auditRoutes(app, ctx);
  encounterRoutes(app, ctx);
  worklistRoutes(app, ctx);
  pharmacyRoutes(app, ctx);
  reportingRoutes(app, ctx);
  targetingRoutes(app, ctx);

  const webDist = opts.webDist === undefined ? WEB_DIST : opts.webDist;
  if (webDist && fs.existsSync(path.join(webDist, 'index.html'))) {
    await app.register(fastifyStatic, { root: webDist, wildcard: false });
    app.setNotFoundHandler((req, reply) => {
      if (req.method === 'GET' && !req.url.startsWith('/api/') && !path.extname(req.url.split('?')[0] ?? '')) {
        return reply.type('text/html').sendFile('index.html');
      }
      return problemErrorHandler(Object.assign(new Error(`No route ${req.method} ${req.url}`), { statusCode: 404, code: 'NOT_FOUND', name: 'NotFound' }), req, reply);
    });
  } else {
    app.setNotFoundHandler((req, reply) =>
      problemErrorHandler(Object.assign(new Error(`No route ${req.method} ${req.url}`), { statusCode: 404, code: 'NOT_FOUND', name: 'NotFound' }), req, reply),
    );
  }
  return app;
}
