import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Repository (or unpacked app) root: this file sits two folders below it in the source tree. */
export const PROJECT_ROOT = join(import.meta.dirname, '..', '..');

/** The built renderer that `serve` hands out (`npm run build` makes it). */
export function rendererDir(): string {
  return join(PROJECT_ROOT, 'out', 'renderer');
}

/**
 * The models that ship with the app (the frozen encoder, default models): `models/` of the source tree, or the
 * packaged app's resources folder, where electron-builder copies it (electron-builder.yml, extraResources).
 */
export function shippedModelsDir(): string {
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  const packaged = resources === undefined ? null : join(resources, 'models');
  return packaged !== null && existsSync(packaged) ? packaged : join(PROJECT_ROOT, 'models');
}

/** Overrides where the shipped default models are read from; empty: none (tests of other features). */
export const SHIPPED_MODELS_ENV = 'KINTSUGI_SHIPPED_MODELS';

/**
 * The folder whose model folders every library brings in as shipped defaults (`models/shipped`), or null for none:
 * `$KINTSUGI_SHIPPED_MODELS` set to '' keeps a library empty, so tests of other features do not depend on whether
 * the repository holds trained weights yet.
 */
export function shippedDefaultsDir(env: NodeJS.ProcessEnv = process.env): string | null {
  const override = env[SHIPPED_MODELS_ENV];
  if (override !== undefined) return override === '' ? null : override;
  return join(shippedModelsDir(), 'shipped');
}
