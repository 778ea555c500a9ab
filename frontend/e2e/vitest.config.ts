import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Browser journeys against the real backend and the built console. One server for the whole run
// (globalSetup), one file at a time: they share that server's data.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // Keep Vitest's cache with the workspace's, not in a node_modules folder inside e2e/.
  cacheDir: fileURLToPath(new URL('../node_modules/.vite/e2e', import.meta.url)),
  test: {
    include: ['**/*.e2e.test.ts'],
    environment: 'node',
    globalSetup: ['./globalSetup.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
