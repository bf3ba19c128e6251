// Patient search and the chart's sections. Every query is scoped by org_id.
import type { PatientSummary } from '../domain/shapes.ts';
import type { Queryable } from './db.ts';

export type PatientSearchFilter = {
  orgId: string;
  nameTokens: string[];
  lastName?: string | undefined;
  firstName?: string | undefined;
  birthDate?: string | undefined;
  memberId?: string | undefined;
  /** When set (prescriber users), only patients whose care team lists this prescriber user. */
  careTeamUserId?: string | undefined;
  today: string;
  limit: number;
  offset: number;
};

export type { PatientSummary };

export async function searchPatients(q: Queryable, f: PatientSearchFilter): Promise<{ items: PatientSummary[]; total: number }> {
  const params: unknown[] = [f.orgId];
  const where = ['p.org_id = $1'];
  const add = (sql: string, ...values: unknown[]) => {
    let s = sql;
    for (const v of values) {
      params.push(v);
      s = s.replace('?', `$${params.length}`);
    }
    where.push(s);
  };
  for (const t of f.nameTokens) {
    add('(lower(p.last_name) LIKE ? OR lower(p.first_name) LIKE ?)', `${likePrefix(t)}%`, `${likePrefix(t)}%`);
  }
  if (f.lastName) add('lower(p.last_name) LIKE ?', `${likePrefix(f.lastName)}%`);
  if (f.firstName) add('lower(p.first_name) LIKE ?', `${likePrefix(f.firstName)}%`);
  if (f.birthDate) add('p.birth_date = ?::date', f.birthDate);
  if (f.memberId)
    add(
      '(upper(p.external_id) = upper(?) OR EXISTS (SELECT 1 FROM coverages c WHERE c.org_id = p.org_id AND upper(c.member_id) = upper(?) AND c.patient_id = p.id))',
      f.memberId,
      f.memberId,
    );
  if (f.careTeamUserId)
    add(
      'EXISTS (SELECT 1 FROM care_team_members ct JOIN prescribers pr ON pr.id = ct.prescriber_id WHERE ct.patient_id = p.id AND pr.user_id = ?)',
      f.careTeamUserId,
    );
  const whereSql = where.join(' AND ');
  const total = (await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM patients p WHERE ${whereSql}`, params))[0]!.n;
  const items = await q.query<PatientSummary>(
    `SELECT p.id, p.first_name AS "firstName", p.last_name AS "lastName", p.birth_date AS "birthDate", p.sex, p.state,
            coalesce((SELECT array_agg(c.member_id ORDER BY c.start_date DESC) FROM coverages c WHERE c.patient_id = p.id), '{}') AS "memberIds",
            (SELECT count(*)::int FROM medications m WHERE m.patient_id = p.id AND (m.stop_date IS NULL OR m.stop_date > $${params.length + 1}::date)) AS "activeMedicationCount"
       FROM patients p WHERE ${whereSql}
      ORDER BY lower(p.last_name), lower(p.first_name), p.birth_date, p.id
      LIMIT $${params.length + 2} OFFSET $${params.length + 3}`,
    [...params, f.today, f.limit, f.offset],
  );
  return { items, total };
}

/** Escapes LIKE wildcards in user text. */
function likePrefix(s: string): string {
  return s.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`);
}

export type PatientScope = { birthDate: string; deceasedDate: string | null };

/** The dates that bound a patient's record, or undefined when the id is not a patient of this organisation. */
export async function findPatientScope(q: Queryable, orgId: string, patientId: string): Promise<PatientScope | undefined> {
  const rows = await q.query<PatientScope>(
    'SELECT birth_date AS "birthDate", deceased_date AS "deceasedDate" FROM patients WHERE id = $1 AND org_id = $2',
    [patientId, orgId],
    { prepare: 'patient_scope' },
  );
  return rows[0];
}

export async function isOnCareTeam(q: Queryable, patientId: string, userId: string): Promise<boolean> {
  const rows = await q.query(
    `SELECT 1 FROM care_team_members ct JOIN prescribers pr ON pr.id = ct.prescriber_id WHERE ct.patient_id = $1 AND pr.user_id = $2`,
    [patientId, userId],
  );
  return rows.length > 0;
}

/**
 * The chart's sections as SQL, for the patient `pid` ($1 for one chart, a column such as p.id for many); $2 is the
 * organisation and $3 today (what counts as an active medication).
 */
