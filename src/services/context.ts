// What every service needs: the database, a clock and the settings that shape behaviour.
import type { Db } from '../store/db.ts';
import type { Clock } from './clock.ts';
import type { Knowledge } from '../knowledge/screening/index.ts';
import type { MeasureClassifier } from '../jobs/product-classifier.ts';

export type ServiceSettings = {
  sessionMinutes: number;
  /** Sessions end this long after login however active they are. */
  sessionAbsoluteHours: number;
  loginMaxFailures: number;
  loginWindowMinutes: number;
};

/** Told when there is new background work (a population run was started); absent in tests that work runs themselves. */
export type Runner = { poke(): void };

/** `knowledge`: the screening knowledge base (shipped + user files); the shipped one when absent. */
/** `measureClassifier`: the measure class lists (a licensed value-set file when configured); the shipped ones when absent. */
export type ServiceContext = { db: Db; clock: Clock; settings: ServiceSettings; knowledge?: Knowledge; runner?: Runner; measureClassifier?: MeasureClassifier };
