import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(root, 'src-main/shell/main.ts'),
          // Emitted as out/main/inpaint-worker.js, beside index.js, where src-main/workers/spawn-worker.ts looks for it.
          'inpaint-worker': resolve(root, 'src-main/workers/inpaint-worker.ts'),
          'colorize-worker': resolve(root, 'src-main/workers/colorize-worker.ts'),
          'generate-worker': resolve(root, 'src-main/workers/generate-worker.ts'),
          // out/main/training-process.js, where src-main/workers/fork-training-process.ts forks it.
          'training-process': resolve(root, 'src-main/workers/training-process.ts'),
        },
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
