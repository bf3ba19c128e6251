// The server's background worker for population runs (measures, then targeting): when poked (a run was
// started), at start-up (runs left open by a stop or crash) and on a slow timer (runs other processes started,
// leases that expired), it works on open shards one at a time, yielding to the web app between shards — on the
// embedded database the two share one connection. Other machines help through `openmtm work`.
import { workOnTargetRuns } from './target-run.ts';
import type { Clock } from '../services/clock.ts';
import type { Runner } from '../services/context.ts';
import type { Db } from '../store/db.ts';
import { workOnMeasureRuns } from './measure-run.ts';
import type { ProductClassifier } from './product-classifier.ts';
import type { DrugIdentifier } from './drug-identifier.ts';
import type { Knowledge } from '../knowledge/screening/index.ts';

export type RunRunner = Runner & { close(): Promise<void>; idle(): Promise<void> };

const POLL_MS = 30_000;

/**
 * `classify` / `identify`: the configured measure class lists and drug identity (licensed files, NDC crosswalk);
 * `knowledge`: the screening knowledge base with the user's files (panel programs' drug classes).
 */
export function startRunRunner(
  db: Db,
  clock: Clock,
  log: (line: string) => void,
  o: { classify?: ProductClassifier; identify?: DrugIdentifier; knowledge?: Knowledge } = {},
): RunRunner {
  let closed = false;
  let again = false;
  let current: Promise<void> | undefined;

  const loop = async () => {
    do {
      again = false;
      // One shard of each kind in turn, so a long measure run does not hold up a targeting run (or the reverse).
      while (!closed) {
        const m = await workOnMeasureRuns(db, clock, { maxShards: 1, classify: o.classify, onError: (err, s) => log(`population run ${s.runId}: shard ${s.shard} failed: ${err.message}`) });
        const t = closed ? 0 : await workOnTargetRuns(db, clock, { maxShards: 1, identify: o.identify, classify: o.classify, knowledge: o.knowledge, onError: (err, s) => log(`targeting run ${s.runId}: shard ${s.shard} failed: ${err.message}`) });
        if (m + t === 0) break;
        await new Promise((r) => setImmediate(r));
      }
    } while (again && !closed);
  };
  const poke = () => {
    if (closed) return;
    if (current) {
      again = true;
      return;
    }
    current = loop()
      .catch((err: unknown) => log(`population runner: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => (current = undefined));
  };
  const timer = setInterval(poke, POLL_MS);
  timer.unref();
  poke();
  return {
    poke,
    /** Resolves when no work is in progress (tests). */
    idle: async () => {
      while (current) await current;
    },
    async close() {
      closed = true;
      clearInterval(timer);
      await current;
    },
  };
}
