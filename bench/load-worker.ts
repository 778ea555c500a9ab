import { Worker } from 'node:worker_threads';

/** Plain JS so the worker needs no TypeScript loader: it only POSTs prepared bodies and times the answers. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { url, headers, bodies, concurrency, ratePerSecond } = workerData;
// node:http with keep-alive and bodies encoded up front: the generator should cost the machine as little as
// possible, since it shares the cores with the server and the database it measures.
const target = new URL(url);
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const encoded = bodies.map((b) => Buffer.from(b));
function post(body) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent,
      headers: { 'content-type': 'application/json', 'content-length': body.length, ...headers } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
(async () => {
  const latencies = [];
  const acks = [];
  let accepted = 0;
  let next = 0;
  const started = performance.now();
  const interval = ratePerSecond ? 1000 / ratePerSecond : 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < encoded.length) {
      const index = next++;
      if (interval) {
        const due = started + index * interval;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
      const t0 = performance.now();
      const { status, json } = await post(encoded[index]);
      if (status >= 300) throw new Error('batch failed: ' + status + ' ' + JSON.stringify(json).slice(0, 300));
      latencies.push(performance.now() - t0);
      acks[index] = Date.now();
      accepted += json.data ? json.data.accepted : JSON.parse(bodies[index]).batch.length;
    }
  }));
  agent.destroy();
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