const sections = (pid: string) => ({
  patient: `SELECT id, external_id AS "externalId", first_name AS "firstName", last_name AS "lastName", birth_date AS "birthDate",
      sex, language, phone, email, address_line AS "addressLine", city, state, postal_code AS "postalCode",
      health_literacy_concern AS "healthLiteracyConcern", cognitive_impairment AS "cognitiveImpairment",
      long_term_care AS "longTermCare", caregiver_name AS "caregiverName", caregiver_relationship AS "caregiverRelationship",
      caregiver_phone AS "caregiverPhone", deceased_date AS "deceasedDate",
      dmp_at_risk_on AS "dmpAtRiskOn", dmp_at_risk_until AS "dmpAtRiskUntil",
      (SELECT json_build_object('id', ph.id, 'name', ph.name, 'state', ph.state, 'ncpdp', ph.ncpdp, 'npi', ph.npi)
         FROM pharmacies ph WHERE ph.id = patients.home_pharmacy_id) AS "homePharmacy"
    FROM patients WHERE id = ${pid} AND org_id = $2`,
  coverages: `SELECT id, kind, payer_name AS "payerName", member_id AS "memberId", contract_id AS "contractId", pbp_id AS "pbpId",
      group_id AS "groupId", start_date AS "startDate", end_date AS "endDate"
    FROM coverages WHERE patient_id = ${pid} AND org_id = $2 ORDER BY start_date DESC`,
  consents: `SELECT id, kind, status, given_by AS "givenBy", effective_date AS "effectiveDate", expires_date AS "expiresDate"
    FROM consents WHERE patient_id = ${pid} AND org_id = $2 ORDER BY effective_date DESC`,
  careTeam: `SELECT ct.id, ct.role,
      CASE WHEN pr.id IS NULL THEN NULL ELSE json_build_object('id', pr.id, 'npi', pr.npi, 'firstName', pr.first_name,
        'lastName', pr.last_name, 'credential', pr.credential, 'specialty', pr.specialty, 'phone', pr.phone, 'fax', pr.fax) END AS prescriber
    FROM care_team_members ct LEFT JOIN prescribers pr ON pr.id = ct.prescriber_id
    WHERE ct.patient_id = ${pid} AND ct.org_id = $2 ORDER BY ct.role, pr.last_name`,
  // lastReview: the medication's finding at the latest signed review that reconciled it. "Not taking" and "taking
  // differently" leave the order itself unchanged (see services/review-writeback.ts), so this is where the chart shows them.
  medications: `SELECT m.id, m.rxcui, m.display, m.source, m.sig, m.indication,
      CASE WHEN pr.id IS NULL THEN NULL ELSE json_build_object('id', pr.id, 'npi', pr.npi,
        'name', pr.first_name || ' ' || pr.last_name || coalesce(', ' || pr.credential, '')) END AS prescriber,
      m.start_date AS "startDate", m.stop_date AS "stopDate", m.stop_reason AS "stopReason",
      CASE WHEN m.stop_date IS NULL OR m.stop_date > $3::date THEN 'active' ELSE 'stopped' END AS status,
      m.recorded_from AS "recordedFrom", m.updated_at AS "updatedAt",
      (SELECT json_build_object('encounterId', e.id, 'kind', e.kind, 'date', to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'),
          'action', r.action, 'note', r.note, 'newSig', r.new_sig)
         FROM mtm_reconciliation r JOIN mtm_encounters e ON e.id = r.encounter_id AND e.org_id = r.org_id
        WHERE r.medication_id = m.id AND e.status = 'signed' ORDER BY e.signed_at DESC, e.id DESC LIMIT 1) AS "lastReview"
    FROM medications m LEFT JOIN prescribers pr ON pr.id = m.prescriber_id
    WHERE m.patient_id = ${pid} AND m.org_id = $2 ORDER BY m.stop_date DESC NULLS FIRST, lower(m.display)`,
  conditions: `SELECT id, code_system AS "codeSystem", code, display, onset_date AS "onsetDate", abatement_date AS "abatementDate",
      clinical_status AS "clinicalStatus"
    FROM conditions WHERE patient_id = ${pid} AND org_id = $2 ORDER BY clinical_status, onset_date DESC NULLS LAST`,
  allergies: `SELECT id, substance, substance_rxcui AS "substanceRxcui", kind, reaction, severity, recorded_date AS "recordedDate"
    FROM allergies WHERE patient_id = ${pid} AND org_id = $2 ORDER BY substance`,
  observations: `SELECT id, loinc, display, value_num::float8 AS "valueNum", value_text AS "valueText", unit, effective_date AS "effectiveDate"
    FROM observations WHERE patient_id = ${pid} AND org_id = $2 ORDER BY loinc, effective_date, created_at`,
  fills: `SELECT f.id, f.ndc, f.rxcui, f.drug_name AS "drugName", f.fill_date AS "fillDate", f.days_supply AS "daysSupply",
      f.quantity::float8 AS quantity, f.total_cost::float8 AS "totalCost", f.patient_pay::float8 AS "patientPay",
      f.pharmacy_name AS "pharmacyName",
      CASE WHEN pr.id IS NULL THEN NULL ELSE pr.first_name || ' ' || pr.last_name END AS "prescriberName",
      f.claim_status AS "claimStatus"
    FROM fills f LEFT JOIN prescribers pr ON pr.id = f.prescriber_id
    WHERE f.patient_id = ${pid} AND f.org_id = $2 ORDER BY f.fill_date DESC, f.drug_name`,
  encounters: `SELECT id, kind, start_date AS "startDate", end_date AS "endDate", facility, reason_code AS "reasonCode", reason
    FROM encounters WHERE patient_id = ${pid} AND org_id = $2 ORDER BY start_date DESC`,
  immunizations: `SELECT id, cvx, display, administered_date AS "administeredDate"
    FROM immunizations WHERE patient_id = ${pid} AND org_id = $2 ORDER BY administered_date DESC`,
  signatures: `SELECT s.id, s.signed_at AS "signedAt", u.display_name AS "signedBy", s.note,
      cardinality(s.active_medication_ids) AS "activeMedicationCount"
    FROM medication_list_signatures s JOIN users u ON u.id = s.signed_by
    WHERE s.patient_id = ${pid} AND s.org_id = $2 ORDER BY s.signed_at DESC`,
});
const SECTIONS = sections('$1');

