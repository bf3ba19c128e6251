// Pharmacy fills (paid and reversed claims) for one patient's prescription products over the fill window.
// Adherence is a property of the person (most refill on time, about a quarter late with gaps) plus per-product
// noise: early refills, returned-to-stock reversals, and some products silently abandoned mid-year while the
// medication list still says active — the discrepancy reconciliation and PDC are meant to surface.
import type { PatientRecord } from '../domain/patient-record.ts';
import { syntheticNdc } from './catalog/drugs.ts';
import type { MedPlan, PatientContext } from './context.ts';
import { isoDay } from '../domain/days.ts';

type Fill = PatientRecord['fills'][number];

/** Days between running out and the next fill, by adherence class. */
function refillDelay(ctx: PatientContext): number {
  const { rng } = ctx;
  if (rng.chance(0.05)) return -rng.int(5, 12); // early refill
  switch (ctx.adherence) {
    case 'good':
      return Math.round(rng.clampedNormal(1, 3, -6, 12));
    case 'moderate':
      return Math.round(rng.clampedNormal(6, 6, -4, 25));
    case 'poor':
      return rng.chance(0.15) ? rng.int(30, 90) : Math.round(rng.clampedNormal(14, 10, -3, 45));
  }
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

export function buildFills(ctx: PatientContext, meds: readonly MedPlan[], nextId: () => string): Fill[] {
  const { rng } = ctx;
  const fills: Fill[] = [];
  const start = Math.max(ctx.fillWindowStart, ctx.coverageStart);
  const end = Math.min(ctx.lastDay, ctx.coverageEnd ?? ctx.lastDay);
  if (end < start) return fills;
  // Mail order means 90-day supplies; retail patients get 90 days on some products only.
  const ninetyShare = ctx.mail ? 0.85 : 0.25;
  const abandonShare = ctx.adherence === 'poor' ? 0.3 : ctx.adherence === 'moderate' ? 0.1 : 0.03;

  for (const med of meds) {
    const p = med.product;
    if (p.source !== 'prescription') continue;
    const medStart = med.startDay ?? start;
    const medEnd = Math.min(end, med.stopDay ?? end);
    if (medEnd < start || medStart > end) continue;

    if (p.courseDays) {
      if (medStart >= start) fills.push(fill(ctx, med, nextId(), medStart, p.courseDays, p.per30, false));
      continue;
    }
    const days = p.controlled || p.only30 || !rng.chance(ninetyShare) ? 30 : 90;
    const quantity = p.only30 ? p.per30 : (p.per30 * days) / 30;
    // A product started before the window was last filled before it: the first fill in the window lands
    // somewhere inside that earlier supply.
    let day = medStart >= start ? medStart : start + rng.int(0, days - 1);
    const abandonDay = rng.chance(abandonShare) ? start + rng.int(60, Math.max(61, end - start)) : Infinity;
    while (day <= medEnd && day < abandonDay) {
      const useMail = days === 90 && ctx.mail !== null;
      if (rng.chance(0.02)) {
        // Returned to stock: the claim is reversed; most patients pick up a few days later.
        fills.push(fill(ctx, med, nextId(), day, days, quantity, useMail, 'reversed'));
        if (rng.chance(0.3)) {
          day += days + refillDelay(ctx);
          continue;
        }
        day += rng.int(1, 7);
        if (day > medEnd) break;
      }
      fills.push(fill(ctx, med, nextId(), day, days, quantity, useMail));
      day += Math.max(1, days + refillDelay(ctx));
    }
  }
  fills.sort((a, b) => (a.fillDate < b.fillDate ? -1 : a.fillDate > b.fillDate ? 1 : 0));
  return fills;
}

function fill(
  ctx: PatientContext,
  med: MedPlan,
  externalId: string,
  day: number,
  daysSupply: number,
  quantity: number,
  useMail: boolean,
  claimStatus: 'paid' | 'reversed' = 'paid',
): Fill {
  const { rng } = ctx;
  const p = med.product;
  const totalCost = round2(p.monthlyCost * (p.courseDays ? 1 : daysSupply / 30) * (0.9 + rng.next() * 0.2));
  let copay: number;
  if (ctx.lowIncomeSubsidy) copay = p.brand ? 12.15 : 4.9;
  else if (p.brand) copay = daysSupply >= 90 ? 141 : 47;
  else copay = daysSupply >= 90 ? rng.pick([0, 0, 10, 15]) : rng.pick([0, 5, 5, 10]);
  const pharmacy = useMail && ctx.mail ? ctx.mail : ctx.retail;
  const f: Fill = {
    externalId,
    ndc: syntheticNdc(p.key, daysSupply),
    drugName: p.display,
    fillDate: isoDay(day),
    daysSupply,
    quantity: Math.round(quantity * 10) / 10,
    totalCost,
    patientPay: Math.min(copay, totalCost),
    pharmacyNpi: pharmacy.npi,
    pharmacyName: pharmacy.name,
    prescriberNpi: med.prescriberNpi,
    claimStatus,
  };
  if (p.rxcui) f.rxcui = p.rxcui;
  return f;
}
