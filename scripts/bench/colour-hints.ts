/**
 * Colour-hint propagation benchmark (issue 5, Levin et al. 2004): time to colorize a grey photo from 10 scribbles at
 * 1024x768 (the Editor's case) and 4000x3000 (a 12-megapixel scan), and how close the result comes to the photo's
 * real colours when the scribbles carry those colours. Writes bench-results/colour-hints.json and returns the object.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { ColourHint } from '../../src-shared/contract/colorize-hints.js';
import { luminanceOnly } from '../../src-main/color/lab.js';
import { propagateColourHints } from '../../src-main/engines/colorize/colour-hints.js';
import type { RgbImage } from '../../src-main/engines/inpaint/engine.js';
import { colourScores } from '../../src-main/engines/colorize/colour-scores.js';

const PHOTO = path.resolve('resources/samples/gcompris-cow.jpg');
const RUNS = 3;
const SCRIBBLES = 10;

async function load(width: number, height: number): Promise<RgbImage> {
  const { data, info } = await sharp(PHOTO).resize(width, height, { fit: 'fill' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}

/**
 * Ten short strokes spread over the frame (the same relative places at every size), each in the colour the photo
 * really has where it starts, as a user copying the colours of a reference print would paint them.
 */
function scribbles(photo: RgbImage): ColourHint[] {
  const { width, height } = photo;
  return Array.from({ length: SCRIBBLES }, (_, k) => {
    const x = Math.round(width * (0.1 + 0.8 * ((k * 0.37) % 1)));
    const y = Math.round(height * (0.1 + 0.8 * ((k * 0.61) % 1)));
    const o = (y * width + x) * 3;
    const colour = `#${[0, 1, 2].map((c) => (photo.data[o + c] as number).toString(16).padStart(2, '0')).join('')}`;
    return {
      points: [
        { x, y },
        { x: x + width * 0.02, y: y + height * 0.01 },
        { x: x + width * 0.04, y: y + height * 0.03 },
      ],
      radius: width / 200,
      colour,
    };
  });
}

const abError = (x: RgbImage, y: RgbImage): number => colourScores(x, y).abError;

async function measure(width: number, height: number): Promise<Record<string, number>> {
  const photo = await load(width, height);
  const grey = luminanceOnly(photo);
  const hints = scribbles(photo);
  const times: number[] = [];
  let out = grey;
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    out = await propagateColourHints(grey, hints);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return {
    medianMs: Math.round(times[Math.floor(RUNS / 2)] as number),
    abErrorGrey: Number(abError(grey, photo).toFixed(2)),
    abErrorColorized: Number(abError(out, photo).toFixed(2)),
  };
}

export async function benchColourHints(): Promise<Record<string, unknown>> {
  const editor = await measure(1024, 768);
  const scan = await measure(4000, 3000);
  const result = {
    benchmark: 'colour-hints',
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    runs: RUNS,
    notes:
      'propagateColourHints on gcompris-cow.jpg made grey, 10 three-point scribbles in the photo\'s own colours. medianMs: median of 3 (default options: solved at <= 2^19 pixels, guided-filter upsampling above). abError: mean a*b* distance from the colour original, for the grey input and for the result. peakRssMB: process peak.',
    photo1024x768: editor,
    photo4000x3000: scan,
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  await mkdir('bench-results', { recursive: true });
  await writeFile(path.join('bench-results', 'colour-hints.json'), `${JSON.stringify(result, null, 2)}\n`);
  return result;
}
