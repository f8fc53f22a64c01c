/** Tiny real GAN model folders for tests (a DCGAN generator of width 2; saved and loaded with real tfjs). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDcganGenerator, DCGAN_ARCH } from '../../models/dcgan/dcgan-generator.js';
import { MANIFEST_FILE } from '../../src-shared/models/manifest.js';
import { tinyManifest } from '../models/test-models.js';
import { saveLayersModel } from '../runtime/layers-model-files.js';

/** Short latents keep the tests fast; the manifest says how long they are, as a real model's does. */
export const TINY_GAN_LATENT_SIZE = 8;
export const TINY_GAN_SIZE = 64;

/** Write a 64×64 DCGAN generator with its manifest into `folder` (created when missing). */
export async function writeTinyGan(folder: string, seed = 1): Promise<string> {
  mkdirSync(folder, { recursive: true });
  const model = buildDcganGenerator({ size: TINY_GAN_SIZE, latentSize: TINY_GAN_LATENT_SIZE, width: 2, seed });
  await saveLayersModel(model, folder);
  const manifest = tinyManifest({
    kind: 'gan',
    arch: DCGAN_ARCH,
    name: 'Tiny GAN',
    inputSize: TINY_GAN_SIZE,
    io: { colorSpace: 'rgb', input: 'latent', output: 'rgb', latentSize: TINY_GAN_LATENT_SIZE },
    parameters: model.countParams(),
    metrics: {},
  });
  writeFileSync(join(folder, MANIFEST_FILE), JSON.stringify(manifest));
  model.dispose();
  return folder;
}
