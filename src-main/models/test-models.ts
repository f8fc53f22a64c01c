/** Tiny real model folders for tests (a few hundred parameters; saved and loaded with real tfjs). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildGatedUnet, GATED_UNET_ARCH } from '../../models/gated-unet/gated-unet.js';
import { buildUnetGenerator, PIX2PIX_ARCH } from '../../models/pix2pix/unet-generator.js';
import { MANIFEST_FILE, MANIFEST_FORMAT_VERSION, type ModelManifest } from '../../src-shared/models/manifest.js';
import { saveLayersModel } from '../runtime/layers-model-files.js';

export function tinyManifest(overrides: Partial<ModelManifest> = {}): ModelManifest {
  return {
    format: 'kintsugi-model',
    formatVersion: MANIFEST_FORMAT_VERSION,
    kind: 'colorize',
    arch: PIX2PIX_ARCH,
    name: 'Tiny colorizer',
    inputSize: 16,
    io: { colorSpace: 'lab', input: 'L', output: 'ab' },
    parameters: 0,
    metrics: { valPsnr: 21.5, valL1: 0.12 },
    provenance: {
      dataFolder: '/photos',
      imageCount: 3,
      trainCount: 2,
      validationCount: 1,
      steps: 10,
      batchSize: 2,
      learningRate: 0.0002,
      seed: 1,
      backend: 'cpu',
      baseModel: null,
      freezeEncoder: false,
      trainedAt: '2024-01-01T00:00:00.000Z',
    },
    appVersion: '0.1.0',
    createdAt: '2024-01-01T00:00:00.000Z',
    ...overrides,
  };
}

/**
 * Write a real 16×16 pix2pix U-Net (width 2) with its manifest into `folder` (created when missing). The manifest is
 * written as given (plus the model's parameter count), so tests can make it wrong on purpose.
 */
export async function writeTinyColorizer(folder: string, manifest: Partial<ModelManifest> = {}, seed = 1): Promise<string> {
  mkdirSync(folder, { recursive: true });
  const model = buildUnetGenerator({ size: 16, width: 2, seed });
  await saveLayersModel(model, folder);
  writeFileSync(join(folder, MANIFEST_FILE), JSON.stringify(tinyManifest({ parameters: model.countParams(), ...manifest })));
  model.dispose();
  return folder;
}

/** Write a real gated U-Net inpainter (width 2, untrained) with its manifest into `folder`. */
export async function writeTinyInpainter(folder: string, options: { size?: number; mode?: 'fill' | 'mosaic'; name?: string } = {}, seed = 1): Promise<string> {
  mkdirSync(folder, { recursive: true });
  const size = options.size ?? 32;
  const model = buildGatedUnet({ size, width: 2, seed });
  await saveLayersModel(model, folder);
  const manifest = tinyManifest({
    kind: 'inpaint',
    arch: GATED_UNET_ARCH,
    name: options.name ?? 'Tiny inpainter',
    inputSize: size,
    io: { colorSpace: 'rgb', input: 'rgb+mask', output: 'rgb', mode: options.mode ?? 'fill' },
    parameters: model.countParams(),
  });
  writeFileSync(join(folder, MANIFEST_FILE), JSON.stringify(manifest));
  model.dispose();
  return folder;
}
