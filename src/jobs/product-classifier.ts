// The product classifier for measure runs: the shipped open PQA-aligned lists, or a licensed value-set file.
import fs from 'node:fs';
import path from 'node:path';
import { ValidationError } from '../domain/errors.ts';
import { parseNdcCrosswalk } from '../interop/ndc-crosswalk.ts';
import { ClassOverrideError, MEASURE_CLASSES_PROVENANCE, classKeysForProduct, loadClassOverride, toClassKeys } from '../knowledge/measure-classes.ts';

import type { MeasureClass } from '../engines/adherence/member.ts';

/** Per measure class, the ingredient key of a product (undefined = product not in that class); undefined = unknown code. */
export type ProductClassifier = (code: { rxcui: string | null; ndc: string | null }) => Partial<Record<MeasureClass, string>> | undefined;

/** How to build the classifier, as data a worker thread can receive: the files are read where it is built. */
export type ClassifierSpec = { valueSets?: string | undefined; crosswalk?: string | undefined };

export function classifierFromSpec(spec: ClassifierSpec): ProductClassifier {
  return measureClassifier(spec).classify;
}

/** The classifier and the name of the lists it uses, for runs to record which lists their results come from. */
export type MeasureClassifier = { classify: ProductClassifier; label: string };

export function measureClassifier(spec: ClassifierSpec): MeasureClassifier {
  const base = baseClassifier(spec.valueSets);
  const crosswalk = loadCrosswalk(spec.crosswalk);
  const classify: ProductClassifier = crosswalk ? (code) => base.classify(code.rxcui || !code.ndc ? code : { ...code, rxcui: crosswalk.get(code.ndc) ?? null }) : base.classify;
  return { classify, label: crosswalk ? `${base.label}; NDC crosswalk ${path.basename(spec.crosswalk!)}` : base.label };
}

/** Reads a crosswalk file (see interop/ndc-crosswalk.ts). */
export function loadCrosswalk(file: string | undefined): Map<string, string> | undefined {
  if (!file) return undefined;
  if (!fs.existsSync(file)) throw new ValidationError(`${file} does not exist`);
  return parseNdcCrosswalk(fs.readFileSync(file, 'utf8'), path.basename(file));
}

function baseClassifier(valueSetFile: string | undefined): MeasureClassifier {
  if (!valueSetFile) return { classify: (code) => classKeysForProduct(code), label: MEASURE_CLASSES_PROVENANCE.label };
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
  return {
    label: `licensed value sets: ${licensed.provenance.source} ${licensed.provenance.version}`,
    classify: (code) => {
      const c = licensed.classify(code);
      return c && toClassKeys(c, code);
    },
  };
}
