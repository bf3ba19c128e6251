// Structured notes (organisation template, rendered note) and CMS MTM reporting (per patient, beneficiary-level
// CSV per contract and year). Issue 6 items 6 and 8.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { mtmReportQuery, reportingQuery } from '../../domain/mtm-reporting.ts';
import { NOTE_TEMPLATE_MAX_CHARS } from '../../documents/note.ts';
import type { ServiceContext } from '../../services/context.ts';
import { mtmReportFile, patientMtmReporting } from '../../services/mtm-reporting.service.ts';
import { encounterNote, getNoteTemplate, putNoteTemplate } from '../../services/notes.service.ts';
import { requireSession } from '../auth-hook.ts';
import { patientParams } from '../schemas.ts';

const encounterParams = z.object({ id: z.uuid({ message: 'expected an encounter id (UUID)' }) });
const templateBody = z
  .object({ template: z.string({ message: 'expected the template text' }).max(NOTE_TEMPLATE_MAX_CHARS, `at most ${NOTE_TEMPLATE_MAX_CHARS} characters`) })
  .strict();

export function reportingRoutes(app: FastifyInstance, ctx: ServiceContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const preHandler = requireSession(ctx);
  r.get(
    '/api/note-template',
    { preHandler, schema: { tags: ['notes'], summary: "The organisation's note template (or the default) and the placeholders it may use (managers)" } },
    (req) => getNoteTemplate(ctx, req.actor),
  );
  r.put(
    '/api/note-template',
    { preHandler, schema: { tags: ['notes'], summary: "Replace the organisation's note template; unknown placeholders are refused with their position (managers)", body: templateBody } },
    (req) => putNoteTemplate(ctx, req.actor, req.body.template),
  );
  r.get(
    '/api/encounters/:id/note',
    { preHandler, schema: { tags: ['notes', 'encounters'], summary: "The encounter's structured note from the organisation template: plain text and sections", params: encounterParams } },
    (req) => encounterNote(ctx, req.actor, req.params.id),
  );
  r.get(
    '/api/patients/:id/mtm-reporting',
    { preHandler, schema: { tags: ['reporting'], summary: "The patient's CMS Part D MTM reporting fields for a year, with any field that would fail the file's validation", params: patientParams, querystring: reportingQuery } },
    (req) => patientMtmReporting(ctx, req.actor, req.params.id, req.query.year),
  );
  r.get(
    '/api/mtm-report',
    { preHandler, schema: { tags: ['reporting'], summary: 'The CMS Part D MTM beneficiary-level file (CSV) for one contract and year; 422 naming every invalid member field, and no file (managers)', querystring: mtmReportQuery } },
    async (req, reply) => {
      const file = await mtmReportFile(ctx, req.actor, req.query.contract, req.query.year);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .header('cache-control', 'no-store')
        .send(file.csv);
    },
  );
}
