import { Worker } from 'node:worker_threads';

/** Plain JS so the worker needs no TypeScript loader: it only POSTs prepared bodies and times the answers. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { url, headers, bodies, concurrency, ratePerSecond } = workerData;
(async () => {
  const latencies = [];
  const acks = [];
  let accepted = 0;
  let next = 0;
  const started = performance.now();
  const interval = ratePerSecond ? 1000 / ratePerSecond : 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < bodies.length) {
      const index = next++;
      const body = bodies[index];
      if (interval) {
        const due = started + index * interval;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
      const t0 = performance.now();
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
      const json = await res.json();
      if (res.status >= 300) throw new Error('batch failed: ' + res.status + ' ' + JSON.stringify(json).slice(0, 300));
      latencies.push(performance.now() - t0);
      acks[index] = Date.now();
      accepted += json.data ? json.data.accepted : JSON.parse(body).batch.length;
    }
  }));
  parentPort.postMessage({ latencies, accepted, acks, seconds: (performance.now() - started) / 1000 });
})().catch((err) => parentPort.postMessage({ error: String(err) }));
`;

export interface LoadResult {
  latencies: number[];
  accepted: number;
  /** Wall-clock time (ms) each request was acknowledged, by request index. */
  acks: number[];
  seconds: number;
}

export interface LoadOptions {
  url: string;
  headers: Record<string, string>;
  bodies: string[];
  concurrency: number;
  /** Pace requests at this many per second (default: as fast as answers come). */
  ratePerSecond?: number;
}

export function sendFromWorker(options: LoadOptions): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: options });
    worker.once('message', (message: LoadResult & { error?: string }) => {
      void worker.terminate();
      if (message.error) reject(new Error(message.error));
      else resolve(message);
    });
    worker.once('error', reject);
  });
}
