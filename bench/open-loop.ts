// Open-loop load: requests start on a fixed schedule (rate per second) whatever the responses do, so latency
// at a given request rate is measured without the bursts a closed loop of connections produces.
import http from 'node:http';

export type OpenLoopResult = { sent: number; ok: number; errors: number; p50: number; p99: number; max: number; achievedRate: number };

export async function openLoop(opts: { url: string; paths: string[]; cookie: string; rate: number; seconds: number; maxSockets?: number }): Promise<OpenLoopResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.maxSockets ?? 50 });
  const { hostname, port } = new URL(opts.url);
  const latencies: number[] = [];
  let ok = 0;
  let errors = 0;
  const inflight: Promise<void>[] = [];
  const total = Math.round(opts.rate * opts.seconds);
  const interval = 1000 / opts.rate;
  const t0 = performance.now();
  for (let i = 0; i < total; i++) {
    const due = t0 + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const start = performance.now();
    const path = opts.paths[i % opts.paths.length]!;
    inflight.push(
      new Promise<void>((resolve) => {
        const req = http.get({ hostname, port, path, agent, headers: { cookie: opts.cookie } }, (res) => {
          res.resume();
          res.on('end', () => {
            latencies.push(performance.now() - start);
            if (res.statusCode === 200) ok++;
            else errors++;
            resolve();
          });
        });
        req.on('error', () => {
          errors++;
          resolve();
        });
      }),
    );
  }
  await Promise.all(inflight);
  const elapsed = (performance.now() - t0) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0);
  return { sent: total, ok, errors, p50: at(0.5), p99: at(0.99), max: Math.round(latencies.at(-1) ?? 0), achievedRate: Math.round(total / elapsed) };
}
