// The product classifier for measure runs: the shipped open PQA-aligned lists, or a licensed value-set file.
import fs from 'node:fs';
import path from 'node:path';
import { ValidationError } from '../domain/errors.ts';
import { parseNdcCrosswalk } from '../interop/ndc-crosswalk.ts';
import { ClassOverrideError, classKeysForProduct, loadClassOverride, toClassKeys } from '../knowledge/measure-classes.ts';

import type { MeasureClass } from '../engines/adherence/member.ts';

/** Per measure class, the ingredient key of a product (undefined = product not in that class); undefined = unknown code. */
export type ProductClassifier = (code: { rxcui: string | null; ndc: string | null }) => Partial<Record<MeasureClass, string>> | undefined;

/** How to build the classifier, as data a worker thread can receive: the files are read where it is built. */
export type ClassifierSpec = { valueSets?: string | undefined; crosswalk?: string | undefined };

export function classifierFromSpec(spec: ClassifierSpec): ProductClassifier {
  return productClassifier(spec.valueSets, loadCrosswalk(spec.crosswalk));
}

/** Reads a crosswalk file (see interop/ndc-crosswalk.ts). */
export function loadCrosswalk(file: string | undefined): Map<string, string> | undefined {
  if (!file) return undefined;
  if (!fs.existsSync(file)) throw new ValidationError(`${file} does not exist`);
  return parseNdcCrosswalk(fs.readFileSync(file, 'utf8'), path.basename(file));
}

/** The classifier, with NDCs first mapped to RxNorm through the crosswalk when one is given. */
export function productClassifier(valueSetFile: string | undefined, crosswalk?: Map<string, string>): ProductClassifier {
  const base = baseClassifier(valueSetFile);
  if (!crosswalk) return base;
  return (code) => base(code.rxcui || !code.ndc ? code : { ...code, rxcui: crosswalk.get(code.ndc) ?? null });
}

function baseClassifier(valueSetFile: string | undefined): ProductClassifier {
  if (!valueSetFile) return (code) => classKeysForProduct(code);
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(valueSetFile, 'utf8'));
  } catch (err) {
    throw new ValidationError(`${valueSetFile}: ${(err as Error).message}`);
  }
  let licensed: ReturnType<typeof loadClassOverride>;
  try {
    licensed = loadClassOverride(json);
  } catch (err) {
    if (err instanceof ClassOverrideError) throw new ValidationError(`${valueSetFile}: ${err.message}`);
    throw err;
  }
  return (code) => {
    const c = licensed.classify(code);
    return c && toClassKeys(c, code);
  };
}
