// Request shapes shared by routes (query strings, path params).
import { z } from 'zod';
import { isoDate } from '../domain/fields.ts';

export const page = {
  limit: z.coerce.number().int().min(1).max(200).default(25),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
};

export const patientParams = z.object({ id: z.uuid({ message: 'expected a patient id (UUID)' }) });
export const medicationParams = patientParams.extend({ medId: z.uuid({ message: 'expected a medication id (UUID)' }) });

export const patientSearchQuery = z.object({
  q: z.string().max(200).optional(),
  birthDate: isoDate.optional(),
  memberId: z.string().max(50).optional(),
  ...page,
});

export const prescriberQuery = z.object({ q: z.string().max(100).optional(), ...page });

export const auditQuery = z.object({
  patientId: z.uuid().optional(),
  userId: z.uuid().optional(),
  action: z.string().max(100).optional(),
  outcome: z.enum(['success', 'denied', 'error']).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  ...page,
});

export const loginBody = z.object({
  username: z.string().trim().min(1, 'must not be empty').max(100),
  password: z.string().min(1, 'must not be empty').max(256),
});
