import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';

// The backend answers /api and /health on port 8000 in development; in production it serves dist/ itself,
// so the console always talks to its own origin and needs no CORS.
// `npm run dev` starts the API on PORT (8000 unless set) next to this server; STRATUM_API_URL points elsewhere.
const backend = process.env.STRATUM_API_URL ?? `http://localhost:${process.env.PORT ?? 8000}`;

export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  plugins: [react(), tailwindcss()],
  server: {
    port: 5173,
    proxy: {
      '/api': { target: backend, changeOrigin: true },
      '/health': { target: backend, changeOrigin: true },
      '/ready': { target: backend, changeOrigin: true },
      // The tracking API and the browser SDK, so snippets shown in the console work against the dev server too.
      '/v1': { target: backend, changeOrigin: true },
      '/sdk.js': { target: backend, changeOrigin: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: {
      output: {
        // Libraries change less often than the app: separate chunks stay cached across deploys.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom|@remix-run)[\\/]/ },
            // Chart libraries are only needed by the dashboard, which is loaded on demand: they get their own chunk,
            // formed last so that what they share with the rest (clsx) stays in the vendor chunk of the first load.
            { name: 'vendor', test: /node_modules[\\/](?!(?:recharts|recharts-scale|victory-vendor|d3-[a-z-]+|internmap|decimal\.js-light|lodash|react-smooth|eventemitter3|fast-equals|tiny-invariant)[\\/])/ },
            { name: 'charts', test: /node_modules[\\/]/ },
          ],
        },
      },
    },
  },
});
