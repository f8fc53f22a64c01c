/**
 * Learned inpainting benchmark (issue 6): training speed of the gated U-Net at its defaults (128 px, batch 4, L1
 * only and with the SN-PatchGAN), and hole PSNR/SSIM of a briefly trained model against PatchMatch on the same
 * fixed cases: held-back sample photos with fixed synthetic holes (strokes, boxes, blobs), both engines through
 * inpaintRegions exactly as the Editor runs them. Runs in its own process; writes bench-results/learned-inpaint.json
 * and returns the object. Kept to about a minute and a half on a 2-core laptop, so the model is trained briefly, at 64 px.
 *   node --import tsx scripts/bench/learned-inpaint.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_GATED_WIDTH, GATED_UNET_ARCH } from '../../models/gated-unet/gated-unet.js';
import { TrainingConfigSchema } from '../../src-shared/contract/training.js';
import type { HoleMask, InpaintEngine, RgbImage } from '../../src-main/engines/inpaint/engine.js';
import { ModelInpaintEngine } from '../../src-main/engines/inpaint/model-inpainter.js';
import { PatchMatchEngine } from '../../src-main/engines/inpaint/patchmatch-engine.js';
import { SeededRandom } from '../../src-main/engines/inpaint/random.js';
import { inpaintRegions } from '../../src-main/engines/inpaint/regions.js';
import { psnr, ssim } from '../../src-main/engines/metrics.js';
import { selectBackend } from '../../src-main/runtime/backend-ladder.js';
import { centreCrop, randomCrop } from '../../src-main/training/trainer/crops.js';
import { createInpaintTask } from '../../src-main/training/trainer/inpaint-task.js';
import { synthesizeMask } from '../../src-main/training/trainer/synthetic-masks.js';
import { decodeForTraining } from '../../src-main/training/trainer/training-images.js';

const SAMPLES = path.resolve('resources/samples');
/** Photos held back from the brief training run, scored on. */
const HELD_BACK = 2;
/** The brief training run: working size and steps. */
const TRAIN_SIZE = 64;
const TRAIN_STEPS = 200;
/** Evaluation crops (pixels) and fixed holes per held-back photo. */
const CASE_SIZE = 128;
const HOLES_PER_PHOTO = 3;
const CASE_COVERAGE: [number, number] = [0.05, 0.25];
/** Speed: steps timed at the default size after warm-up. */
const SPEED_STEPS = { warmup: 2, timed: 6 };

const round = (x: number, digits: number) => Number(x.toFixed(digits));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

function fill(engine: InpaintEngine, image: RgbImage, mask: HoleMask): Promise<RgbImage> {
  return inpaintRegions(engine, image, mask, { mode: 'fill', seed: 1, signal: new AbortController().signal, onProgress: () => {} });
}

async function stepsPerSecond(photos: RgbImage[], adversarialWeight: number): Promise<number> {
  const config = TrainingConfigSchema.parse({ kind: 'inpaint', dataFolder: SAMPLES, adversarialWeight });
  const task = createInpaintTask({ ...config, mode: config.inpaintMode, seed: 1 });
  const random = new SeededRandom(1);
  const batch = () => Array.from({ length: config.batchSize }, () => randomCrop(photos[Math.floor(random.next() * photos.length)]!, config.size, random));
  for (let i = 0; i < SPEED_STEPS.warmup; i++) task.trainStep(batch(), random);
  const start = performance.now();
  for (let i = 0; i < SPEED_STEPS.timed; i++) task.trainStep(batch(), random);
  task.dispose();
  return round((SPEED_STEPS.timed * 1000) / (performance.now() - start), 2);
}

