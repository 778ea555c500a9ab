import { Worker } from 'node:worker_threads';

/** Plain JS so the worker needs no TypeScript loader: it only POSTs prepared bodies and times the answers. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { url, token, bodies, concurrency } = workerData;
(async () => {
  const latencies = [];
  let accepted = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < bodies.length) {
      const body = bodies[next++];
      const t0 = performance.now();
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer ' + token }, body });
      const json = await res.json();
      if (res.status !== 201) throw new Error('batch failed: ' + res.status + ' ' + JSON.stringify(json).slice(0, 300));
      latencies.push(performance.now() - t0);
      accepted += json.data.accepted;
    }
  }));
  parentPort.postMessage({ latencies, accepted, seconds: (performance.now() - started) / 1000 });
})().catch((err) => parentPort.postMessage({ error: String(err) }));
`;

export interface LoadResult {
  latencies: number[];
  accepted: number;
  seconds: number;
}

export function sendFromWorker(url: string, token: string, bodies: string[], concurrency: number): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { url, token, bodies, concurrency } });
    worker.once('message', (message: LoadResult & { error?: string }) => {
      void worker.terminate();
      if (message.error) reject(new Error(message.error));
      else resolve(message);
    });
    worker.once('error', reject);
  });
}
