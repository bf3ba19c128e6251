// Pharmacy claims into the fills table, matched to patients by member id (coverage) or external id.
import type { ClaimImportRow } from '../interop/claim-rows.ts';
import type { Queryable } from './db.ts';

/** member id → patient id for the given member ids, in one organisation. */
export async function patientsByMemberId(q: Queryable, orgId: string, memberIds: readonly string[]): Promise<Map<string, string>> {
  const rows = await q.query<{ memberId: string; patientId: string }>(
    `SELECT DISTINCT ON (m) m AS "memberId", coalesce(c.patient_id, p.id) AS "patientId"
       FROM unnest($2::text[]) AS m
       LEFT JOIN coverages c ON c.org_id = $1 AND upper(c.member_id) = upper(m)
       LEFT JOIN patients p ON p.org_id = $1 AND p.external_id = m
      WHERE c.patient_id IS NOT NULL OR p.id IS NOT NULL
      ORDER BY m`,
    [orgId, memberIds],
  );
  return new Map(rows.map((r) => [r.memberId, r.patientId]));
}

/** Inserts claims; a claim whose id the patient already has is skipped (idempotent re-import). Returns rows added. */
export async function insertClaims(q: Queryable, orgId: string, rows: readonly (ClaimImportRow & { patientId: string; drugName: string })[]): Promise<number> {
  if (rows.length === 0) return 0;
  const col = <T>(f: (r: ClaimImportRow & { patientId: string; drugName: string }) => T) => rows.map(f);
  const inserted = await q.query<{ n: number }>(
    `WITH ins AS (
       INSERT INTO fills (org_id, patient_id, external_id, ndc, rxcui, drug_name, fill_date, days_supply, quantity, total_cost, patient_pay, claim_status)
       SELECT $1, * FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::date[], $8::int[], $9::numeric[], $10::numeric[], $11::numeric[], $12::text[])
       ON CONFLICT (patient_id, external_id) DO NOTHING RETURNING 1)
     SELECT count(*)::int AS n FROM ins`,
    [orgId, col((r) => r.patientId), col((r) => r.claimId), col((r) => r.ndc), col((r) => r.rxcui), col((r) => r.drugName), col((r) => r.fillDate),
      col((r) => r.daysSupply), col((r) => r.quantity), col((r) => r.totalCost), col((r) => r.patientPay), col((r) => r.status)],
  );
  return inserted[0]!.n;
}
