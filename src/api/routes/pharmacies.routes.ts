// Pharmacy locations, a patient's home pharmacy and the pharmacist list (issue 5).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { homePharmacyInput, pharmacyInput } from '../../domain/pharmacies.ts';
import type { ServiceContext } from '../../services/context.ts';
import { createPharmacy, listOrgPharmacies, listOrgPharmacists, setPatientHomePharmacy } from '../../services/pharmacies.service.ts';
import { requireSession } from '../auth-hook.ts';
import { patientParams } from '../schemas.ts';

export function pharmacyRoutes(app: FastifyInstance, ctx: ServiceContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const preHandler = requireSession(ctx);
  const tags = ['pharmacies'];
  r.get('/api/pharmacies', { preHandler, schema: { tags, summary: "The organisation's pharmacy locations, with how many patients call each home" } }, (req) =>
    listOrgPharmacies(ctx, req.actor),
  );
  r.post(
    '/api/pharmacies',
    { preHandler, schema: { tags, summary: 'Add a pharmacy location (name, state; NCPDP and NPI optional)', body: pharmacyInput } },
    async (req, reply) => reply.code(201).send(await createPharmacy(ctx, req.actor, req.body)),
  );
  r.put(
    '/api/patients/:id/home-pharmacy',
    { preHandler, schema: { tags, summary: "Set or clear (null) the patient's home pharmacy", params: patientParams, body: homePharmacyInput } },
    (req) => setPatientHomePharmacy(ctx, req.actor, req.params.id, req.body.pharmacyId),
  );
  r.get(
    '/api/pharmacists',
    { preHandler, schema: { tags: ['worklist'], summary: "The organisation's pharmacists: licence states, languages, specialties, capacity and load" } },
    (req) => listOrgPharmacists(ctx, req.actor),
  );
}
