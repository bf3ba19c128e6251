// `openmtm target --program partd --year YYYY --claims F --members F --conditions F --out F [--as-of YYYY-MM-DD]
// [--cost-threshold USD] [--min-core-diseases N] [--min-drugs N] [--contract H1234] [--drug-lookback-days N]
// [--crosswalk F]`: Part D MTM targeting from files (issue 5; docs/targeting.md). Bad arguments throw
// TargetUsageError; bad file content throws ValidationError from the job.
import fs from 'node:fs';
import path from 'node:path';
import { isIsoDate } from '../domain/codes.ts';
import { toDay, yearStart } from '../domain/days.ts';
import { ValidationError } from '../domain/errors.ts';
import { parsePartdProgram, type PartdProgram } from '../engines/targeting/program.ts';
import { parseNdcCrosswalk } from '../interop/ndc-crosswalk.ts';
import { targetFromFiles, type DrugIdentifier, type TargetSummary } from '../jobs/target-from-files.ts';
import { classifyProduct } from '../knowledge/measure-classes.ts';
import { canonicalIngredient } from '../knowledge/rxnorm-display.ts';
import { shippedKnowledge } from '../knowledge/screening/index.ts';

export class TargetUsageError extends Error {
  override name = 'TargetUsageError';
}

export type TargetCommandOptions = {
  program?: string | undefined;
  year?: string | undefined;
  claims?: string | undefined;
  members?: string | undefined;
  conditions?: string | undefined;
  out?: string | undefined;
  asOf?: string | undefined;
  costThreshold?: string | undefined;
  minCoreDiseases?: string | undefined;
  minDrugs?: string | undefined;
  contract?: string | undefined;
  drugLookbackDays?: string | undefined;
  crosswalk?: string | undefined;
  /** Today as YYYY-MM-DD (the CLI's clock); the default as-of is the earlier of this and 31 December of the year. */
  today: string;
  log?: (line: string) => void;
};

const USAGE = 'target needs --program partd --year YYYY --claims FILE --members FILE --conditions FILE --out FILE';

function whole(v: string | undefined, flag: string, def: number): number {
  if (v === undefined) return def;
  if (!/^\d+$/.test(v)) throw new TargetUsageError(`--${flag} must be a whole number, got "${v}"`);
  return Number(v);
}

/** Validates the options into a program, the as-of day and the file paths (no file is read here). */
export function parseTargetOptions(o: TargetCommandOptions): { program: PartdProgram; asOf: number; files: { claims: string; members: string; conditions: string; out: string } } {
  if (o.program === undefined) throw new TargetUsageError(`${USAGE} (--program is missing)`);
  if (o.program !== 'partd') throw new TargetUsageError(`--program must be partd (the only program so far), got "${o.program}"`);
  if (!o.year || !/^20\d\d$/.test(o.year)) throw new TargetUsageError(`--year must be a contract year such as 2025, got "${o.year ?? ''}"`);
  const year = Number(o.year);
  const [claims, members, conditions, out] = [o.claims, o.members, o.conditions, o.out];
  if (!claims || !members || !conditions || !out) throw new TargetUsageError(USAGE);
  for (const f of [claims, members, conditions]) if (!fs.existsSync(f)) throw new TargetUsageError(`${f} does not exist`);
  if (!fs.existsSync(path.dirname(path.resolve(out)))) throw new TargetUsageError(`the folder of --out ${out} does not exist`);
  let costThreshold: number | undefined;
  if (o.costThreshold !== undefined) {
    if (!/^\d+(\.\d{1,2})?$/.test(o.costThreshold) || Number(o.costThreshold) <= 0) throw new TargetUsageError(`--cost-threshold must be an amount in dollars such as 1623, got "${o.costThreshold}"`);
    costThreshold = Number(o.costThreshold);
  }
  let program: PartdProgram;
  try {
    program = parsePartdProgram({
      kind: 'partd',
      year,
      minCoreDiseases: whole(o.minCoreDiseases, 'min-core-diseases', 3),
      minDrugs: whole(o.minDrugs, 'min-drugs', 8),
      includeDmp: true,
      ...(o.contract !== undefined ? { contract: o.contract } : {}),
      ...(costThreshold !== undefined ? { costThreshold } : {}),
      ...(o.drugLookbackDays !== undefined ? { drugLookbackDays: whole(o.drugLookbackDays, 'drug-lookback-days', 180) } : {}),
    });
  } catch (err) {
    if (err instanceof ValidationError) throw new TargetUsageError(err.issues.map((i) => i.message.replace(/^costThreshold is required/, '--cost-threshold is required')).join('; '));
    throw err;
  }
  const yearEnd = `${year}-12-31`;
  const asOfText = o.asOf ?? (o.today < yearEnd ? o.today : yearEnd);
  if (!isIsoDate(asOfText)) throw new TargetUsageError(`--as-of must be a date as YYYY-MM-DD, got "${asOfText}"`);
  const asOf = toDay(asOfText);
  if (asOf < yearStart(year)) throw new TargetUsageError(`--as-of ${asOfText} is before contract year ${year}`);
  return { program, asOf, files: { claims, members, conditions, out } };
}

