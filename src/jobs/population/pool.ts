// A small pool of worker threads for the population engine: tasks go to the first idle worker, results come back
// as promises. Size 0 runs each task on the calling thread (small inputs, where starting threads costs more than
// the work). A failing task rejects its own promise; a crashed worker rejects everything still running.
import { Worker } from 'node:worker_threads';
import { TASKS, type TaskMap, type TaskName } from './tasks.ts';

type Pending = { name: TaskName; task: unknown; resolve: (v: unknown) => void; reject: (e: Error) => void };
type Slot = { worker: Worker; busy: (Pending & { id: number }) | undefined };

const ENTRY = new URL('./worker-entry.mjs', import.meta.url);

export class TaskPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private broken: Error | undefined;

  constructor(readonly size: number) {
    for (let i = 0; i < size; i++) {
      const slot: Slot = { worker: new Worker(ENTRY), busy: undefined };
      slot.worker.on('message', (msg: { id: number; ok: boolean; result?: unknown; error?: { message: string; stack?: string } }) => {
        const job = slot.busy;
        slot.busy = undefined;
        if (job && job.id === msg.id) {
          if (msg.ok) job.resolve(msg.result);
          else job.reject(Object.assign(new Error(msg.error?.message ?? 'worker task failed'), { stack: msg.error?.stack }));
        }
        this.pump();
      });
      slot.worker.on('error', (err) => this.fail(err));
      slot.worker.on('exit', (code) => {
        if (code !== 0) this.fail(new Error(`a population worker stopped with exit code ${code}`));
      });
      this.slots.push(slot);
    }
  }

  run<K extends TaskName>(name: K, task: TaskMap[K]['task']): Promise<TaskMap[K]['result']> {
    if (this.size === 0) return (TASKS[name] as (t: TaskMap[K]['task']) => Promise<TaskMap[K]['result']>)(task);
    return new Promise((resolve, reject) => {
      if (this.broken) return reject(this.broken);
      this.queue.push({ name, task, resolve: resolve as (v: unknown) => void, reject });
      this.pump();
    });
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.busy) continue;
      const job = this.queue.shift();
      if (!job) return;
      slot.busy = { ...job, id: this.nextId++ };
      slot.worker.postMessage({ id: slot.busy.id, name: job.name, task: job.task });
    }
  }

  private fail(err: Error): void {
    this.broken ??= err;
    for (const slot of this.slots) {
      slot.busy?.reject(err);
      slot.busy = undefined;
    }
    for (const job of this.queue.splice(0)) job.reject(err);
  }

  async close(): Promise<void> {
    this.broken ??= new Error('the worker pool is closed');
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
