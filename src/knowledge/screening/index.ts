// Loads the screening knowledge base: the shipped files in this folder plus any user files (licensed drug data,
// local rules), validated, with provenance resolved onto every entry, and indexed for the engine.
//
// User files are JSON objects with a `kind` ("drugs", "products", "interactions", "duplications", "conditions",
// "beers", "renal", "doses", "care-gaps", "disable") and the same shape as the shipped file of that kind
// (docs/knowledge-format.md). An entry whose id (or drug name / product code) matches a shipped one replaces it;
// `{ "kind": "disable", "ids": [...] }` switches shipped rules off. Nothing here reads files: the caller passes
// parsed JSON, so the loader stays pure and the CLI/API decide where user files live.
import type { z } from 'zod';
import drugsJson from './drugs.json' with { type: 'json' };
import productsJson from './products.json' with { type: 'json' };
import interactionsJson from './interactions.json' with { type: 'json' };
import duplicationsJson from './duplications.json' with { type: 'json' };
import conditionsJson from './conditions.json' with { type: 'json' };
import beersJson from './beers.json' with { type: 'json' };
import renalJson from './renal.json' with { type: 'json' };
import dosesJson from './doses.json' with { type: 'json' };
import careGapsJson from './care-gaps.json' with { type: 'json' };
import * as S from './schema.ts';
import type { DrugClass } from './drug-classes.ts';

export type Provenance = { citation: string; url?: string; version: string; retrieved: string; file: string };
export type WithProvenance<T> = T & { provenance: Provenance };

export type DrugInfo = WithProvenance<z.infer<typeof S.drugEntrySchema>> & { classSet: ReadonlySet<DrugClass> };
export type ProductInfo = WithProvenance<z.infer<typeof S.productSchema>>;
export type Interaction = WithProvenance<z.infer<typeof S.interactionSchema>>;
export type Duplication = WithProvenance<z.infer<typeof S.duplicationSchema>>;
export type ConditionConcept = WithProvenance<z.infer<typeof S.conditionConceptSchema>>;
export type BeersAvoid = WithProvenance<z.infer<typeof S.beersAvoidSchema>>;
export type BeersDrugDisease = WithProvenance<z.infer<typeof S.beersDrugDiseaseSchema>>;
type BeersFile = z.infer<typeof S.beersFileSchema>;
export type CnsActiveRule = WithProvenance<BeersFile['cnsActive']>;
export type AnticholinergicRule = WithProvenance<BeersFile['anticholinergicBurden']>;
export type RenalRule = WithProvenance<z.infer<typeof S.renalRuleSchema>>;
export type DoseLimit = WithProvenance<z.infer<typeof S.doseLimitSchema>>;
export type MonitoringRule = WithProvenance<z.infer<typeof S.monitoringRuleSchema>>;
export type LabAlert = WithProvenance<z.infer<typeof S.labAlertSchema>>;
export type VaccineRule = WithProvenance<z.infer<typeof S.vaccineRuleSchema>>;
export type TherapyGap = WithProvenance<z.infer<typeof S.therapyGapSchema>>;
type CareGapsFile = z.infer<typeof S.careGapsFileSchema>;

export type KnowledgeFileSummary = { file: string; kind: string; version: string; retrieved: string; entries: number };

export type Knowledge = {
  drugs: ReadonlyMap<string, DrugInfo>;
  drugByRxcui: ReadonlyMap<string, DrugInfo>;
  /** Lower-case brand name → ingredient names. */
  brands: ReadonlyMap<string, string[]>;
  products: ReadonlyMap<string, ProductInfo>;
  interactions: Interaction[];
  duplications: Duplication[];
  conditions: ReadonlyMap<string, ConditionConcept>;
  beersAvoid: BeersAvoid[];
  beersDrugDisease: BeersDrugDisease[];
  cnsActive: CnsActiveRule | undefined;
  anticholinergic: AnticholinergicRule | undefined;
  renal: RenalRule[];
  doses: DoseLimit[];
  monitoring: MonitoringRule[];
  labAlerts: LabAlert[];
  vaccines: VaccineRule[];
  therapyGaps: TherapyGap[];
  mme: (CareGapsFile['mme'] & { provenance: Provenance }) | undefined;
  disabled: ReadonlySet<string>;
  files: KnowledgeFileSummary[];
};