async function measure(): Promise<Record<string, unknown>> {
  const report = await selectBackend('wasm');
  if (report.active !== 'wasm') return { available: false, attempts: report.attempts };
  const files = (await readdir(SAMPLES)).filter((f) => f.endsWith('.jpg')).sort().map((f) => path.join(SAMPLES, f));
  const trainFiles = files.slice(0, files.length - HELD_BACK);
  const heldBack = files.slice(files.length - HELD_BACK);

  const speedPhotos = await Promise.all(trainFiles.map((f) => decodeForTraining(f, 128)));
  const speed = { l1OnlyStepsPerSecond: await stepsPerSecond(speedPhotos, 0), withSnPatchGanStepsPerSecond: await stepsPerSecond(speedPhotos, 0.1) };

  // A brief run at 64 px on the training photos.
  const config = TrainingConfigSchema.parse({ kind: 'inpaint', dataFolder: SAMPLES, size: TRAIN_SIZE });
  const photos = await Promise.all(trainFiles.map((f) => decodeForTraining(f, TRAIN_SIZE)));
  const task = createInpaintTask({ ...config, mode: config.inpaintMode, seed: 1 });
  const random = new SeededRandom(1);
  const trainStart = performance.now();
  for (let step = 0; step < TRAIN_STEPS; step++) {
    task.setLearningRate(config.learningRate);
    task.trainStep(Array.from({ length: config.batchSize }, () => randomCrop(photos[Math.floor(random.next() * photos.length)]!, TRAIN_SIZE, random)), random);
  }
  const trainSeconds = (performance.now() - trainStart) / 1000;
  const manifest = { kind: 'inpaint' as const, name: 'bench', arch: GATED_UNET_ARCH, inputSize: TRAIN_SIZE, io: task.product.io };
  const engines: Record<string, InpaintEngine> = { learned: new ModelInpaintEngine('model-bench', task.product.model, manifest), patchmatch: new PatchMatchEngine() };

  // The same fixed cases for both engines.
  const cases: { image: RgbImage; mask: HoleMask }[] = [];
  for (const [p, file] of heldBack.entries()) {
    const image = centreCrop(await decodeForTraining(file, CASE_SIZE), CASE_SIZE);
    for (let h = 0; h < HOLES_PER_PHOTO; h++) cases.push({ image, mask: synthesizeMask(CASE_SIZE, CASE_COVERAGE, new SeededRandom(1000 * p + h)).mask });
  }
  const scores: Record<string, unknown> = {};
  for (const [name, engine] of Object.entries(engines)) {
    const psnrs: number[] = [];
    const ssims: number[] = [];
    const start = performance.now();
    for (const { image, mask } of cases) {
      const out = await fill(engine, image, mask);
      psnrs.push(psnr(out, image, mask));
      ssims.push(ssim(out, image, mask));
    }
    scores[name] = { holePsnr: round(mean(psnrs), 2), holeSsim: round(mean(ssims), 4), msPerCase: Math.round((performance.now() - start) / cases.length) };
  }
  task.dispose();
  return {
    available: true,
    trainingSpeed128px: speed,
    briefRun: { size: TRAIN_SIZE, steps: TRAIN_STEPS, batchSize: config.batchSize, seconds: round(trainSeconds, 1), trainPhotos: trainFiles.length },
    cases: { photos: heldBack.map((f) => path.basename(f)), crop: CASE_SIZE, holesPerPhoto: HOLES_PER_PHOTO, coverage: CASE_COVERAGE },
    scores,
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

export async function benchLearnedInpaint(): Promise<Record<string, unknown>> {
  const script = fileURLToPath(import.meta.url);
  const out = execFileSync(process.execPath, ['--import', 'tsx', script, '--child'], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const result = {
    benchmark: 'learned-inpaint',
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    model: `gated U-Net, width ${DEFAULT_GATED_WIDTH}`,
    notes:
      'trainingSpeed128px: optimizer steps per second at the defaults (128 px, batch 4, random crops of the training photos, synthetic holes), L1 only and with the SN-PatchGAN (adversarial weight 0.1), wasm. briefRun: a short fill-mode run at 64 px on all but the last two sample photos. scores: hole PSNR (dB, RGB, hole pixels) and SSIM (luma, hole bounding box) on centre crops of the two held-back photos, each with three fixed synthetic holes (5-25 % of the crop), for that model and for PatchMatch, both through inpaintRegions.',
    wasm: JSON.parse(out.trim().split('\n').at(-1) as string) as unknown,
  };
  await mkdir('bench-results', { recursive: true });
  await writeFile(path.join('bench-results', 'learned-inpaint.json'), `${JSON.stringify(result, null, 2)}\n`);
  return result;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--child')) process.stdout.write(`${JSON.stringify(await measure())}\n`);
  else process.stdout.write(`${JSON.stringify(await benchLearnedInpaint(), null, 2)}\n`);
}
