import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src-main/**/*.test.ts', 'scripts/**/*.test.ts', 'src-shared/**/*.test.ts', 'src-renderer/**/*.test.ts', 'models/**/*.test.ts'],
    // One process per file: tfjs backends are global per process, and native modules (sharp, sqlite) stay isolated.
    pool: 'forks',
    testTimeout: 30_000,
    // Libraries in tests start without the shipped default models; shipped-models.test.ts passes its own.
    env: { KINTSUGI_SHIPPED_MODELS: '' },
    hookTimeout: 30_000,
  },
});
