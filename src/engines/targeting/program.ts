// A plan's Part D MTM targeting program for one contract year, validated against what CMS allows (PRODUCT.md §5.1).
// Shape errors come from zod; rule errors name the rule and its citation, e.g.
// "minDrugs 9: CMS allows plans to require at most 8 Part D drugs (42 CFR 423.153(d)(2))".
import { z } from 'zod';
import { ValidationError, type FieldIssue } from '../../domain/errors.ts';
import { LIMITS, cmsCostThreshold } from '../../knowledge/targeting/partd-thresholds.ts';

export const PartdProgramInputSchema = z
  .object({
    kind: z.literal('partd'),
    /** Part D contract (H, R, S or E and four digits); optional, only carried into outputs. */
    contract: z.string().regex(/^[HRSE]\d{4}$/, 'expected a Part D contract id such as H1234').optional(),
    year: z.number().int().min(2021).max(2100),
    minCoreDiseases: z.number().int(),
    minDrugs: z.number().int(),
    /** US dollars; defaults to the CMS figure for the year when CMS has one (partd-thresholds.ts). */
    costThreshold: z.number().positive().optional(),
    includeDmp: z.boolean().default(true),
    /** Drugs count when filled within this many days up to and including the day evaluated. */
    drugLookbackDays: z.number().int().min(1).max(366).default(180),
    /** The cost projection divides by at least this many days, so one early fill does not project a fortune. */
    projectionMinDays: z.number().int().min(1).max(366).default(90),
  })
  .strict();

export type PartdProgramInput = z.input<typeof PartdProgramInputSchema>;

export type PartdProgram = Omit<z.output<typeof PartdProgramInputSchema>, 'costThreshold'> & {
  costThreshold: number;
  /** The CMS threshold for the year, when known: a plan threshold below it is expanded eligibility (code 04). */
  cmsCostThreshold: number | undefined;
};

const CFR = '(42 CFR 423.153(d)(2))';
const usd = (n: number) => `$${n.toLocaleString('en-US')}`;

/** Rule problems of a shape-valid program; empty when CMS allows it. */
export function programRuleIssues(p: z.output<typeof PartdProgramInputSchema>): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const add = (field: string, message: string) => issues.push({ pointer: `/${field}`, message });
  if (p.minCoreDiseases > LIMITS.maxMinCoreDiseases) {
    add('minCoreDiseases', `minCoreDiseases ${p.minCoreDiseases}: CMS allows plans to require at most ${LIMITS.maxMinCoreDiseases} core chronic diseases ${CFR}`);
  }
  if (p.minCoreDiseases < 1) add('minCoreDiseases', `minCoreDiseases ${p.minCoreDiseases}: at least 1 core chronic disease must be required`);
  if (p.minDrugs > LIMITS.maxMinDrugs) add('minDrugs', `minDrugs ${p.minDrugs}: CMS allows plans to require at most ${LIMITS.maxMinDrugs} Part D drugs ${CFR}`);
  if (p.minDrugs < LIMITS.minMinDrugs) add('minDrugs', `minDrugs ${p.minDrugs}: targeting is for beneficiaries taking multiple Part D drugs, at least ${LIMITS.minMinDrugs} ${CFR}`);
  const cms = cmsCostThreshold(p.year);
  if (p.costThreshold === undefined && cms === undefined) {
    add('costThreshold', `costThreshold is required for ${p.year}: no CMS cost threshold is configured for that year (PRODUCT.md §5.1 keeps later years as configuration); pass --cost-threshold`);
  }
  if (p.costThreshold !== undefined && cms !== undefined && p.costThreshold > cms) {
    add('costThreshold', `costThreshold ${p.costThreshold}: plans may not require more than the CMS cost threshold of ${usd(cms)} for ${p.year} ${CFR}`);
  }
  if (!p.includeDmp && p.year >= LIMITS.dmpRequiredFromYear) {
    add('includeDmp', `includeDmp false: at-risk beneficiaries in a drug management program must be targeted from ${LIMITS.dmpRequiredFromYear} (42 CFR 423.153(d)(2)(ii))`);
  }
  return issues;
}

/** Parses and checks a program definition; throws ValidationError listing every problem found. */
export function parsePartdProgram(input: unknown): PartdProgram {
  const r = PartdProgramInputSchema.safeParse(input);
  if (!r.success) {
    const issues = r.error.issues.map((i) => ({ pointer: `/${i.path.join('/')}`, message: `${i.path.join('.') || 'program'}: ${i.message}` }));
    throw new ValidationError(`Invalid targeting program: ${issues.map((i) => i.message).join('; ')}`, issues);
  }
  const issues = programRuleIssues(r.data);
  if (issues.length) throw new ValidationError(`Invalid targeting program: ${issues.map((i) => i.message).join('; ')}`, issues);
  const cms = cmsCostThreshold(r.data.year);
  return { ...r.data, costThreshold: r.data.costThreshold ?? cms!, cmsCostThreshold: cms };
}
