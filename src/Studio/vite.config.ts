/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The host serves the built Studio from its wwwroot; `npm run dev` proxies the API to a running host.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: '../Host/Etrepaye.Host/wwwroot',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
  server: {
    proxy: { '/api': 'http://localhost:5080', '/openapi': 'http://localhost:5080' },
  },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./src/test/setup.ts'],
    // The machine running the tests is shared: the first render of a test file can take seconds.
    testTimeout: 30_000,
  },
});
