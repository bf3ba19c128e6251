// The tasks a population worker runs, by name. The same table serves worker threads (worker.ts) and small runs
// done on the calling thread, so both go through exactly the same code. Each task loads its module when first
// run: a measures run's workers need not compile the targeting code and its knowledge, nor the reverse.
import type { evaluateMeasuresShard, MeasuresShardTask } from './measures-shard.ts';
import type { partitionClaims, PartitionTask } from './partition.ts';
import type { partitionConditions, ConditionsPartitionTask } from './partition-conditions.ts';
import type { evaluateTargetShard, TargetShardTask } from './target-shard.ts';
import type { ClassifierSpec } from '../product-classifier.ts';

export type TaskMap = {
  /** Step 1; `keep` narrows the records to what the job can use. */
  partition: { task: PartitionTask & { keep?: { measureClasses: ClassifierSpec } }; result: ReturnType<typeof partitionClaims> };
  'partition-conditions': { task: ConditionsPartitionTask; result: ReturnType<typeof partitionConditions> };
  'measures-shard': { task: MeasuresShardTask; result: ReturnType<typeof evaluateMeasuresShard> };
  'target-shard': { task: TargetShardTask; result: ReturnType<typeof evaluateTargetShard> };
};

export type TaskName = keyof TaskMap;

export const TASKS: { [K in TaskName]: (task: TaskMap[K]['task']) => Promise<TaskMap[K]['result']> } = {
  partition: async (t) => {
    const [{ partitionClaims }, { measureClaimFilter }] = await Promise.all([import('./partition.ts'), import('./measures-shard.ts')]);
    return partitionClaims(t, t.keep ? measureClaimFilter(t.keep.measureClasses) : undefined);
  },
  'partition-conditions': async (t) => (await import('./partition-conditions.ts')).partitionConditions(t),
  'measures-shard': async (t) => (await import('./measures-shard.ts')).evaluateMeasuresShard(t),
  'target-shard': async (t) => (await import('./target-shard.ts')).evaluateTargetShard(t),
};
