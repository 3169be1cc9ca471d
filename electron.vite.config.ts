import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  // `serve` is browser mode's entry: the same main-process services, run by plain Node.
  // `summary-worker` is the worker thread that works out library summaries off the request path.
  main: {
    build: {
      rollupOptions: {
        input: { index: resolve('src/main/index.ts'), serve: resolve('src/main/serve.ts'), 'summary-worker': resolve('src/main/store/summary-worker.ts') },
      },
    },
  },
  // Sandboxed preloads run as classic scripts: ESM would fail to load, so it is built as CommonJS.
  preload: { build: { rollupOptions: { input: resolve('src/preload/index.ts'), output: { format: 'cjs' } } } },
  renderer: {
    root: resolve('src/renderer'),
    build: { rollupOptions: { input: resolve('src/renderer/index.html') } },
    plugins: [svelte()],
  },
});
