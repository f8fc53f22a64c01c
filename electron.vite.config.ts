import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { PROCESS_ENTRIES, WORKER_ENTRIES } from './src-main/workers/entries.js';

const root = import.meta.dirname;
// Each worker thread and child process becomes out/main/<name>.js, beside the bundled main and CLI, where
// src-main/workers/entry-point.ts starts it.
const workerEntries = Object.fromEntries(
  [...WORKER_ENTRIES, ...PROCESS_ENTRIES].map((name) => [name, resolve(root, 'src-main/workers', `${name}.ts`)]),
);

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // zod is bundled in: one file loads faster than Node resolving each of its many modules, a good part of
      // a CLI command's start. (ws and fflate declare their own `require`, which clashes with the bundle's shim.)
      externalizeDeps: { exclude: ['zod'] },
      rollupOptions: {
        input: {
          index: resolve(root, 'src-main/shell/main.ts'),
          // The command line, plain JavaScript: bin/kintsugi.mjs and the packaged app's launcher run it with Node.
          cli: resolve(root, 'src-main/cli/main.ts'),
          ...workerEntries,
        },
        // Shared chunks stay in out/main/ itself, so the entries' folder is the folder of any module inlined in one.
        output: { chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    // A sandboxed preload cannot load modules, so it is one self-contained CommonJS file.
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(root, 'src-main/shell/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    plugins: [svelte()],
    build: {
      // electron-vite leaves minification off; the page is also served over HTTP in browser mode.
      minify: true,
      outDir: resolve(root, 'out/renderer'),
      rollupOptions: { input: { index: resolve(root, 'src-renderer/index.html') } },
    },
  },
});