export type KnowledgeFile = { name: string; json: unknown };

/** A knowledge file failed validation: names the file, the JSON pointer and the problem for each issue. */
export class KnowledgeFileError extends Error {
  constructor(readonly file: string, readonly issues: { pointer: string; message: string }[]) {
    super(`invalid knowledge file ${file}: ${issues.slice(0, 10).map((i) => `${i.pointer || '/'}: ${i.message}`).join('; ')}${issues.length > 10 ? ` (and ${issues.length - 10} more)` : ''}`);
    this.name = 'KnowledgeFileError';
  }
}

const KINDS = {
  drugs: S.drugsFileSchema,
  products: S.productsFileSchema,
  interactions: S.interactionsFileSchema,
  duplications: S.duplicationsFileSchema,
  conditions: S.conditionsFileSchema,
  beers: S.beersFileSchema.partial({ avoid: true, drugDisease: true, cnsActive: true, anticholinergicBurden: true }),
  renal: S.renalFileSchema,
  doses: S.dosesFileSchema,
  'care-gaps': S.careGapsFileSchema.partial({ therapyGaps: true, monitoring: true, labAlerts: true, vaccines: true, mme: true }),
} as const;
type Kind = keyof typeof KINDS;

function parse<K extends Kind>(kind: K, file: string, json: unknown): z.infer<(typeof KINDS)[K]> {
  const r = KINDS[kind].safeParse(json);
  if (!r.success) {
    throw new KnowledgeFileError(file, r.error.issues.map((i) => ({ pointer: '/' + i.path.map(String).join('/'), message: i.message })));
  }
  const data = r.data as z.infer<(typeof KINDS)[K]> & { sources: Record<string, z.infer<typeof S.sourceSchema>> };
  return data;
}

type Sources = Record<string, z.infer<typeof S.sourceSchema>>;

function provenanceOf(file: string, sources: Sources, key: string, pointer: string): Provenance {
  const s = sources[key];
  if (!s) throw new KnowledgeFileError(file, [{ pointer, message: `source "${key}" is not listed under /sources` }]);
  return { ...s, file };
}

function withProv<T extends { source: string }>(file: string, sources: Sources, list: T[], name: string): WithProvenance<T>[] {
  return list.map((e, i) => ({ ...e, provenance: provenanceOf(file, sources, e.source, `/${name}/${i}/source`) }));
}

/** Replace entries with the same key, keep order: shipped first, user additions after. */
function upsert<T>(list: T[], add: T[], key: (t: T) => string): T[] {
  const index = new Map(list.map((t, i) => [key(t), i]));
  const out = [...list];
  for (const a of add) {
    const i = index.get(key(a));
    if (i === undefined) { index.set(key(a), out.length); out.push(a); } else out[i] = a;
  }
  return out;
}

const SHIPPED: { kind: Kind; name: string; json: unknown }[] = [
  { kind: 'drugs', name: 'drugs.json', json: drugsJson },
  { kind: 'products', name: 'products.json', json: productsJson },
  { kind: 'interactions', name: 'interactions.json', json: interactionsJson },
  { kind: 'duplications', name: 'duplications.json', json: duplicationsJson },
  { kind: 'conditions', name: 'conditions.json', json: conditionsJson },
  { kind: 'beers', name: 'beers.json', json: beersJson },
  { kind: 'renal', name: 'renal.json', json: renalJson },
  { kind: 'doses', name: 'doses.json', json: dosesJson },
  { kind: 'care-gaps', name: 'care-gaps.json', json: careGapsJson },
];

function kindOf(f: KnowledgeFile): { kind: Kind | 'disable'; body: unknown } {
  const j = f.json;
  if (typeof j !== 'object' || j === null || Array.isArray(j)) throw new KnowledgeFileError(f.name, [{ pointer: '/', message: 'expected a JSON object' }]);
  const { kind, ...body } = j as Record<string, unknown>;
  if (kind === 'disable' || (typeof kind === 'string' && kind in KINDS)) return { kind: kind as Kind | 'disable', body };
  throw new KnowledgeFileError(f.name, [{ pointer: '/kind', message: `expected one of ${[...Object.keys(KINDS), 'disable'].join(', ')}` }]);
}

