// Part D MTM targeting parameters by contract year (PRODUCT.md §5.1): CMS cost thresholds, the most a plan may
// require, and the ResDAC targeting reason codes. Figures CMS has not published (or that PRODUCT.md marks [U]) are
// left out on purpose: the program definition must then carry its own cost threshold.

export const PARTD_THRESHOLDS_PROVENANCE = {
  source:
    '42 CFR 423.153(d)(2); CMS-4205-F (CY2025 MA and Part D final rule, 89 FR 30448, 23 April 2024); CMS Part D MTM Program Guidance and Submission Instructions CY2021-CY2025 (annual cost thresholds); ResDAC Part D MTM data file, TARG_CRITERIA_MET_REASON',
  version: '2026.11.1',
  retrieved: '2026-11-25',
} as const;

/**
 * CMS annual cost threshold (US dollars) per contract year. Up to CY2024 it was indexed from $3,000 (2011) by the
 * Part D annual percentage increase; from CY2025 it is the average annual cost of eight generic drugs. CY2026 and
 * later are not listed: PRODUCT.md §5.1 marks the 2026 figure unverified (sources disagree).
 */
export const CMS_COST_THRESHOLDS: Readonly<Record<number, number>> = {
  2021: 4376,
  2022: 4696,
  2023: 4935,
  2024: 5330,
  2025: 1623,
};

export function cmsCostThreshold(year: number): number | undefined {
  return CMS_COST_THRESHOLDS[year];
}

export const LIMITS = {
  /** A plan may require at most 3 chronic diseases (42 CFR 423.153(d)(2)(i)(A)). */
  maxMinCoreDiseases: 3,
  /** "Multiple chronic diseases": the regulatory floor CMS targeting is defined on; 1 is a plan's own expansion. */
  regulatoryMinCoreDiseases: 2,
  /** A plan may require at most 8 Part D drugs (42 CFR 423.153(d)(2)(i)(B); CMS-4205-F kept 8, did not lower it to 5). */
  maxMinDrugs: 8,
  /** "Multiple Part D drugs" means at least 2. */
  minMinDrugs: 2,
  /** At-risk beneficiaries in a drug management program must be targeted from CY2022 (SUPPORT Act §6064). */
  dmpRequiredFromYear: 2022,
  /** From CY2025 all core chronic diseases must be in the criteria (CMS-4205-F). */
  allCoreDiseasesFromYear: 2025,
} as const;

/** ResDAC TARG_CRITERIA_MET_REASON values as PRODUCT.md §5.1 lists them. */
export const TARGETING_REASON = {
  /** Met the plan's chronic disease, drug and cost criteria. */
  criteria: '01',
  /** At-risk beneficiary under a drug management program. */
  dmp: '02',
  /** Both of the above. */
  both: '03',
  /** Other / expanded eligibility: met only the plan's broader criteria, not the CMS ones. */
  expanded: '04',
} as const;

export type TargetingReason = (typeof TARGETING_REASON)[keyof typeof TARGETING_REASON];
