// Medicare Part D MTM targeting for one member and one contract year (PRODUCT.md §5.1; 42 CFR 423.153(d)(2)).
// Pure: member + program + asOf in, result out; day numbers from domain/days.ts. The member is targeted when, on
// some day of the year up to asOf while enrolled, (a) they have at least minCoreDiseases core chronic diseases, take
// at least minDrugs distinct Part D drugs and are projected to reach the cost threshold, or (b) they are an at-risk
// beneficiary in a drug management program. Once targeted they stay enrolled in MTM for the rest of the year, so
// `eligible` is "met on some day", `dateMet` the first such day, and the counts are reported as of the last day
// evaluated (notes say when they no longer meet the criteria then).
//
// Why only event days are evaluated: between two consecutive fills/onsets the disease count is constant, the drug
// count can only fall (fills leave the lookback window) and the projected cost can only fall (same cost over more
// days), so if the criteria hold on any day they hold on the event day that starts its interval.
import { isoDay, yearStart } from '../../domain/days.ts';
import { CORE_DISEASE_GROUPS, coreDiseaseGroupsOf, type ConditionSystem } from '../../knowledge/targeting/core-diseases.ts';
import { LIMITS, TARGETING_REASON, type TargetingReason } from '../../knowledge/targeting/partd-thresholds.ts';
import type { PartdProgram } from './program.ts';

export type TargetFill = {
  day: number;
  /** Identity of the drug for counting: the sorted active-ingredient set ("amlodipine/benazepril"), else the code. */
  drug: string;
  /** Gross drug cost of the fill in US dollars; null = not known. */
  cost: number | null;
};

export type TargetCondition =
  | {
      code: string;
      system: ConditionSystem;
      /** Undefined = onset not recorded: taken as present before the period. */
      onsetDay: number | undefined;
    }
  /** Already resolved to core disease groups (for the program's year) where the row was read: the population engine. */
  | { groups: readonly string[]; onsetDay: number | undefined };

export type TargetMember = {
  id: string;
  enrollStart?: number | undefined;
  enrollEnd?: number | undefined;
  deathDay?: number | undefined;
  dmpAtRisk: boolean;
  /** Day the beneficiary was identified as at-risk under the DMP; undefined = at risk throughout the period. */
  dmpDay?: number | undefined;
  fills: readonly TargetFill[];
  conditions: readonly TargetCondition[];
};

export type TargetResult = {
  memberId: string;
  eligible: boolean;
  reason: TargetingReason | '';
  dateMet: number | undefined;
  /** Core disease group keys met on the last day evaluated, in the knowledge file's order. */
  coreDiseases: string[];
  drugCount: number;
  /** Projected annual gross drug cost in dollars (cents precision) on the last day evaluated; null = unknown. */
  annualCost: number | null;
  /** Last day evaluated: asOf, capped at year end, disenrollment and death. */
  evaluatedDay: number | undefined;
  notes: string[];
};

type DayState = { diseases: number; drugs: number; costCents: number | null; costUnknownFills: number };

const DOLLARS = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const usd = (cents: number) => `$${DOLLARS.format(cents / 100)}`;

