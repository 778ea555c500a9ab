import { defineConfig } from 'vitest/config';

// Integration tests run once on the embedded database and, when TEST_DATABASE_URL names a PostgreSQL server
// (CI does), once more against it: same tests, same migrations.
const integration = ['tests/integration/**/*.test.ts'];
const serverUrl = process.env.TEST_DATABASE_URL;

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 90_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'pglite', include: integration, env: { TEST_DB_KIND: 'pglite' } } },
      ...(serverUrl
        ? [{ extends: true as const, test: { name: 'postgres', include: integration, env: { TEST_DB_KIND: 'postgres' } } }]
        : []),
    ],
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      exclude: ['src/server.ts', 'src/workers/worker.ts', 'src/db/migrate-cli.ts', 'src/services/bootstrap/seed-demo-cli.ts'],
      thresholds: { lines: 70, statements: 70, functions: 70, branches: 65 },
      reporter: ['text-summary', 'json-summary'],
    },
  },
});
