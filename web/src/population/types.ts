// Shapes of the population-run API (src/services/population.service.ts).
export type RunMeasure = { measure: string; denominator: number; numerator: number; rate: number | null; stars: number | null };

export type MeasureRun = {
  id: string;
  year: number;
  asOf: string;
  status: 'running' | 'done' | 'failed';
  membersTotal: number;
  membersDone: number;
  shardsTotal: number;
  shardsDone: number;
  classesLabel: string;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
  startedBy: string | null;
  measures: RunMeasure[];
  cutPoints: { source: string; year: number } | null;
};

export type RescueItem = { patientId: string; name: string; birthDate: string; memberId: string | null; measure: string; pdc: number; refillBy: string };
export type RescuePage = { asOf: string; items: RescueItem[]; total: number; limit: number; offset: number };
