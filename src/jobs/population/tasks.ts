// The tasks a population worker runs, by name. The same table serves worker threads (worker.ts) and small runs
// done on the calling thread, so both go through exactly the same code.
import { evaluateMeasuresShard, measureClaimFilter, type MeasuresShardTask } from './measures-shard.ts';
import { partitionClaims, type PartitionTask } from './partition.ts';
import { partitionConditions, type ConditionsPartitionTask } from './partition-conditions.ts';
import { evaluateTargetShard, type TargetShardTask } from './target-shard.ts';
import type { ClassifierSpec } from '../product-classifier.ts';

export type TaskMap = {
  /** Step 1; `keep` narrows the records to what the job can use. */
  partition: { task: PartitionTask & { keep?: { measureClasses: ClassifierSpec } }; result: ReturnType<typeof partitionClaims> };
  'partition-conditions': { task: ConditionsPartitionTask; result: ReturnType<typeof partitionConditions> };
  'measures-shard': { task: MeasuresShardTask; result: ReturnType<typeof evaluateMeasuresShard> };
  'target-shard': { task: TargetShardTask; result: ReturnType<typeof evaluateTargetShard> };
};

export type TaskName = keyof TaskMap;

export const TASKS: { [K in TaskName]: (task: TaskMap[K]['task']) => TaskMap[K]['result'] } = {
  partition: (t) => partitionClaims(t, t.keep ? measureClaimFilter(t.keep.measureClasses) : undefined),
  'partition-conditions': partitionConditions,
  'measures-shard': evaluateMeasuresShard,
  'target-shard': evaluateTargetShard,
};
