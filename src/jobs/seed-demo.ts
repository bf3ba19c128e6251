// Demo mode: a pharmacy with one user per role, prescribers and a few hundred synthetic patients, plus a second
// organisation so isolation can be seen. Runs only when the database has no organisation yet.
import type { Actor, Role } from '../domain/roles.ts';
import { hashPassword } from '../services/passwords.ts';
import type { ServiceContext } from '../services/context.ts';
import { createPharmacy } from '../services/pharmacies.service.ts';
import { createProgram, enrollPatient } from '../services/programs.service.ts';
import { generateWorkItems } from '../services/worklist-generate.service.ts';
import type { Db } from '../store/db.ts';
import { assignHomePharmacies } from '../store/pharmacies.repository.ts';
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
  opts.onProgress?.('Setting up the demo pharmacies, Part D MTM program and work queue…');
  const ctx = await managerContext(db, main, opts.asOf);
  await seedDemoPharmacies(ctx, main);
  await seedDemoProgram(ctx, main, opts.asOf);
  return true;
}

/** The demo manager acting through the services, so the audit log shows who set the demo up. */
async function managerContext(db: Db, orgId: string, asOf: string): Promise<{ ctx: ServiceContext; actor: Actor }> {
  const managerId = (await findUserIdByUsername(db, 'manager'))!;
  const actor: Actor = { userId: managerId, orgId, username: 'manager', role: 'manager', ip: '127.0.0.1', userAgent: 'openmtm seed-demo' };
  // Today's wall clock when seeding today (normal start), otherwise midday of asOf.
  const clock = { now: () => (new Date().toISOString().slice(0, 10) === asOf ? new Date() : new Date(`${asOf}T12:00:00Z`)) };
  const ctx: ServiceContext = {
    db,
    clock,
    settings: { sessionMinutes: 30, sessionAbsoluteHours: 12, loginMaxFailures: 5, loginWindowMinutes: 15 },
  };
  return { ctx, actor };
}

/**
 * Three locations of the demo pharmacy; each patient's home pharmacy is the store for their region, the mail
 * service pharmacy for everyone else (a remote MTM service's patients live in many states).
 */
const DEMO_PHARMACIES = [
  { name: 'Riverside Community Pharmacy — Brooklyn', state: 'NY', ncpdp: '3345671', npi: '1003000126', serves: ['NY', 'NJ', 'PA'] },
  { name: 'Riverside Community Pharmacy — Tampa', state: 'FL', ncpdp: '1098762', npi: '1044100034', serves: ['FL', 'GA', 'NC'] },
  { name: 'Riverside Mail Service Pharmacy', state: 'AZ', ncpdp: null, npi: '1134567894', serves: [] },
] as const;

async function seedDemoPharmacies({ ctx, actor }: { ctx: ServiceContext; actor: Actor }, orgId: string): Promise<void> {
  const ids: string[] = [];
  for (const p of DEMO_PHARMACIES) ids.push((await createPharmacy(ctx, actor, { name: p.name, state: p.state, ncpdp: p.ncpdp, npi: p.npi })).id);
  const patients = await ctx.db.query<{ id: string; state: string | null }>('SELECT id, state FROM patients WHERE org_id = $1', [orgId]);
  const storeFor = (state: string | null) => {
    const i = DEMO_PHARMACIES.findIndex((p) => (p.serves as readonly string[]).includes(state ?? ''));
    return ids[i < 0 ? DEMO_PHARMACIES.length - 1 : i]!;
  };
  await assignHomePharmacies(ctx.db, orgId, patients.map((p) => ({ patientId: p.id, pharmacyId: storeFor(p.state) })));
}

/** Days before `asOf` each demo enrollee joined (cycled), so the queue shows overdue, due-soon and later CMRs and some TMRs. */
const ENROLLED_DAYS_AGO = [3, 75, 20, 48, 110, 9, 62, 33, 90, 15, 55, 28, 100, 40, 5, 70];

/**
 * A Part D program for the demo year (the plan's thresholds: 2 core diseases, 8 drugs, the CMS cost threshold for
 * the year), the demo pharmacy's living Part D members with coverage on `asOf` enrolled on varied dates in that
 * year, and one worklist generation run, so the work queue has items on first start. Goes through the services
 * as the demo manager (so the audit log shows who did it); deterministic for a given `asOf`.
 */
async function seedDemoProgram({ ctx, actor }: { ctx: ServiceContext; actor: Actor }, orgId: string, asOf: string): Promise<void> {
  const db = ctx.db;
  const year = Number(asOf.slice(0, 4));
  const program = await createProgram(ctx, actor, {
    name: `Medicare Part D MTM ${year}`,
    kind: 'partd',
    year,
    active: true,
    criteria: { contract: 'H3312', minCoreDiseases: 2, minDrugs: 8, costThreshold: year === 2024 ? 5330 : year === 2025 ? 1623 : 1700 },
  });
  const members = await db.query<{ id: string }>(
    `SELECT DISTINCT p.id, p.external_id FROM patients p JOIN coverages c ON c.patient_id = p.id AND c.org_id = p.org_id
      WHERE p.org_id = $1 AND c.kind = 'medicare_part_d' AND c.start_date <= $2::date AND (c.end_date IS NULL OR c.end_date >= $2::date)
        AND (p.deceased_date IS NULL OR p.deceased_date > $2::date)
      ORDER BY p.external_id, p.id`,
    [orgId, asOf],
  );
  const yearStart = `${year}-01-01`;
  for (const [i, m] of members.entries()) {
    const d = new Date(`${asOf}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() - ENROLLED_DAYS_AGO[i % ENROLLED_DAYS_AGO.length]!);
    const day = d.toISOString().slice(0, 10);
    await enrollPatient(ctx, actor, program.id, { patientId: m.id, enrolledOn: day < yearStart ? yearStart : day });
  }
  await generateWorkItems(ctx, actor, asOf);
}
