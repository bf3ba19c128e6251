// The organisation's pharmacy locations, a patient's home pharmacy, and the pharmacist list (issue 5). Shapes the
// API accepts and returns, shared with the web app.
import { z } from 'zod';
import { nonEmpty, npi, usState } from './fields.ts';

export const NCPDP_PATTERN = /^[0-9]{7}$/;

export const pharmacyInput = z.object({
  name: nonEmpty(120),
  state: usState,
  ncpdp: z.string().trim().regex(NCPDP_PATTERN, 'expected a 7-digit NCPDP provider id').nullish(),
  npi: npi.nullish(),
});
export type PharmacyInput = z.infer<typeof pharmacyInput>;

export type Pharmacy = {
  id: string;
  name: string;
  state: string;
  ncpdp: string | null;
  npi: string | null;
  /** Patients whose home pharmacy this is. */
  patients: number;
};

/** null clears the home pharmacy. */
export const homePharmacyInput = z.object({ pharmacyId: z.uuid({ message: 'expected a pharmacy id (UUID) or null' }).nullable() });

/** A pharmacist of the organisation as the scheduling and assignment screens need them. */
export type PharmacistSummary = {
  userId: string;
  name: string;
  npi: string | null;
  languages: string[];
  specialties: string[];
  /** Claimed items they can carry (the organisation default when their profile sets none). */
  capacity: number;
  /** Items they hold now. */
  load: number;
  licences: { state: string; expiresOn: string | null; active: boolean }[];
};
