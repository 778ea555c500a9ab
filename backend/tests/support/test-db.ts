import { afterAll, beforeAll } from 'vitest';
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openDatabase, type DatabaseHandle } from '../../src/db/client';
import { runMigrations } from '../../src/db/migrate';

export interface TestDatabase extends DatabaseHandle {
  /** Closes the connection and, on the server, drops the scratch database. */
  destroy(): Promise<void>;
}

export const testDbKind = (): 'pglite' | 'postgres' =>
  process.env.TEST_DB_KIND === 'postgres' ? 'postgres' : 'pglite';

/**
 * A migrated, empty database of the kind this test project runs on: an in-memory PGlite, or a fresh database
 * created on the TEST_DATABASE_URL server (one per test file, so files run in parallel without sharing rows).
 * `migrationsFolder` stops at an earlier schema, for upgrade tests.
 */
export async function createTestDatabase(migrationsFolder?: string): Promise<TestDatabase> {
  if (testDbKind() === 'pglite') {
    const handle = await openDatabase({});
    await runMigrations(handle, migrationsFolder);
    return { ...handle, destroy: () => handle.close() };
  }
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error('TEST_DB_KIND=postgres needs TEST_DATABASE_URL');
  const name = `stratum_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: url.toString(), poolSize: 5 });
  await runMigrations(handle, migrationsFolder);
  return {
    ...handle,
    async destroy() {
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/**
 * The test database of a file, for files that need no app: registers the `beforeAll` that creates it and the
 * `afterAll` that destroys it. The returned object is empty until that `beforeAll` has run (see appWithTenantAdmin).
 */
export function databaseForFile(): TestDatabase {
  const fixture = {} as TestDatabase;
  beforeAll(async () => {
    Object.assign(fixture, await createTestDatabase());
  });
  afterAll(() => fixture.destroy());
  return fixture;
}
