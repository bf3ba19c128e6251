// Field schemas shared by the API, the importer and the web app. Messages say what was expected.
import { z } from 'zod';
import {
  CVX_PATTERN,
  ICD10CM_PATTERN,
  isIsoDate,
  isValidLoinc,
  isValidNpi,
  NDC11_PATTERN,
  RXCUI_PATTERN,
  SNOMED_PATTERN,
  US_STATES,
} from './codes.ts';

export const isoDate = z.string().refine(isIsoDate, { message: 'expected a real date as YYYY-MM-DD' });
export const rxcui = z.string().regex(RXCUI_PATTERN, 'expected an RxNorm RXCUI (1-8 digits)');
export const ndc11 = z.string().regex(NDC11_PATTERN, 'expected an 11-digit NDC without dashes');
export const npi = z.string().refine(isValidNpi, { message: 'expected a 10-digit NPI with a valid check digit' });
export const loinc = z.string().refine(isValidLoinc, { message: 'expected a LOINC code like 4548-4 with a valid check digit' });
export const cvx = z.string().regex(CVX_PATTERN, 'expected a CVX vaccine code (1-3 digits)');
export const usState = z.enum(US_STATES, { message: 'expected a US state code such as NY' });
export const nonEmpty = (max = 200) => z.string().trim().min(1, 'must not be empty').max(max, `at most ${max} characters`);
export const optionalText = (max = 500) => z.string().trim().max(max, `at most ${max} characters`).nullish();

export const MEDICATION_SOURCES = ['prescription', 'otc', 'herbal', 'supplement'] as const;
export const SEXES = ['female', 'male', 'other', 'unknown'] as const;

/** A condition code checked against its system's format. */
export const conditionCode = z
  .object({ codeSystem: z.enum(['icd10cm', 'snomed']), code: z.string().trim() })
  .superRefine((v, ctx) => {
    const ok = v.codeSystem === 'icd10cm' ? ICD10CM_PATTERN.test(v.code) : SNOMED_PATTERN.test(v.code);
    if (!ok)
      ctx.addIssue({
        code: 'custom',
        path: ['code'],
        message: v.codeSystem === 'icd10cm' ? 'expected an ICD-10-CM code such as E11.9' : 'expected a SNOMED CT concept id',
      });
  });

/** start ≤ stop, reported on the later field. */
export function datesInOrder(startKey: string, stopKey: string) {
  return (v: Record<string, unknown>, ctx: z.RefinementCtx) => {
    const a = v[startKey];
    const b = v[stopKey];
    if (typeof a === 'string' && typeof b === 'string' && b < a)
      ctx.addIssue({ code: 'custom', path: [stopKey], message: `must not be before ${startKey}` });
  };
}
