// Drug–drug interactions (knowledge: interactions.json — ONC high-priority groups, common serious outpatient
// pairs, ONC non-interruptive pairs at low severity). One rule per interaction entry.
// Each member must be matched by a different ingredient, and not all members by one product: the ingredients of a
// fixed-dose combination are combined on purpose (lisinopril/hydrochlorothiazide is not an interaction), but a
// combination product can supply two members of a three-drug interaction (NSAID + ACE inhibitor/thiazide pill).
import type { DtpFinding } from '../../../domain/screening.ts';
import type { Interaction, Knowledge } from '../../../knowledge/screening/index.ts';
import { SNOMED } from '../../../knowledge/screening/dtp-snomed.ts';
import type { ScreenContext } from '../context.ts';
import { finding, medNames, type Rule } from '../finding.ts';
import { matchAll, type Match } from '../select.ts';
import { round } from '../resolve.ts';

type Pick = { match: Match; ingredient: string };

/** Every way to give each member its own (medication, ingredient). */
function assignments(members: Match[][]): Pick[][] {
  const out: Pick[][] = [];
  const walk = (i: number, chosen: Pick[]) => {
    if (i === members.length) {
      if (new Set(chosen.map((c) => c.match.med.med.id)).size > 1) out.push([...chosen]);
      return;
    }
    for (const m of members[i] ?? []) {
      for (const ing of m.ingredients) {
        if (chosen.some((c) => c.ingredient === ing.name)) continue;
        chosen.push({ match: { med: m.med, ingredients: [ing] }, ingredient: ing.name });
        walk(i + 1, chosen);
        chosen.pop();
      }
    }
  };
  walk(0, []);
  return out;
}

function evaluate(e: Interaction, ctx: ScreenContext): DtpFinding[] {
  const members = e.members.map((sel) => matchAll(sel, ctx.meds));
  if (members.some((m) => m.length === 0)) return [];
  // one finding per set of ingredients; every product carrying them is evidence
  const groups = new Map<string, Pick[][]>();
  for (const combo of assignments(members)) {
    const key = combo.map((c) => c.ingredient).sort().join('+');
    groups.set(key, [...(groups.get(key) ?? []), combo]);
  }
  const out: DtpFinding[] = [];
  for (const combos of groups.values()) {
    const matches = combos.flatMap((cb) => cb.map((c) => c.match));
    const facts: string[] = [];
    let status: 'problem' | 'could-not-assess' = 'problem';
    const missing: string[] = [];
    if (e.whenDailyDoseAbove) {
      // the dose cap is on the total daily dose of the ingredient across every product carrying it
      const limit = e.whenDailyDoseAbove;
      const holders = [...new Map(matches.filter((m) => m.ingredients.some((i) => i.name === limit.ingredient)).map((m) => [m.med.med.id, m.med])).values()];
      const doses = holders.map((h) => h.ingredients.find((i) => i.name === limit.ingredient)?.dailyMg);
      const known = doses.reduce<number>((t, d) => t + (d ?? 0), 0);
      if (holders.length > 0 && known > limit.mg) {
        facts.push(`${limit.ingredient} ${round(known)} mg/day exceeds ${limit.mg} mg/day with this combination`);
      } else if (doses.some((d) => d === undefined)) {
        status = 'could-not-assess';
        missing.push(`daily dose of ${limit.ingredient} (strength and directions)`);
      } else if (holders.length > 0) {
        continue;
      }
    }
    const severity = e.nonInterruptive ? 'low' : e.severity;
    out.push(finding({
      rule: { id: e.id, version: e.version, family: 'drug-interaction' },
      category: e.category, severity, status, title: e.title,
      summary: status === 'problem'
        ? `${medNames(matches)}: ${e.mechanism}`
        : `${medNames(matches)}: could not assess — needs ${missing.join(', ')}`,
      matches, facts: [...facts, ...(e.oncGroup ? [`ONC high-priority DDI group ${e.oncGroup}`] : []), ...(e.nonInterruptive ? ['ONC non-interruptive pair (shown at low priority)'] : [])],
      missing, recommendation: e.recommendation, patientText: e.patientText,
      snomed: e.snomed ?? SNOMED.drugInteraction, provenance: e.provenance,
    }));
  }
  return out;
}

export function interactionRules(k: Knowledge): Rule[] {
  return k.interactions.map((e) => ({ id: e.id, version: e.version, family: 'drug-interaction', trigger: e.members[0], evaluate: (ctx) => evaluate(e, ctx) }));
}
