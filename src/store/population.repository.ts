// Bulk insert of population records (prescribers, patients and all their child rows). One INSERT per table per
// chunk: each column travels as one array parameter and unnest() turns the arrays back into rows, so a chunk of
// 500 patients with ~25,000 fills costs a dozen statements instead of tens of thousands. Plain PostgreSQL 15 SQL
// (also runs on PGlite). Idempotent: patients are keyed by (org_id, external_id) and child rows by
// (patient_id, external_id), both with ON CONFLICT DO NOTHING.
import { randomBytes } from 'node:crypto';
import type { ChildCounts, PatientRecord, PrescriberRecord } from '../domain/patient-record.ts';

export type { ChildCounts };
import type { Queryable } from './db.ts';

type Col = readonly [column: string, pgType: string];

// Time-ordered UUIDs (RFC 9562 version 7 layout) for bulk-loaded rows: consecutive ids land on the same primary
// key index pages, which made inserting into million-row tables about twice as fast as random (v4) ids.
const processBits = randomBytes(4).toString('hex').slice(0, 7);
let uuidCounter = 0;
function uuidv7(): string {
  const ms = Date.now().toString(16).padStart(12, '0');
  const c = uuidCounter++;
  const hi = Math.floor(c / 0x100000000) & 0xfff;
  const lo = (c >>> 0).toString(16).padStart(8, '0');
  return `${ms.slice(0, 8)}-${ms.slice(8)}-7${hi.toString(16).padStart(3, '0')}-${(0x8 | (parseInt(processBits[0]!, 16) & 0x3)).toString(16)}${processBits.slice(1, 4)}-${processBits.slice(4)}0${lo}`;
}

/**
 * INSERT … SELECT FROM unnest($2::t[], $3::t[], …) with org_id as $1 and optional constant columns.
 * Returns the SQL; the query yields one row { n } with the number of rows actually inserted.
 */
function unnestInsert(table: string, cols: readonly Col[], opts: { constants?: Record<string, string>; conflict?: string; returning?: string } = {}): string {
  const constants = Object.entries(opts.constants ?? {});
  const names = ['org_id', ...constants.map(([c]) => c), ...cols.map(([c]) => c)].join(', ');
  const values = ['$1::uuid', ...constants.map(([, v]) => v), ...cols.map(([c]) => `u.${c}`)].join(', ');
  const arrays = cols.map(([, t], i) => `$${i + 2}::${t}[]`).join(', ');
  const aliases = cols.map(([c]) => c).join(', ');
  const conflict = opts.conflict ? ` ON CONFLICT ${opts.conflict} DO NOTHING` : '';
  const insert = `INSERT INTO ${table} (${names}) SELECT ${values} FROM unnest(${arrays}) AS u(${aliases})${conflict}`;
  return opts.returning ? `${insert} RETURNING ${opts.returning}` : `WITH ins AS (${insert} RETURNING 1) SELECT count(*)::int AS n FROM ins`;
}

