import { Worker } from 'node:worker_threads';

/** Plain JS so the worker needs no TypeScript loader: it only POSTs prepared bodies and times the answers. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const net = require('node:net');
const { url, headers, bodies, concurrency, ratePerSecond } = workerData;
// Keep-alive sockets carrying requests encoded up front, read with a minimal response parser: the generator should
// cost the machine as little as possible, since it shares the cores with the server and the database it measures.
const target = new URL(url);
const head = (length) =>
  'POST ' + target.pathname + ' HTTP/1.1\\r\\nhost: ' + target.host + '\\r\\ncontent-type: application/json\\r\\n' +
  Object.entries(headers).map(([k, v]) => k + ': ' + v + '\\r\\n').join('') + 'content-length: ' + length + '\\r\\n\\r\\n';
const encoded = bodies.map((b) => { const body = Buffer.from(b); return Buffer.concat([Buffer.from(head(body.length)), body]); });
function connection() {
  const socket = net.connect(Number(target.port), target.hostname);
  socket.setNoDelay(true);
  let buffer = Buffer.alloc(0);
  let waiting = null;
  socket.on('data', (chunk) => {
    buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
    const end = buffer.indexOf('\\r\\n\\r\\n');
    if (end < 0 || !waiting) return;
    const header = buffer.subarray(0, end).toString('latin1');
    const length = Number(/content-length: *(\\d+)/i.exec(header)[1]);
    if (buffer.length < end + 4 + length) return;
    const status = Number(header.slice(9, 12));
    const json = JSON.parse(buffer.subarray(end + 4, end + 4 + length).toString('utf8'));
    buffer = buffer.subarray(end + 4 + length);
    const done = waiting;
    waiting = null;
    done.resolve({ status, json });
  });
  socket.on('error', (err) => waiting && waiting.reject(err));
  return {
    post: (request) => new Promise((resolve, reject) => { waiting = { resolve, reject }; socket.write(request); }),
    close: () => socket.destroy(),
  };
}
(async () => {
  const latencies = [];
  const acks = [];
  let accepted = 0;
  let next = 0;
  const started = performance.now();
  const interval = ratePerSecond ? 1000 / ratePerSecond : 0;
  const sockets = [];
  await Promise.all(Array.from({ length: concurrency }, async () => {
    const socket = connection();
    sockets.push(socket);
    while (next < encoded.length) {
      const index = next++;
      if (interval) {
        const due = started + index * interval;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
      const t0 = performance.now();
      const { status, json } = await socket.post(encoded[index]);
      if (status >= 300) throw new Error('batch failed: ' + status + ' ' + JSON.stringify(json).slice(0, 300));
      latencies.push(performance.now() - t0);
      acks[index] = Date.now();
      accepted += json.data ? json.data.accepted : JSON.parse(bodies[index]).batch.length;
    }
  }));
  sockets.forEach((s) => s.close());
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
