// Every rule family, in the order findings are ranked within equal severity.
import type { Knowledge } from '../../../knowledge/screening/index.ts';
import type { Rule } from '../finding.ts';
import { allergyRules } from './allergy.ts';
import { interactionRules } from './interactions.ts';
import { renalRules } from './renal-dose.ts';
import { doseRangeRules } from './dose-range.ts';
import { labAlertRules } from './lab-alerts.ts';
import { beersDrugDiseaseRules } from './beers-drug-disease.ts';
import { beersAvoidRules } from './beers-avoid.ts';
import { cnsActiveRules } from './cns-active.ts';
import { anticholinergicBurdenRules } from './anticholinergic-burden.ts';
import { duplicationRules } from './duplication.ts';
import { therapyGapRules } from './therapy-gaps.ts';
import { naloxoneRules } from './naloxone.ts';
import { statinIntensityRules } from './statin-intensity.ts';
import { monitoringRules } from './monitoring.ts';
import { adherenceRules } from './adherence.ts';
import { vaccineRules } from './vaccines.ts';
import { costRules } from './cost.ts';
import { unrecognisedRules } from './unrecognised.ts';

export const RULE_FAMILIES: ((k: Knowledge) => Rule[])[] = [
  allergyRules, interactionRules, renalRules, doseRangeRules, labAlertRules, beersDrugDiseaseRules, beersAvoidRules,
  cnsActiveRules, anticholinergicBurdenRules, duplicationRules, therapyGapRules, statinIntensityRules, naloxoneRules, monitoringRules,
  adherenceRules, vaccineRules, costRules, unrecognisedRules,
];

const built = new WeakMap<Knowledge, Rule[]>();
/** All enabled rules for a knowledge base (built once per knowledge object). */
export function rulesFor(k: Knowledge): Rule[] {
  let rules = built.get(k);
  if (!rules) {
    rules = RULE_FAMILIES.flatMap((f) => f(k)).filter((r) => !k.disabled.has(r.id));
    built.set(k, rules);
  }
  return rules;
}