const PRESCRIBER_COLS: readonly Col[] = [['npi', 'text'], ['first_name', 'text'], ['last_name', 'text'], ['credential', 'text'], ['specialty', 'text'], ['phone', 'text'], ['fax', 'text']];
const PATIENT_COLS: readonly Col[] = [
  ['id', 'uuid'], ['external_id', 'text'], ['first_name', 'text'], ['last_name', 'text'], ['birth_date', 'date'], ['sex', 'text'],
  ['language', 'text'], ['phone', 'text'], ['email', 'text'], ['address_line', 'text'], ['city', 'text'], ['state', 'text'],
  ['postal_code', 'text'], ['health_literacy_concern', 'boolean'], ['cognitive_impairment', 'text'], ['long_term_care', 'boolean'],
  ['caregiver_name', 'text'], ['caregiver_relationship', 'text'], ['caregiver_phone', 'text'], ['deceased_date', 'date'],
];
const COVERAGE_COLS: readonly Col[] = [['patient_id', 'uuid'], ['kind', 'text'], ['payer_name', 'text'], ['member_id', 'text'], ['contract_id', 'text'], ['pbp_id', 'text'], ['group_id', 'text'], ['start_date', 'date'], ['end_date', 'date']];
const CONSENT_COLS: readonly Col[] = [['patient_id', 'uuid'], ['kind', 'text'], ['status', 'text'], ['given_by', 'text'], ['effective_date', 'date'], ['expires_date', 'date']];
const CARE_TEAM_COLS: readonly Col[] = [['patient_id', 'uuid'], ['prescriber_id', 'uuid'], ['role', 'text']];
const MEDICATION_COLS: readonly Col[] = [['id', 'uuid'], ['patient_id', 'uuid'], ['external_id', 'text'], ['rxcui', 'text'], ['display', 'text'], ['source', 'text'], ['sig', 'text'], ['indication', 'text'], ['prescriber_id', 'uuid'], ['start_date', 'date'], ['stop_date', 'date'], ['stop_reason', 'text']];
const CONDITION_COLS: readonly Col[] = [['id', 'uuid'], ['patient_id', 'uuid'], ['external_id', 'text'], ['code_system', 'text'], ['code', 'text'], ['display', 'text'], ['onset_date', 'date'], ['abatement_date', 'date'], ['clinical_status', 'text']];
const ALLERGY_COLS: readonly Col[] = [['id', 'uuid'], ['patient_id', 'uuid'], ['external_id', 'text'], ['substance', 'text'], ['substance_rxcui', 'text'], ['kind', 'text'], ['reaction', 'text'], ['severity', 'text'], ['recorded_date', 'date']];
const OBSERVATION_COLS: readonly Col[] = [['id', 'uuid'], ['patient_id', 'uuid'], ['external_id', 'text'], ['loinc', 'text'], ['display', 'text'], ['value_num', 'numeric'], ['value_text', 'text'], ['unit', 'text'], ['effective_date', 'date']];
const ENCOUNTER_COLS: readonly Col[] = [['id', 'uuid'], ['patient_id', 'uuid'], ['external_id', 'text'], ['kind', 'text'], ['start_date', 'date'], ['end_date', 'date'], ['facility', 'text'], ['reason_code', 'text'], ['reason', 'text']];
const IMMUNIZATION_COLS: readonly Col[] = [['id', 'uuid'], ['patient_id', 'uuid'], ['external_id', 'text'], ['cvx', 'text'], ['display', 'text'], ['administered_date', 'date']];
const FILL_COLS: readonly Col[] = [
  ['id', 'uuid'], ['patient_id', 'uuid'], ['external_id', 'text'], ['ndc', 'text'], ['rxcui', 'text'], ['drug_name', 'text'], ['fill_date', 'date'],
  ['days_supply', 'int'], ['quantity', 'numeric'], ['total_cost', 'numeric'], ['patient_pay', 'numeric'], ['pharmacy_npi', 'text'],
  ['pharmacy_name', 'text'], ['prescriber_id', 'uuid'], ['claim_status', 'text'],
];

const PATIENT_KEY = '(org_id, external_id)';
/** Child rows: the file's external id is unique within one patient's record. */
const EXT = '(patient_id, external_id)';
const SQL = {
  prescribers: unnestInsert('prescribers', PRESCRIBER_COLS, { conflict: '(org_id, npi)' }),
  patients: unnestInsert('patients', PATIENT_COLS, { conflict: PATIENT_KEY, returning: 'id' }),
  coverages: unnestInsert('coverages', COVERAGE_COLS),
  consents: unnestInsert('consents', CONSENT_COLS),
  careTeam: unnestInsert('care_team_members', CARE_TEAM_COLS),
  medications: unnestInsert('medications', MEDICATION_COLS, { constants: { recorded_from: "'import'" }, conflict: EXT }),
  conditions: unnestInsert('conditions', CONDITION_COLS, { conflict: EXT }),
  allergies: unnestInsert('allergies', ALLERGY_COLS, { conflict: EXT }),
  observations: unnestInsert('observations', OBSERVATION_COLS, { conflict: EXT }),
  encounters: unnestInsert('encounters', ENCOUNTER_COLS, { conflict: EXT }),
  immunizations: unnestInsert('immunizations', IMMUNIZATION_COLS, { conflict: EXT }),
  fills: unnestInsert('fills', FILL_COLS, { conflict: EXT }),
};

