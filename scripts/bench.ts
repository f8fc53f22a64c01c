/**
 * Inpainting benchmark: latency of the two target cases, peak memory, and masked PSNR/SSIM on the sample photos for
 * every embedded engine. Prints one JSON object and writes it to bench-results/inpaint.json.
 * Run with `npm run bench`.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import type { HoleMask, InpaintEngine, RgbImage } from '../src-main/engines/inpaint/engine.js';
import { inpaintRegions } from '../src-main/engines/inpaint/regions.js';
import { embeddedEngines } from '../src-main/engines/inpaint/registry.js';
import { psnr, ssim } from '../src-main/engines/metrics.js';
import { boxMask, pixelateBox, scratches, strokes, texturedBox } from './bench/holes.js';

const SAMPLES = path.resolve('resources/samples');
const RUNS = 3;

async function load(file: string, resize?: { width: number; height: number }): Promise<RgbImage> {
  let pipeline = sharp(file).removeAlpha();
  if (resize !== undefined) pipeline = pipeline.resize(resize.width, resize.height, { fit: 'fill' });
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}

function run(engine: InpaintEngine, image: RgbImage, mask: HoleMask, mode: 'fill' | 'mosaic' = 'fill'): Promise<RgbImage> {
  return inpaintRegions(engine, image, mask, { mode, seed: 1, signal: new AbortController().signal, onProgress: () => {} });
}

async function medianMs(engine: InpaintEngine, image: RgbImage, mask: HoleMask): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await run(engine, image, mask);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(RUNS / 2)] as number);
}

/** JSON has no Infinity: a perfect (identical) result is reported as null. */
function round(value: number, digits: number): number | null {
  return Number.isFinite(value) ? Number(value.toFixed(digits)) : null;
}

async function main(): Promise<void> {
  const photos = (await readdir(SAMPLES)).filter((f) => f.endsWith('.jpg')).sort();
  const first = path.join(SAMPLES, photos[0] as string);
  const small = await load(first, { width: 512, height: 512 });
  const smallBox = { x: 175, y: 175, width: 162, height: 162 }; // 162^2 / 512^2 = 10.0%
  const smallMask = boxMask(512, 512, smallBox);
  const large = await load(first, { width: 4000, height: 3000 });
  const largeMask = scratches(4000, 3000, 3, 11);

  const cases = await Promise.all(
    photos.map(async (file) => {
      const image = await load(path.join(SAMPLES, file));
      const box = texturedBox(image, 0.08);
      return {
        file,
        image,
        box,
        holes: {
          largeBox: boxMask(image.width, image.height, box),
          strokes: strokes(image.width, image.height, 4, 5, 3),
        },
        mosaic: pixelateBox(image, box, 12),
      };
    }),
  );

  const engines: Record<string, unknown> = {};
  for (const engine of embeddedEngines()) {
    const latency = {
      box512Hole10pctMs: await medianMs(engine, small, smallMask),
      photo4000x3000Scratches3Ms: await medianMs(engine, large, largeMask),
    };
    const quality: Record<string, Record<string, { psnr: number | null; ssim: number | null }>> = {};
    for (const c of cases) {
      const scores: Record<string, { psnr: number | null; ssim: number | null }> = {};
      for (const [name, mask] of Object.entries(c.holes)) {
        const out = await run(engine, c.image, mask);
        scores[name] = { psnr: round(psnr(out, c.image, mask), 2), ssim: round(ssim(out, c.image, mask), 4) };
      }
      // De-mosaic: the box holds a 12 px pixelation of itself; mode 'mosaic' uses it as a guide.
      const mosaicMask = c.holes.largeBox;
      const demosaic = await run(engine, c.mosaic, mosaicMask, 'mosaic');
      scores.mosaicBox = { psnr: round(psnr(demosaic, c.image, mosaicMask), 2), ssim: round(ssim(demosaic, c.image, mosaicMask), 4) };
      scores.mosaicInput = { psnr: round(psnr(c.mosaic, c.image, mosaicMask), 2), ssim: round(ssim(c.mosaic, c.image, mosaicMask), 4) };
      quality[c.file] = scores;
    }
    engines[engine.info.id] = {
      latency,
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
      quality,
    };
  }

  const result = {
    benchmark: 'inpaint',
    date: new Date().toISOString(),
    node: process.version,
    cpus: (await import('node:os')).cpus().length,
    runs: RUNS,
    notes:
      'Latency: median of 3 through inpaintRegions (crop, engine, paste). peakRssMB: process peak so far (cumulative over engines). Quality: masked PSNR (dB, RGB) and SSIM (luma, Gaussian 11x11, hole bounding box) vs the original; largeBox = 8% square on the busiest area, strokes = 4 free-form 10 px brush strokes, mosaicBox = largeBox pixelated with 12 px blocks and repaired in mosaic mode (mosaicInput = the untouched mosaic, for reference).',
    engines,
  };
  const json = JSON.stringify(result, null, 2);
  await mkdir('bench-results', { recursive: true });
  await writeFile(path.join('bench-results', 'inpaint.json'), `${json}\n`);
  process.stdout.write(`${json}\n`);
}

await main();
process.stdout.write(`${JSON.stringify(await (await import('./bench/colour-hints.js')).benchColourHints(), null, 2)}\n`);
process.stdout.write(`${JSON.stringify(await (await import('./bench/colorize.js')).benchColorize(), null, 2)}\n`);
process.stdout.write(`${JSON.stringify(await (await import('./bench/batch-colorize.js')).benchBatchColorize(), null, 2)}\n`);
process.stdout.write(`${JSON.stringify(await (await import('./bench/training.js')).benchTraining(), null, 2)}\n`);
process.stdout.write(`${JSON.stringify(await (await import('./bench/gan.js')).benchGan(), null, 2)}\n`);
process.stdout.write(`${JSON.stringify(await (await import('./bench/learned-inpaint.js')).benchLearnedInpaint(), null, 2)}\n`);
process.stdout.write(`${JSON.stringify(await (await import('./bench/encoder-colorizer.js')).benchEncoderColorizer(), null, 2)}\n`);
process.stdout.write(`${JSON.stringify(await (await import('./bench/compute-paths.js')).benchComputePaths(), null, 2)}\n`);
process.stdout.write(`${JSON.stringify(await (await import('./bench/estimate.js')).benchEstimate(), null, 2)}\n`);
process.stdout.write(`${JSON.stringify(await (await import('./bench/repair-compare.js')).benchRepairCompare(), null, 2)}\n`);
