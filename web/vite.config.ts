// Vite config for the OpenMTM web app. Build: `npx vite build --config web/vite.config.ts` (from the repo root).
// The API server serves web/dist with an SPA fallback; in development `vite` proxies API paths to it.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const api = process.env['OPENMTM_API_URL'] ?? 'http://127.0.0.1:3000';
const proxied = ['/api', '/health', '/docs', '/openapi.json'];

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: { proxy: Object.fromEntries(proxied.map((p) => [p, { target: api, changeOrigin: false }])) },
  preview: { proxy: Object.fromEntries(proxied.map((p) => [p, { target: api, changeOrigin: false }])) },
});
