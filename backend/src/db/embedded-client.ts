import { Worker } from 'node:worker_threads';
import type { QueryOptions, Results } from '@electric-sql/pglite';

/** What the backend asks of the embedded database; a PGlite's own methods, served from its thread. */
export interface EmbeddedQueryable {
  query<T>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>>;
  exec(sql: string, options?: QueryOptions): Promise<Results[]>;
}

export interface EmbeddedTransaction extends EmbeddedQueryable {
  rollback(): Promise<void>;
  readonly closed: boolean;
}

export interface EmbeddedClient extends EmbeddedQueryable {
  transaction<T>(work: (tx: EmbeddedTransaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

interface Reply {
  id: number;
  result?: unknown;
  error?: Record<string, unknown> & { message: string };
}

const SENTINEL = '\u0000keep-text';

/**
 * Options as they can cross to the thread. Functions cannot, and the only parsers the backend passes (drizzle's)
 * keep the server's text for some types: those go as type ids and are rebuilt there; any other parser is refused.
 */
function portableOptions(options?: QueryOptions): Record<string, unknown> | undefined {
  if (!options) return undefined;
  const { parsers, serializers, onNotice, ...rest } = options;
  if (serializers || onNotice) throw new Error('the embedded database takes no serializers or notice handlers');
  if (!parsers) return rest;
  const keepTextOf = Object.entries(parsers).map(([oid, parse]) => {
    if (parse(SENTINEL, Number(oid)) !== SENTINEL) throw new Error(`the embedded database only keeps text: parser of type ${oid}`);
    return Number(oid);
  });
  return { ...rest, keepTextOf };
}

/**
 * PGlite on a thread of its own. PGlite runs PostgreSQL (WebAssembly) on the thread that calls it: on the main
 * thread every statement stopped the server from parsing, validating and answering other requests, so the
 * embedded database used one core. Here the main thread goes on while a statement runs, and statements are passed
 * to PGlite in the order they are issued (what `pipelined` relies on), one transaction at a time as PGlite does.
 */
export async function openEmbeddedClient(dataDir?: string): Promise<EmbeddedClient> {
  const worker = new Worker(new URL('./pglite-thread.mjs', import.meta.url), { workerData: { dataDir } });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (err: Error) => void }>();
  let nextId = 1;
  let failure: Error | null = null;

  const failAll = (err: Error) => {
    failure ??= err;
    for (const { reject } of pending.values()) reject(err);
    pending.clear();
  };
  worker.on('message', (reply: Reply) => {
    const waiter = pending.get(reply.id);
    if (!waiter) return;
    pending.delete(reply.id);
    if (reply.error) waiter.reject(Object.assign(new Error(reply.error.message), reply.error));
    else waiter.resolve(reply.result);
  });
  worker.on('error', failAll);
  let closing = false;
  worker.on('exit', (code) =>
    failAll(new Error(closing ? 'the embedded database is closed' : `the embedded database thread stopped (exit code ${code})`)),
  );

  const send = <T>(message: Record<string, unknown>): Promise<T> => {
    if (failure) return Promise.reject(failure);
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      try {
        worker.postMessage({ ...message, id });
      } catch (err) {
        // A value that cannot be copied to the thread (a function, say): this call fails, nothing was sent.
        pending.delete(id);
        reject(err as Error);
      }
    });
  };
  const queryable = (tx?: number): EmbeddedQueryable => ({
    query: async (sql, params, options) => send({ op: 'query', tx, sql, params, options: portableOptions(options) }),
    exec: async (sql, options) => send({ op: 'exec', tx, sql, options: portableOptions(options) }),
  });

  let nextTx = 1;
  const client: EmbeddedClient = {
    ...queryable(),
    async transaction(work) {
      const tx = nextTx++;
      await send({ op: 'begin', tx });
      let closed = false;
      const handle: EmbeddedTransaction = {
        ...queryable(tx),
        get closed() {
          return closed;
        },
        async rollback() {
          closed = true;
          await send({ op: 'rollback', tx });
        },
      };
      try {
        const result = await work(handle);
        if (!closed) {
          closed = true;
          await send({ op: 'commit', tx });
        }
        return result;
      } catch (err) {
        if (!closed) {
          closed = true;
          // The work's error is the one to report; a thread that cannot roll back has failed every waiter anyway.
          await send({ op: 'rollback', tx }).catch(() => undefined);
        }
        throw err;
      }
    },
    async close() {
      closing = true;
      try {
        await send({ op: 'close' });
      } finally {
        await worker.terminate();
      }
    },
  };
  await send({ op: 'ready' });
  return client;
}