/** Drug identity from the shipped knowledge: the sorted, salt-free active ingredients of the product. */
export function shippedDrugIdentifier(crosswalk?: ReadonlyMap<string, string>): DrugIdentifier {
  const k = shippedKnowledge();
  const key = (names: readonly string[]) => [...new Set(names.map(canonicalIngredient))].sort().join('/');
  return ({ rxcui, ndc }) => {
    const code = { rxcui: rxcui ?? (ndc ? (crosswalk?.get(ndc) ?? null) : null), ndc };
    const c = classifyProduct(code);
    if (c && c.ingredients.length) return key(c.ingredients);
    if (!code.rxcui) return undefined;
    const product = k.products.get(code.rxcui);
    if (product) return key(product.ingredients.map((i) => i.name));
    const ingredient = k.drugByRxcui.get(code.rxcui);
    return ingredient ? key([ingredient.name]) : undefined;
  };
}

export async function targetCommand(o: TargetCommandOptions): Promise<TargetSummary> {
  const log = o.log ?? ((l: string) => console.log(l));
  const { program, asOf, files } = parseTargetOptions(o);
  let crosswalk: Map<string, string> | undefined;
  if (o.crosswalk !== undefined) {
    if (!fs.existsSync(o.crosswalk)) throw new TargetUsageError(`${o.crosswalk} does not exist`);
    crosswalk = parseNdcCrosswalk(fs.readFileSync(o.crosswalk, 'utf8'), path.basename(o.crosswalk));
  }
  const t0 = Date.now();
  const s = await targetFromFiles({ ...files, program, asOf, identify: shippedDrugIdentifier(crosswalk) });
  log(`${s.members} members, ${s.claims} claims, ${s.conditions} conditions -> ${files.out} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  log(
    `  Part D ${program.year}${program.contract ? ` ${program.contract}` : ''}: ${program.minCoreDiseases}+ core diseases, ${program.minDrugs}+ drugs, cost >= $${program.costThreshold.toLocaleString('en-US')}; ` +
      `${s.eligible} eligible (${Object.entries(s.byReason).sort().map(([r, n]) => `${r}: ${n}`).join(', ') || 'none'})`,
  );
  if (s.costUnknownMembers) log(`  warning: ${s.costUnknownMembers} members have fills without total_cost; their cost criterion is unknown (see notes)`);
  if (s.unidentifiedClaims) log(`  warning: ${s.unidentifiedClaims} claims have product codes the knowledge base does not know (e.g. ${s.unidentifiedCodes.slice(0, 5).join(', ')}); each code counted as its own drug`);
  return s;
}