export function targetPartdMember(m: TargetMember, program: PartdProgram, asOf: number): TargetResult {
  const y0 = yearStart(program.year);
  const y1 = yearStart(program.year + 1) - 1;
  const yearDays = y1 - y0 + 1;
  const start = Math.max(y0, m.enrollStart ?? y0);
  const end = Math.min(asOf, y1, m.enrollEnd ?? Infinity, m.deathDay ?? Infinity);
  const base: TargetResult = { memberId: m.id, eligible: false, reason: '', dateMet: undefined, coreDiseases: [], drugCount: 0, annualCost: null, evaluatedDay: undefined, notes: [] };
  if (end < start) return { ...base, notes: [`not enrolled and alive in ${program.year} up to ${isoDay(Math.min(asOf, y1))}`] };

  // Core disease groups with the day each is first known within the period.
  const groupDay = new Map<string, number>();
  let undated = 0;
  for (const c of m.conditions) {
    if (c.onsetDay !== undefined && c.onsetDay > end) continue;
    const groups = 'groups' in c ? c.groups : coreDiseaseGroupsOf(c.code, c.system, program.year);
    if (groups.length && c.onsetDay === undefined) undated++;
    const day = Math.max(start, c.onsetDay ?? start);
    for (const g of groups) groupDay.set(g, Math.min(groupDay.get(g) ?? Infinity, day));
  }
  const diseaseDays = [...groupDay.values()].sort((a, b) => a - b);
  const fills = m.fills.filter((f) => f.day <= end);
  if (!isSorted(fills)) fills.sort((a, b) => a.day - b.day);

  const candidates = new Set<number>([start, end]);
  for (const d of diseaseDays) candidates.add(d);
  for (const f of fills) if (f.day >= start) candidates.add(f.day);
  const days = Int32Array.from(candidates).sort();

  const cmsThreshold = program.cmsCostThreshold ?? program.costThreshold;
  const minDiseasesCms = Math.max(program.minCoreDiseases, LIMITS.regulatoryMinCoreDiseases);
  const planMet = (s: DayState) => s.diseases >= program.minCoreDiseases && s.drugs >= program.minDrugs && s.costCents !== null && s.costCents >= Math.round(program.costThreshold * 100);
  const cmsMet = (s: DayState) => s.diseases >= minDiseasesCms && s.drugs >= program.minDrugs && s.costCents !== null && s.costCents >= Math.round(cmsThreshold * 100);

  const window = new Map<string, number>();
  let lo = 0;
  let hi = 0;
  let di = 0;
  let sumCents = 0;
  let unknown = 0;
  let planDay: number | undefined;
  let cmsDay: number | undefined;
  let last: DayState = { diseases: 0, drugs: 0, costCents: null, costUnknownFills: 0 };
  for (const d of days) {
    for (; hi < fills.length && fills[hi]!.day <= d; hi++) {
      const f = fills[hi]!;
      window.set(f.drug, (window.get(f.drug) ?? 0) + 1);
      if (f.day >= start) {
        if (f.cost === null) unknown++;
        else sumCents += Math.round(f.cost * 100);
      }
    }
    for (; lo < hi && fills[lo]!.day <= d - program.drugLookbackDays; lo++) {
      const key = fills[lo]!.drug;
      const n = window.get(key)! - 1;
      if (n === 0) window.delete(key);
      else window.set(key, n);
    }
    while (di < diseaseDays.length && diseaseDays[di]! <= d) di++;
    const elapsed = Math.max(d - start + 1, program.projectionMinDays);
    last = { diseases: di, drugs: window.size, costCents: unknown ? null : Math.round((sumCents * yearDays) / elapsed), costUnknownFills: unknown };
    if (planDay === undefined && planMet(last)) planDay = d;
    if (cmsDay === undefined && cmsMet(last)) cmsDay = d;
  }

  const dmpDay = program.includeDmp && m.dmpAtRisk ? Math.max(start, m.dmpDay ?? start) : undefined;
  const dmp = dmpDay !== undefined && dmpDay <= end ? dmpDay : undefined;
  let reason: TargetingReason | '' = '';
  let dateMet: number | undefined;
  if (dmp !== undefined && cmsDay !== undefined) [reason, dateMet] = [TARGETING_REASON.both, Math.min(dmp, cmsDay)];
  else if (dmp !== undefined) [reason, dateMet] = [TARGETING_REASON.dmp, dmp];
  else if (cmsDay !== undefined) [reason, dateMet] = [TARGETING_REASON.criteria, cmsDay];
  else if (planDay !== undefined) [reason, dateMet] = [TARGETING_REASON.expanded, planDay];

  const notes: string[] = [];
  if (last.costCents === null) notes.push(`annual cost unknown: ${last.costUnknownFills} fill${last.costUnknownFills > 1 ? 's' : ''} without total_cost, so the cost criterion is not met`);
  if (undated) notes.push(`${undated} core-disease condition${undated > 1 ? 's' : ''} without onset_date taken as present from ${isoDay(start)}`);
  if (m.dmpAtRisk && m.dmpDay !== undefined && m.dmpDay > end) notes.push(`DMP at-risk only from ${isoDay(m.dmpDay)}, after ${isoDay(end)}`);
  if (reason === TARGETING_REASON.expanded) notes.push(`met the plan's expanded criteria only (CMS: ${minDiseasesCms} core diseases, cost ${usd(Math.round(cmsThreshold * 100))})`);
  const missing = unmet(last, program);
  if (reason !== '' && reason !== TARGETING_REASON.dmp && missing.length) notes.push(`criteria met on ${isoDay(dateMet!)}; on ${isoDay(end)}: ${missing.join(', ')} (stays enrolled for the year)`);
  if (reason === '') notes.push(...missing);

  const met = new Set([...groupDay].filter(([, day]) => day <= end).map(([g]) => g));
  return {
    memberId: m.id,
    eligible: reason !== '',
    reason,
    dateMet,
    coreDiseases: CORE_DISEASE_GROUPS.map((g) => g.key).filter((k) => met.has(k)),
    drugCount: last.drugs,
    annualCost: last.costCents === null ? null : last.costCents / 100,
    evaluatedDay: end,
    notes,
  };
}

function isSorted(fills: readonly TargetFill[]): boolean {
  for (let i = 1; i < fills.length; i++) if (fills[i]!.day < fills[i - 1]!.day) return false;
  return true;
}

function unmet(s: DayState, p: PartdProgram): string[] {
  const out: string[] = [];
  if (s.diseases < p.minCoreDiseases) out.push(`core diseases ${s.diseases} < ${p.minCoreDiseases}`);
  if (s.drugs < p.minDrugs) out.push(`drugs ${s.drugs} < ${p.minDrugs} in ${p.drugLookbackDays} days`);
  if (s.costCents !== null && s.costCents < Math.round(p.costThreshold * 100)) out.push(`projected annual cost ${usd(s.costCents)} < ${usd(Math.round(p.costThreshold * 100))}`);
  return out;
}
