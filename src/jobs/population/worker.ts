// Worker thread of the population engine: runs the named task of each message and answers with its result or
// its error. Started through worker-entry.mjs, which loads TypeScript.
import { parentPort } from 'node:worker_threads';
import { TASKS, type TaskName } from './tasks.ts';

type Request = { id: number; name: TaskName; task: unknown };

parentPort!.on('message', async (req: Request) => {
  try {
    const run = TASKS[req.name] as (task: unknown) => Promise<unknown>;
    parentPort!.postMessage({ id: req.id, ok: true, result: await run(req.task) });
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    parentPort!.postMessage({ id: req.id, ok: false, error: { message: e.message, stack: e.stack } });
  }
});