/** Column-major buffers: one JS array per column, filled row by row. */
function columns(cols: readonly Col[]): unknown[][] {
  return cols.map(() => []);
}
function push(buf: unknown[][], ...values: unknown[]): void {
  for (let i = 0; i < values.length; i++) buf[i]!.push(values[i] ?? null);
}

async function insertCount(q: Queryable, sql: string, orgId: string, buf: unknown[][]): Promise<number> {
  if (buf[0]!.length === 0) return 0;
  const rows = await q.query<{ n: number }>(sql, [orgId, ...buf]);
  return rows[0]?.n ?? 0;
}

/** NPI → prescriber id for every prescriber of the organisation. */
export async function prescriberIdsByNpi(q: Queryable, orgId: string): Promise<Map<string, string>> {
  const rows = await q.query<{ id: string; npi: string }>('SELECT id, npi FROM prescribers WHERE org_id = $1', [orgId]);
  return new Map(rows.map((r) => [r.npi, r.id]));
}

/** Inserts the prescribers the organisation does not have yet (by NPI); returns how many were new. */
export async function insertPrescribers(q: Queryable, orgId: string, prescribers: readonly PrescriberRecord[]): Promise<number> {
  const buf = columns(PRESCRIBER_COLS);
  for (const p of prescribers) push(buf, p.npi, p.firstName, p.lastName, p.credential, p.specialty, p.phone, p.fax);
  return insertCount(q, SQL.prescribers, orgId, buf);
}

export type ChunkCounts = ChildCounts & { patientsInserted: number; patientsExisting: number; childRowsSkipped: number };

/**
 * Inserts a chunk of validated patients in the caller's transaction. Patients whose external id already exists
 * in the organisation are skipped with all their child rows. `prescriberIds` must map every NPI the records use.
 */
