import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/** The studio is served by `kino serve` at `/`; in dev, Vite proxies the API to a running `kino serve`. */
export default defineConfig({
  base: '/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 600 },
  server: { proxy: { '/v1': process.env.KINO_API ?? 'http://127.0.0.1:8080' } },
});
