import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildConfig, parseEnv, type AppConfig } from '../../src/core/config';
import { buildApp } from '../../src/main';
import { createTestDatabase, type TestDatabase } from './test-db';

export const TEST_JWT_SECRET = 'test-jwt-secret-that-is-long-enough-0123456789';

export function testConfig(overrides: NodeJS.ProcessEnv = {}): AppConfig {
  return buildConfig(parseEnv({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...overrides }), {
    jwtSecret: TEST_JWT_SECRET,
    encryptionMasterKey: 'test-master-key-that-is-long-enough-0123456789',
  });
}

export interface TestApp {
  app: FastifyInstance;
  db: TestDatabase;
  config: AppConfig;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  beforeReady?: (app: FastifyInstance) => void;
}

/** The real app on a real, freshly migrated database; requests go through `app.inject` (real HTTP handling). */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const config = testConfig(options.env);
  const app = await buildApp({ config, database: db, logger: options.logger });
  options.beforeReady?.(app);
  await app.ready();
  return {
    app,
    db,
    config,
    async close() {
      await app.close();
      await db.destroy();
    },
  };
}