export async function insertPatientChunk(q: Queryable, orgId: string, patients: readonly PatientRecord[], prescriberIds: ReadonlyMap<string, string>): Promise<ChunkCounts> {
  const ids = patients.map(() => uuidv7());
  const pb = columns(PATIENT_COLS);
  patients.forEach((p, i) =>
    push(pb, ids[i], p.externalId, p.firstName, p.lastName, p.birthDate, p.sex, p.language, p.phone, p.email, p.addressLine, p.city, p.state,
      p.postalCode, p.healthLiteracyConcern, p.cognitiveImpairment, p.longTermCare, p.caregiverName, p.caregiverRelationship, p.caregiverPhone, p.deceasedDate),
  );
  const inserted = new Set((await q.query<{ id: string }>(SQL.patients, [orgId, ...pb])).map((r) => r.id));
  const presc = (npi: string | null | undefined) => (npi ? (prescriberIds.get(npi) ?? null) : null);

  const cov = columns(COVERAGE_COLS), con = columns(CONSENT_COLS), team = columns(CARE_TEAM_COLS);
  const med = columns(MEDICATION_COLS), cond = columns(CONDITION_COLS), alg = columns(ALLERGY_COLS), obs = columns(OBSERVATION_COLS);
  const enc = columns(ENCOUNTER_COLS), imm = columns(IMMUNIZATION_COLS), fil = columns(FILL_COLS);
  let expected = 0;
  patients.forEach((p, i) => {
    const id = ids[i]!;
    if (!inserted.has(id)) return;
    for (const c of p.coverages) push(cov, id, c.kind, c.payerName, c.memberId, c.contractId, c.pbpId, c.groupId, c.startDate, c.endDate);
    for (const c of p.consents) push(con, id, c.kind, c.status, c.givenBy, c.effectiveDate, c.expiresDate);
    for (const t of p.careTeam) push(team, id, presc(t.prescriberNpi), t.role);
    for (const m of p.medications) push(med, uuidv7(), id, m.externalId, m.rxcui, m.display, m.source, m.sig, m.indication, presc(m.prescriberNpi), m.startDate, m.stopDate, m.stopReason);
    for (const c of p.conditions) push(cond, uuidv7(), id, c.externalId, c.codeSystem, c.code, c.display, c.onsetDate, c.abatementDate, c.clinicalStatus);
    for (const a of p.allergies) push(alg, uuidv7(), id, a.externalId, a.substance, a.substanceRxcui, a.kind, a.reaction, a.severity, a.recordedDate);
    for (const o of p.observations) push(obs, uuidv7(), id, o.externalId, o.loinc, o.display, o.valueNum, o.valueText, o.unit, o.effectiveDate);
    for (const e of p.encounters) push(enc, uuidv7(), id, e.externalId, e.kind, e.startDate, e.endDate, e.facility, e.reasonCode, e.reason);
    for (const m of p.immunizations) push(imm, uuidv7(), id, m.externalId, m.cvx, m.display, m.administeredDate);
    for (const f of p.fills)
      push(fil, uuidv7(), id, f.externalId, f.ndc, f.rxcui, f.drugName, f.fillDate, f.daysSupply, f.quantity, f.totalCost, f.patientPay, f.pharmacyNpi, f.pharmacyName, presc(f.prescriberNpi), f.claimStatus);
    expected += p.medications.length + p.conditions.length + p.allergies.length + p.observations.length + p.encounters.length + p.immunizations.length + p.fills.length;
  });

  const counts: ChunkCounts = {
    patientsInserted: inserted.size,
    patientsExisting: patients.length - inserted.size,
    coverages: await insertCount(q, SQL.coverages, orgId, cov),
    consents: await insertCount(q, SQL.consents, orgId, con),
    careTeam: await insertCount(q, SQL.careTeam, orgId, team),
    medications: await insertCount(q, SQL.medications, orgId, med),
    conditions: await insertCount(q, SQL.conditions, orgId, cond),
    allergies: await insertCount(q, SQL.allergies, orgId, alg),
    observations: await insertCount(q, SQL.observations, orgId, obs),
    encounters: await insertCount(q, SQL.encounters, orgId, enc),
    immunizations: await insertCount(q, SQL.immunizations, orgId, imm),
    fills: await insertCount(q, SQL.fills, orgId, fil),
    childRowsSkipped: 0,
  };
  // Child rows whose external id another patient of the organisation already uses are skipped, not failed.
  counts.childRowsSkipped = expected - (counts.medications + counts.conditions + counts.allergies + counts.observations + counts.encounters + counts.immunizations + counts.fills);
  return counts;
}

/**
 * Refreshes planner statistics of the tables foreign keys point at. Needed during a bulk load: the foreign-key
 * checks run through plans cached when patients/prescribers were nearly empty (a sequential scan), which makes
 * every later chunk slower than the one before. ANALYZE invalidates those plans. Skipped with a warning, not an
 * error, when the database user does not own the tables.
 */
export async function refreshPlannerStats(q: Queryable): Promise<void> {
  await q.query('ANALYZE patients, prescribers');
}

/** Row counts of the population tables for one organisation (tests and the benchmark compare them). */
export async function countPopulationRows(q: Queryable, orgId: string): Promise<Record<string, number>> {
  const tables = ['prescribers', 'patients', 'coverages', 'consents', 'care_team_members', 'medications', 'conditions', 'allergies', 'observations', 'encounters', 'immunizations', 'fills'];
  const rows = await q.query<{ t: string; n: number }>(tables.map((t) => `SELECT '${t}' AS t, count(*)::int AS n FROM ${t} WHERE org_id = $1`).join(' UNION ALL '), [orgId]);
  return Object.fromEntries(rows.map((r) => [r.t, r.n]));
}
