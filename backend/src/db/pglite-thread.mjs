// The embedded database's own thread (see embedded-client.ts). Plain JavaScript: a worker thread starts without
// the TypeScript loader the rest of the backend runs under (tsx, or Vitest's transform).
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';

// pg_trgm backs the profile search (migration 0029); its files ship inside the package, nothing is downloaded.
const db = new PGlite({ dataDir: workerData.dataDir, extensions: { pg_trgm } });
/** Open transactions by the id the main thread gave them: the PGlite transaction and how to end it. */
const open = new Map();
const keepAsText = (value) => value;

/**
 * Rebuilds a query's options: parsers cannot cross threads, and the only ones the backend passes (drizzle's) keep
 * the server's text for the listed types, so they arrive as type ids and are rebuilt as such.
 */
function queryOptions(options) {
  if (!options) return undefined;
  const { keepTextOf, ...rest } = options;
  return keepTextOf ? { ...rest, parsers: Object.fromEntries(keepTextOf.map((oid) => [oid, keepAsText])) } : rest;
}

/** Errors cross as plain objects carrying every field the backend reads (SQLSTATE `code`, detail, constraint…). */
function plainError(err) {
  const plain = { message: String(err?.message ?? err), name: err?.name ?? 'Error' };
  for (const [key, value] of Object.entries(err ?? {})) {
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) plain[key] = value;
  }
  return plain;
}

function begin(id) {
  return new Promise((started, failed) => {
    const entry = {};
    open.set(id, entry);
    entry.done = db.transaction(
      (tx) =>
        new Promise((commit, rollback) => {
          Object.assign(entry, { tx, commit, rollback });
          started();
        }),
    );
    // Once started, the outcome is reported by `end`; a transaction that could not even begin fails `begin`, so its
    // caller is not left waiting. (An unhandled rejection here would end the thread.)
    entry.done.catch((err) => {
      if (entry.tx) return;
      open.delete(id);
      failed(err);
    });
  });
}

/** The open transaction a message names; a message for one already ended is refused with a clear error. */
function openTransaction(id) {
  const transaction = open.get(id);
  if (!transaction?.tx) throw new Error(`transaction ${id} is not open`);
  return transaction;
}

async function end(id, commit) {
  const transaction = openTransaction(id);
  open.delete(id);
  if (commit) transaction.commit();
  else transaction.rollback(new Error('rolled back'));
  try {
    await transaction.done;
  } catch (err) {
    if (commit) throw err;
  }
}

async function handle(message) {
  switch (message.op) {
    case 'ready':
      return db.waitReady;
    case 'query': {
      const target = message.tx ? openTransaction(message.tx).tx : db;
      return target.query(message.sql, message.params, queryOptions(message.options));
    }
    case 'exec': {
      const target = message.tx ? openTransaction(message.tx).tx : db;
      return target.exec(message.sql, queryOptions(message.options));
    }
    case 'begin':
      return begin(message.tx);
    case 'commit':
      return end(message.tx, true);
    case 'rollback':
      return end(message.tx, false);
    case 'close':
      return db.close();
    default:
      throw new Error(`unknown operation ${message.op}`);
  }
}

// Each message is handed to PGlite as it arrives, so PGlite sees the calls in the order they were sent.
parentPort.on('message', (message) => {
  handle(message).then(
    (result) => parentPort.postMessage({ id: message.id, result }),
    (err) => parentPort.postMessage({ id: message.id, error: plainError(err) }),
  );
});
