import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // Keep Vitest's cache with the workspace's rather than in a node_modules folder of its own.
  cacheDir: fileURLToPath(new URL('../../node_modules/.vite/sdk', import.meta.url)),
  test: {
    environment: 'jsdom',
    environmentOptions: { jsdom: { url: 'https://shop.example.com/products/42?utm_source=newsletter&utm_campaign=spring' } },
    include: ['test/**/*.test.ts'],
    setupFiles: ['./test/setup.ts'],
    restoreMocks: true,
    unstubGlobals: true,
  },
});
