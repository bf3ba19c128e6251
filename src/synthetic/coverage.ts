// Insurance for a synthetic patient. Most are Medicare Part D members (MA-PD "H" or stand-alone PDP "S"
// contracts, PBP 001…), some dual-eligible with Medicaid, the under-65s mostly commercial. The first coverage is
// the primary one: its member id keys the claims CSV and its dates are the enrollment span.
import type { PatientRecord } from '../domain/patient-record.ts';
import { COMMERCIAL_PAYERS, MEDICAID_PAYERS, PART_D_PLANS } from './catalog/people.ts';
import { birthdayAt, isoDay, monthEnd, monthStart, yearOf, yearStart } from '../domain/days.ts';
import type { Rng } from './random.ts';

type Coverage = PatientRecord['coverages'][number];

export type CoverageInput = {
  index: number;
  age: number;
  birthDay: number;
  asOf: number;
  deceasedDay: number | null;
};

export type CoverageResult = { coverages: Coverage[]; start: number; end: number | null; lowIncomeSubsidy: boolean };

const pad9 = (n: number) => String(n).padStart(9, '0');

export function buildCoverage(rng: Rng, p: CoverageInput): CoverageResult {
  const year = yearOf(p.asOf);
  const medicare = p.age >= 65 || rng.chance(0.15); // under 65: disability or ESRD entitlement
  let start: number;
  if (medicare && p.age >= 65) {
    const eligible = monthStart(birthdayAt(p.birthDay, 65));
    // ~8% joined the plan recently (new enrollees are due a CMR within 60 days).
    start = rng.chance(0.08) ? Math.max(eligible, monthStart(p.asOf - rng.int(0, 240))) : Math.max(eligible, yearStart(year - rng.int(1, 10)));
  } else {
    start = yearStart(year - rng.int(1, 8));
  }
  let end: number | null = null;
  if (p.deceasedDay !== null) end = monthEnd(p.deceasedDay);
  else if (rng.chance(0.03)) end = Math.max(start + 30, monthEnd(p.asOf - rng.int(30, 200)));
  if (end !== null && end > monthEnd(p.asOf)) end = monthEnd(p.asOf);
  if (end !== null && end < start) start = monthStart(end); // died or left the month they joined

  const coverages: Coverage[] = [];
  let lowIncomeSubsidy = false;
  if (medicare) {
    const dual = rng.chance(0.14);
    const plan = dual && rng.chance(0.5) ? PART_D_PLANS.find(([s]) => s.contractId.startsWith('H98'))![0] : rng.weighted(PART_D_PLANS);
    coverages.push({
      kind: 'medicare_part_d',
      payerName: plan.payerName,
      memberId: `MBR${pad9(p.index)}`,
      contractId: plan.contractId,
      pbpId: rng.pick(plan.pbpIds),
      groupId: null,
      startDate: isoDay(start),
      endDate: end === null ? null : isoDay(end),
    });
    if (dual) {
      lowIncomeSubsidy = true;
      coverages.push({
        kind: 'medicaid',
        payerName: rng.pick(MEDICAID_PAYERS),
        memberId: `MCD${pad9(p.index)}`,
        contractId: null,
        pbpId: null,
        groupId: null,
        startDate: isoDay(start - rng.int(0, 3) * 365),
        endDate: end === null ? null : isoDay(end),
      });
    } else {
      lowIncomeSubsidy = rng.chance(0.08);
    }
    if (p.age >= 65 && rng.chance(0.05)) {
      coverages.push({
        kind: 'employer',
        payerName: 'Fabrikam Retiree Medical',
        memberId: `RET${pad9(p.index)}`,
        contractId: null,
        pbpId: null,
        groupId: `G${rng.digits(5)}`,
        startDate: isoDay(start),
        endDate: null,
      });
    }
  } else if (rng.chance(0.1)) {
    lowIncomeSubsidy = true;
    coverages.push({
      kind: 'medicaid',
      payerName: rng.pick(MEDICAID_PAYERS),
      memberId: `MCD${pad9(p.index)}`,
      contractId: null,
      pbpId: null,
      groupId: null,
      startDate: isoDay(start),
      endDate: end === null ? null : isoDay(end),
    });
  } else {
    coverages.push({
      kind: rng.chance(0.6) ? 'commercial' : 'employer',
      payerName: rng.pick(COMMERCIAL_PAYERS),
      memberId: `COM${pad9(p.index)}`,
      contractId: null,
      pbpId: null,
      groupId: `G${rng.digits(5)}`,
      startDate: isoDay(start),
      endDate: end === null ? null : isoDay(end),
    });
  }
  return { coverages, start, end, lowIncomeSubsidy };
}
