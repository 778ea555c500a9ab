import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations, SQL } from 'drizzle-orm';
import postgres from 'postgres';
import * as schema from '../models';
import { lockDataDir } from './data-dir-lock';
import { openEmbeddedClient, type EmbeddedClient } from './embedded-client';
import { withPreparedStatements } from './prepared-statements';

export type Schema = typeof schema;
/** The driver-neutral Drizzle handle: services never know whether PGlite or a PostgreSQL server is behind it. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type Executor = Db | Tx;

export interface DatabaseHandle {
  kind: 'pglite' | 'postgres';
  db: Db;
  /** Set for the embedded database: pg-boss needs the raw client to share its single connection. */
  pglite?: EmbeddedClient;
  /** Set for the server database: pg-boss opens its own small pool to it. */
  url?: string;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl?: string;
  /** Folder for the embedded database; undefined keeps it in memory (tests). */
  dataDir?: string;
  poolSize?: number;
  /** Prepare statements on the server (see withPreparedStatements); default true. */
  preparedStatements?: boolean;
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const client = postgres(options.databaseUrl, {
      max: options.poolSize ?? 10,
      onnotice: () => undefined,
      // Keep bigint/numeric exact as strings; the services convert where they mean numbers.
      types: {},
      // Prepared statements (see withPreparedStatements) are still planned for each execution's parameters: a
      // generic plan chosen on a young tenant's statistics scanned the tenant where its batch needed a few rows.
      // Hours and days are cut in UTC unless a query names the tenant's zone: a server configured for another zone
      // (say India, half an hour off) would otherwise cut hours the rollups do not use.
      connection: { plan_cache_mode: 'force_custom_plan', TimeZone: 'UTC' },
      // postgres.js's own statements (its type lookup at connect) follow the same switch.
      prepare: options.preparedStatements !== false,
    });
    const driver = options.preparedStatements === false ? client : withPreparedStatements(client);
    const db = drizzlePostgres({ client: driver, schema, casing: 'snake_case' }) as unknown as Db;
    return { kind: 'postgres', db, url: options.databaseUrl, close: () => client.end({ timeout: 5 }) };
  }
  let dataPath: string | undefined;
  let release = () => {};
  if (options.dataDir) {
    dataPath = path.join(options.dataDir, 'pgdata');
    mkdirSync(dataPath, { recursive: true });
    release = lockDataDir(options.dataDir);
  }
  let client: EmbeddedClient;
  try {
    client = await openEmbeddedClient(dataPath);
  } catch (err) {
    release();
    throw err;
  }
  // drizzle's PGlite session calls only query, exec and transaction, which the embedded client serves.
  const db = drizzlePglite({ client: client as unknown as PGlite, schema, casing: 'snake_case' }) as unknown as Db;
  const close = async () => {
    try {
      await client.close();
    } finally {
      release();
    }
  };
  return { kind: 'pglite', db, pglite: client, close };
}

/** Rows of a raw `execute`: postgres.js answers an array, PGlite an object with `rows`. */
export async function queryRows<T>(executor: Executor, query: SQL): Promise<T[]> {
  const result: unknown = await executor.execute(query);
  if (Array.isArray(result)) return result as T[];
  return (result as { rows: T[] }).rows;
}

/** Runs a statement for its effect; a statement helper to put in `pipelined`. */
export async function run(executor: Executor, statement: SQL): Promise<void> {
  await executor.execute(statement);
}

/**
 * Waits for statements sent together. postgres.js writes a transaction's (prepared, see withPreparedStatements)
 * statements to the server as they are issued, without waiting for earlier answers, and the server runs them in
 * that order; PGlite runs them one after another in the same order. So pass calls of async functions whose first
 * await is their statement (as every statement helper here is; drizzle's query objects are lazy and start only
 * when awaited), in the order they must run: no round trip separates them, and a later statement sees what the
 * earlier ones wrote. If one fails, the transaction fails with it.
 */
export function pipelined<T extends readonly unknown[] | []>(started: T): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  return Promise.all(started);
}