/** Validate, merge and index the shipped knowledge plus user files (later files win). */
export function buildKnowledge(userFiles: KnowledgeFile[] = []): Knowledge {
  let drugs: DrugInfo[] = [];
  let products: [string, ProductInfo][] = [];
  let interactions: Interaction[] = [];
  let duplications: Duplication[] = [];
  let conditions: ConditionConcept[] = [];
  let beersAvoid: BeersAvoid[] = [];
  let beersDrugDisease: BeersDrugDisease[] = [];
  let cnsActive: CnsActiveRule | undefined;
  let anticholinergic: AnticholinergicRule | undefined;
  let renal: RenalRule[] = [];
  let doses: DoseLimit[] = [];
  let monitoring: MonitoringRule[] = [];
  let labAlerts: LabAlert[] = [];
  let vaccines: VaccineRule[] = [];
  let therapyGaps: TherapyGap[] = [];
  let mme: Knowledge['mme'];
  const disabled = new Set<string>();
  const files: KnowledgeFileSummary[] = [];
  const byId = <T extends { id: string }>(t: T) => t.id;

  const all = [...SHIPPED, ...userFiles.map((f) => ({ ...kindOf(f), name: f.name })).map((f) => ({ kind: f.kind, name: f.name, json: f.body }))];
  for (const f of all) {
    if (f.kind === 'disable') {
      const ids = (f.json as { ids?: unknown }).ids;
      if (!Array.isArray(ids) || !ids.every((x) => typeof x === 'string')) throw new KnowledgeFileError(f.name, [{ pointer: '/ids', message: 'expected an array of rule ids' }]);
      for (const id of ids) disabled.add(id);
      files.push({ file: f.name, kind: 'disable', version: '-', retrieved: '-', entries: ids.length });
      continue;
    }
    const file = f.name;
    const header = (d: { version: string; retrieved: string }, entries: number) => files.push({ file, kind: f.kind, version: d.version, retrieved: d.retrieved, entries });
    switch (f.kind) {
      case 'drugs': {
        const d = parse('drugs', file, f.json);
        const add = withProv(file, d.sources, d.drugs, 'drugs').map((e) => ({ ...e, classSet: new Set(e.classes) }));
        drugs = upsert(drugs, add, (e) => e.name);
        header(d, d.drugs.length);
        break;
      }
      case 'products': {
        const d = parse('products', file, f.json);
        const add = Object.entries(d.products).map(([code, p]) => [code, { ...p, provenance: provenanceOf(file, d.sources, p.source, `/products/${code}/source`) }] as [string, ProductInfo]);
        products = upsert(products, add, (e) => e[0]);
        header(d, add.length);
        break;
      }
      case 'interactions': {
        const d = parse('interactions', file, f.json);
        interactions = upsert(interactions, withProv(file, d.sources, d.interactions, 'interactions'), byId);
        header(d, d.interactions.length);
        break;
      }
      case 'duplications': {
        const d = parse('duplications', file, f.json);
        duplications = upsert(duplications, withProv(file, d.sources, d.duplications, 'duplications'), byId);
        header(d, d.duplications.length);
        break;
      }
      case 'conditions': {
        const d = parse('conditions', file, f.json);
        conditions = upsert(conditions, withProv(file, d.sources, d.conditions, 'conditions'), (c) => c.key);
        header(d, d.conditions.length);
        break;
      }
      case 'beers': {
        const d = parse('beers', file, f.json);
        beersAvoid = upsert(beersAvoid, withProv(file, d.sources, d.avoid ?? [], 'avoid'), byId);
        beersDrugDisease = upsert(beersDrugDisease, withProv(file, d.sources, d.drugDisease ?? [], 'drugDisease'), byId);
        if (d.cnsActive) cnsActive = { ...d.cnsActive, provenance: provenanceOf(file, d.sources, d.cnsActive.source, '/cnsActive/source') };
        if (d.anticholinergicBurden) anticholinergic = { ...d.anticholinergicBurden, provenance: provenanceOf(file, d.sources, d.anticholinergicBurden.source, '/anticholinergicBurden/source') };
        header(d, (d.avoid?.length ?? 0) + (d.drugDisease?.length ?? 0) + (d.cnsActive ? 1 : 0) + (d.anticholinergicBurden ? 1 : 0));
        break;
      }
      case 'renal': {
        const d = parse('renal', file, f.json);
        renal = upsert(renal, withProv(file, d.sources, d.rules, 'rules'), byId);
        header(d, d.rules.length);
        break;
      }
      case 'doses': {
        const d = parse('doses', file, f.json);
        doses = upsert(doses, withProv(file, d.sources, d.limits, 'limits'), byId);
        header(d, d.limits.length);
        break;
      }
      case 'care-gaps': {
        const d = parse('care-gaps', file, f.json);
        monitoring = upsert(monitoring, withProv(file, d.sources, d.monitoring ?? [], 'monitoring'), byId);
        labAlerts = upsert(labAlerts, withProv(file, d.sources, d.labAlerts ?? [], 'labAlerts'), byId);
        vaccines = upsert(vaccines, withProv(file, d.sources, d.vaccines ?? [], 'vaccines'), byId);
        therapyGaps = upsert(therapyGaps, withProv(file, d.sources, d.therapyGaps ?? [], 'therapyGaps'), byId);
        if (d.mme) mme = { ...d.mme, provenance: provenanceOf(file, d.sources, d.mme.source, '/mme/source') };
        header(d, (d.therapyGaps?.length ?? 0) + (d.monitoring?.length ?? 0) + (d.labAlerts?.length ?? 0) + (d.vaccines?.length ?? 0));
        break;
      }
    }
  }

  const drugMap = new Map(drugs.map((d) => [d.name, d]));
  const brands = new Map<string, string[]>();
  for (const d of drugs) {
    for (const b of d.brands) {
      const key = b.toLowerCase();
      const list = brands.get(key) ?? [];
      if (!list.includes(d.name)) list.push(d.name);
      brands.set(key, list);
    }
  }
  const conditionMap = new Map(conditions.map((c) => [c.key, c]));
  checkReferences(conditionMap, { beersAvoid, beersDrugDisease, monitoring, labAlerts, therapyGaps });
  return {
    drugs: drugMap,
    drugByRxcui: new Map(drugs.map((d) => [d.rxcui, d])),
    brands,
    products: new Map(products),
    interactions, duplications, conditions: conditionMap, beersAvoid, beersDrugDisease, cnsActive, anticholinergic,
    renal, doses, monitoring, labAlerts, vaccines, therapyGaps, mme, disabled, files,
  };
}

