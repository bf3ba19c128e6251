// Demo mode: a pharmacy with one user per role, prescribers and a few hundred synthetic patients, plus a second
// organisation so isolation can be seen. Runs only when the database has no organisation yet.
import type { Role } from '../domain/roles.ts';
import { hashPassword } from '../services/passwords.ts';
import type { Db } from '../store/db.ts';
import {
  countOrganizations,
  findUserIdByUsername,
  insertOrganization,
  insertPharmacistProfile,
  insertUser,
  linkPrescriberUser,
} from '../store/users.repository.ts';
import { importRecords } from './import-population.ts';
import { generatePopulation, generatePrescribers } from '../synthetic/index.ts';

export const DEMO_ORG = 'Riverside Community Pharmacy';
export const OTHER_DEMO_ORG = 'Northgate Clinic Pharmacy';

export type DemoUser = { username: string; password: string; role: Role; displayName: string; org: string };

/** Demo credentials are public by design: demo mode is for trying the product, never for real patients. */
export const DEMO_USERS: DemoUser[] = [
  { username: 'pharmacist', password: 'pharmacist-demo-pass', role: 'pharmacist', displayName: 'Dana Reyes, PharmD', org: DEMO_ORG },
  { username: 'technician', password: 'technician-demo-pass', role: 'technician', displayName: 'Sam Okafor, CPhT', org: DEMO_ORG },
  { username: 'manager', password: 'manager-demo-pass', role: 'manager', displayName: 'Priya Shah', org: DEMO_ORG },
  { username: 'prescriber', password: 'prescriber-demo-pass', role: 'prescriber', displayName: 'Dr. Prescriber (demo)', org: DEMO_ORG },
  { username: 'auditor', password: 'auditor-demo-pass', role: 'auditor', displayName: 'Alex Kim (compliance)', org: DEMO_ORG },
  { username: 'admin', password: 'admin-demo-pass-1', role: 'admin', displayName: 'Jordan Lee (admin)', org: DEMO_ORG },
  { username: 'northgate', password: 'northgate-demo-pass', role: 'pharmacist', displayName: 'Chris Moore, PharmD', org: OTHER_DEMO_ORG },
];

export type SeedOptions = { asOf: string; patients?: number; seed?: number; onProgress?: (msg: string) => void };

/** Seeds the demo data set; returns false (and does nothing) when the database already has data. */
export async function seedDemo(db: Db, opts: SeedOptions): Promise<boolean> {
  if ((await countOrganizations(db)) > 0) return false;
  const seed = opts.seed ?? 2026;
  const orgIds = new Map<string, string>();
  await db.tx(async (q) => {
    orgIds.set(DEMO_ORG, await insertOrganization(q, { name: DEMO_ORG, kind: 'pharmacy', state: 'NY' }));
    orgIds.set(OTHER_DEMO_ORG, await insertOrganization(q, { name: OTHER_DEMO_ORG, kind: 'clinic', state: 'NJ' }));
    for (const u of DEMO_USERS) {
      const orgId = orgIds.get(u.org)!;
      const userId = await insertUser(q, { orgId, username: u.username, displayName: u.displayName, role: u.role, passwordHash: await hashPassword(u.password) });
      if (u.role === 'pharmacist') {
        await insertPharmacistProfile(q, {
          userId,
          orgId,
          npi: u.username === 'pharmacist' ? '1234567893' : '1245319599',
          languages: u.username === 'pharmacist' ? ['en', 'es'] : ['en'],
          specialties: ['diabetes', 'cardiology', 'geriatrics'],
          capacityPerWeek: 40,
          licenses: [{ state: u.username === 'pharmacist' ? 'NY' : 'NJ', number: `RPH-${userId.slice(0, 6).toUpperCase()}`, expiresOn: '2027-12-31' }],
        });
      }
    }
  });
  const main = orgIds.get(DEMO_ORG)!;
  const prescribers = generatePrescribers(seed, 24);
  opts.onProgress?.('Generating demo patients…');
  await importRecords(db, main, prescribers, generatePopulation(seed, opts.patients ?? 250, opts.asOf, { prescribers }));
  // The demo prescriber user is the first generated prescriber, so their care-team patients are visible to them.
  await linkPrescriberUser(db, main, prescribers[0]!.npi, (await findUserIdByUsername(db, 'prescriber'))!);
  const other = orgIds.get(OTHER_DEMO_ORG)!;
  const otherPrescribers = generatePrescribers(seed + 1, 4);
  await importRecords(db, other, otherPrescribers, generatePopulation(seed + 1, 20, opts.asOf, { prescribers: otherPrescribers }));
  return true;
}