export type ChartRows = { [K in keyof typeof SECTIONS]: Record<string, unknown>[] };

/** The sections the screening engine reads (see services/chart-snapshot.ts chartToSnapshot). */
export const SCREENING_SECTIONS = ['patient', 'medications', 'conditions', 'allergies', 'observations', 'fills', 'immunizations'] as const;
export type ScreeningChartRows = Pick<ChartRows, (typeof SCREENING_SECTIONS)[number]>;

/** A json_build_object of the screening sections for the patient `pid` (same parameters as the chart: $2 org, $3 day). */
export function screeningChartSql(pid: string): string {
  const all = sections(pid);
  return `json_build_object(${SCREENING_SECTIONS.map((key) => `'${key}', coalesce((SELECT json_agg(s) FROM (${all[key]}) s), '[]'::json)`).join(', ')})`;
}

// One statement for the whole chart: each section becomes a JSON array built by the database. On the embedded
// database every statement has a fixed cost, so this is several times faster than a query per section.
// json_agg keeps the order of its sorted subquery (PostgreSQL documents this as the way to order aggregates'
// input when no ORDER BY is given inside the aggregate).
const CHART_SQL = `SELECT json_build_object(${Object.entries(SECTIONS)
  .map(([key, sql]) => `'${key}', coalesce((SELECT json_agg(s) FROM (${sql}) s), '[]'::json)`)
  .join(',\n  ')}) AS chart`;

/** All sections of one patient's chart; `patient` is empty when the id is not in this organisation. */
export async function loadChart(q: Queryable, orgId: string, patientId: string, today: string): Promise<ChartRows> {
  const rows = await q.query<{ chart: ChartRows }>(CHART_SQL, [patientId, orgId, today], { prepare: 'patient_chart' });
  return rows[0]!.chart;
}

export async function listPrescribers(
  q: Queryable,
  orgId: string,
  text: string | undefined,
  limit: number,
  offset: number,
): Promise<{ items: Record<string, unknown>[]; total: number }> {
  const params: unknown[] = [orgId];
  let where = 'org_id = $1';
  if (text) {
    params.push(`${likePrefix(text)}%`);
    where += ` AND (lower(last_name) LIKE $2 OR lower(first_name) LIKE $2 OR npi LIKE $2)`;
  }
  const total = (await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM prescribers WHERE ${where}`, params))[0]!.n;
  const items = await q.query(
    `SELECT id, npi, first_name AS "firstName", last_name AS "lastName", credential, specialty
       FROM prescribers WHERE ${where} ORDER BY last_name, first_name LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, limit, offset],
  );
  return { items, total };
}