/** Condition keys named by rules must exist, or the rule would silently never fire. */
function checkReferences(conditions: ReadonlyMap<string, ConditionConcept>, r: {
  beersAvoid: BeersAvoid[]; beersDrugDisease: BeersDrugDisease[]; monitoring: MonitoringRule[]; labAlerts: LabAlert[]; therapyGaps: TherapyGap[];
}): void {
  const issues: { file: string; pointer: string; message: string }[] = [];
  const need = (key: string, file: string, pointer: string) => {
    if (!conditions.has(key)) issues.push({ file, pointer, message: `unknown condition concept "${key}"` });
  };
  for (const e of r.beersAvoid) e.unlessConditions.forEach((k) => need(k, e.provenance.file, `${e.id}/unlessConditions`));
  for (const e of r.beersDrugDisease) need(e.condition, e.provenance.file, `${e.id}/condition`);
  for (const e of [...r.monitoring, ...r.labAlerts]) (e.conditions ?? []).forEach((k) => need(k, e.provenance.file, `${e.id}/conditions`));
  for (const e of r.therapyGaps) [...e.conditions, ...(e.andConditions ?? []), ...e.unlessConditions].forEach((k) => need(k, e.provenance.file, `${e.id}/conditions`));
  const first = issues[0];
  if (first) throw new KnowledgeFileError(first.file, issues.map((i) => ({ pointer: i.pointer, message: i.message })));
}

let shipped: Knowledge | undefined;
/** The shipped knowledge base, built once per process. */
export function shippedKnowledge(): Knowledge {
  shipped ??= buildKnowledge();
  return shipped;
}
