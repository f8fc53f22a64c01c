/**
 * Writes a tiny, untrained DCGAN generator as one `.kintsugi-model` file, for end-to-end tests that need a GAN model in
 * the library without training one first (e2e/generate.spec.ts imports it with `kintsugi models import`).
 *   node --import tsx scripts/e2e/write-tiny-gan-model.ts OUT.kintsugi-model
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { writeTinyGan } from '../../src-main/generate/test-gan-models.js';
import { writeModelArchive } from '../../src-main/models/model-archive.js';

const out = process.argv[2];
if (!out) throw new Error('usage: write-tiny-gan-model.ts OUT.kintsugi-model');
await tf.setBackend('cpu');
const folder = mkdtempSync(join(tmpdir(), 'kintsugi-tiny-gan-'));
try {
  await writeTinyGan(folder);
  await writeModelArchive(folder, out, true, 'Tiny GAN');
} finally {
  rmSync(folder, { recursive: true, force: true });
}
