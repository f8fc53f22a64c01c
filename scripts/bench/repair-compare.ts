/**
 * Repair comparison: Kintsugi's embedded engines and (where installed) G'MIC's `inpaint_matchpatch` on the same
 * licensed photos (resources/bench-photos) with seeded holes of three kinds — thin strokes, date stamps and bars,
 * blobs of 5–25 % of the picture. Scores each repair against the photo (hole PSNR, hole-bounding-box SSIM, gradient
 * ratio, pixels changed outside the hole, seconds) and writes grids of crops (input / each engine / truth) to look at.
 *
 * `npm run bench` runs it with the rest; `npm run bench:repair` runs it alone, and for development
 * REPAIR_PHOTOS=bridge,louvre REPAIR_KINDS=blob REPAIR_ENGINES=patchmatch REPAIR_SCALE=0.5 narrow it down.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp, { type OverlayOptions } from 'sharp';
import type { HoleMask, RgbImage } from '../../src-main/engines/inpaint/engine.js';
import { inpaintRegions } from '../../src-main/engines/inpaint/regions.js';
import { embeddedEngines } from '../../src-main/engines/inpaint/registry.js';
import { maskBounds } from '../../src-main/engines/mask-bounds.js';
import { gradientRatio, psnr, ssim } from '../../src-main/engines/metrics.js';
import { gmicMatchpatch, gmicVersion, GMIC_MATCHPATCH_ARGS } from './gmic.js';
import { blob, stampOrBar, strokes } from './holes.js';

const PHOTOS = path.resolve('resources/bench-photos');
const OUT = path.resolve('bench-results');
const KINDS = ['strokes', 'box', 'blob'] as const;
type Kind = (typeof KINDS)[number];

interface Case {
  photo: string;
  kind: Kind;
  image: RgbImage;
  mask: HoleMask;
  holeFraction: number;
}

interface Scores {
  holePsnr: number;
  bboxSsim: number;
  gradientRatio: number;
  outsideChanged: number;
  seconds: number;
}

type Repair = (image: RgbImage, mask: HoleMask) => Promise<RgbImage>;

export interface RepairCompareOptions {
  /** Substrings of photo file names to keep (all when empty). */
  photos?: string[];
  kinds?: Kind[];
  /** Resize factor applied to every photo before cutting holes (1 = as stored, 640 px on the longer side). */
  scale?: number;
  /** Substrings of engine names (kintsugi-patchmatch, kintsugi-diffusion, gmic-matchpatch) to run (all when empty). */
  engines?: string[];
}

async function load(file: string, scale: number): Promise<RgbImage> {
  let pipeline = sharp(file).removeAlpha();
  if (scale !== 1) {
    const meta = await sharp(file).metadata();
    pipeline = pipeline.resize(Math.round((meta.width as number) * scale), Math.round((meta.height as number) * scale), { fit: 'fill' });
  }
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}

/** The case's hole, seeded by the photo's position so every run cuts the same holes. */
function holeFor(kind: Kind, image: RgbImage, index: number): HoleMask {
  const { width, height } = image;
  const seed = 1000 + index;
  if (kind === 'strokes') return strokes(width, height, 5, Math.max(2, Math.round(width / 160)), seed);
  if (kind === 'box') return stampOrBar(width, height, seed);
  // 5–25 % of the picture, spread evenly over the photos (not random) so every run has small and large blobs.
  const fraction = 0.05 + (0.2 * ((index * 7) % 12)) / 11;
  return blob(width, height, fraction, seed);
}

async function loadCases(options: RepairCompareOptions): Promise<Case[]> {
  const files = (await readdir(PHOTOS)).filter((f) => f.endsWith('.jpg')).sort();
  const cases: Case[] = [];
  for (const [index, file] of files.entries()) {
    if (options.photos !== undefined && options.photos.length > 0 && !options.photos.some((p) => file.includes(p))) continue;
    const image = await load(path.join(PHOTOS, file), options.scale ?? 1);
    for (const kind of options.kinds ?? KINDS) {
      const mask = holeFor(kind, image, index);
      const holes = mask.reduce((n, v) => n + (v !== 0 ? 1 : 0), 0);
      cases.push({ photo: file.replace(/\.jpg$/, ''), kind, image, mask, holeFraction: holes / mask.length });
    }
  }
  return cases;
}

function score(out: RgbImage, c: Case, seconds: number): Scores {
  let outsideChanged = 0;
  for (let i = 0; i < c.mask.length; i++) {
    if (c.mask[i] !== 0) continue;
    const o = i * 3;
    if (out.data[o] !== c.image.data[o] || out.data[o + 1] !== c.image.data[o + 1] || out.data[o + 2] !== c.image.data[o + 2]) outsideChanged++;
  }
  return {
    holePsnr: psnr(out, c.image, c.mask),
    bboxSsim: ssim(out, c.image, c.mask),
    gradientRatio: gradientRatio(out, c.image, c.mask),
    outsideChanged,
    seconds,
  };
}

function mean(values: number[]): number {
  const finite = values.filter(Number.isFinite);
  return finite.reduce((a, b) => a + b, 0) / finite.length;
}

function summarise(scores: Scores[]): Record<keyof Scores, number> {
  const pick = (key: keyof Scores): number => mean(scores.map((s) => s[key]));
  return {
    holePsnr: Number(pick('holePsnr').toFixed(2)),
    bboxSsim: Number(pick('bboxSsim').toFixed(4)),
    gradientRatio: Number(pick('gradientRatio').toFixed(3)),
    outsideChanged: Math.round(scores.reduce((n, s) => n + s.outsideChanged, 0)),
    seconds: Number(pick('seconds').toFixed(3)),
  };
}

/** The hole's bounding box grown by a third (at least 12 px) each side, clamped to the picture. */
function viewBox(c: Case): { left: number; top: number; width: number; height: number } {
  const box = maskBounds(c.mask, c.image.width, c.image.height) as NonNullable<ReturnType<typeof maskBounds>>;
  const margin = Math.max(12, Math.round(Math.max(box.width, box.height) / 3));
  const left = Math.max(0, box.x - margin);
  const top = Math.max(0, box.y - margin);
  return {
    left,
    top,
    width: Math.min(c.image.width, box.x + box.width + margin) - left,
    height: Math.min(c.image.height, box.y + box.height + margin) - top,
  };
}

const TILE = { width: 256, height: 176 };

async function tile(image: RgbImage, view: ReturnType<typeof viewBox>): Promise<Buffer> {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .extract(view)
    .resize(TILE.width, TILE.height, { fit: 'contain', background: '#202020', kernel: 'nearest' })
    .png()
    .toBuffer();
}

function label(text: string, width: number): Buffer {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="24"><rect width="100%" height="100%" fill="#000"/>` +
      `<text x="6" y="17" font-family="DejaVu Sans" font-size="14" fill="#fff">${escaped}</text></svg>`,
  );
}

/** One PNG per hole kind: a row per case (input with the hole in magenta, each engine, truth). */
async function writeGrid(kind: Kind, cases: Case[], outputs: Map<string, RgbImage[]>): Promise<string> {
  const columns = ['input', ...outputs.keys(), 'truth'];
  const rows = cases.map((c, i) => ({ c, i })).filter(({ c }) => c.kind === kind);
  const width = TILE.width * columns.length;
  const height = 24 + rows.length * (TILE.height + 24);
  const layers: OverlayOptions[] = columns.map((name, k) => ({ input: label(name, TILE.width), left: k * TILE.width, top: 0 }));
  for (const [r, { c, i }] of rows.entries()) {
    const top = 24 + r * (TILE.height + 24);
    const view = viewBox(c);
    const marked = new Uint8Array(c.image.data);
    for (let p = 0; p < c.mask.length; p++) if (c.mask[p] !== 0) marked.set([255, 0, 255], p * 3);
    const pictures = [{ ...c.image, data: marked }, ...[...outputs.values()].map((o) => o[i] as RgbImage), c.image];
    for (const [k, picture] of pictures.entries()) layers.push({ input: await tile(picture, view), left: k * TILE.width, top });
    layers.push({ input: label(`${c.photo} (${(100 * c.holeFraction).toFixed(1)} % hole)`, width), left: 0, top: top + TILE.height });
  }
  const file = path.join(OUT, `repair-grid-${kind}.png`);
  await sharp({ create: { width, height, channels: 3, background: '#000' } }).composite(layers).png().toFile(file);
  return file;
}

export async function benchRepairCompare(options: RepairCompareOptions = {}): Promise<Record<string, unknown>> {
  const cases = await loadCases(options);
  const repairs = new Map<string, Repair>();
  for (const engine of embeddedEngines()) {
    repairs.set(`kintsugi-${engine.info.id}`, (image, mask) =>
      inpaintRegions(engine, image, mask, { mode: 'fill', seed: 1, signal: new AbortController().signal, onProgress: () => {} }),
    );
  }
  const gmic = await gmicVersion();
  if (gmic !== null) repairs.set('gmic-matchpatch', gmicMatchpatch);
  const wanted = options.engines ?? [];
  for (const name of repairs.keys()) if (wanted.length > 0 && !wanted.some((w) => name.includes(w))) repairs.delete(name);

  const outputs = new Map<string, RgbImage[]>();
  const perCase: Record<string, Record<string, Scores>> = {};
  const engines: Record<string, Record<string, Record<keyof Scores, number>>> = {};
  for (const [name, repair] of repairs) {
    const results: RgbImage[] = [];
    const scores: Scores[] = [];
    for (const c of cases) {
      const start = performance.now();
      const out = await repair(c.image, c.mask);
      const s = score(out, c, (performance.now() - start) / 1000);
      results.push(out);
      scores.push(s);
      const key = `${c.photo}/${c.kind}`;
      perCase[key] = { ...perCase[key], [name]: s };
    }
    outputs.set(name, results);
    const byKind: Record<string, Record<keyof Scores, number>> = { all: summarise(scores) };
    for (const kind of KINDS) {
      const picked = scores.filter((_, i) => cases[i]?.kind === kind);
      if (picked.length > 0) byKind[kind] = summarise(picked);
    }
    engines[name] = byKind;
  }
  await mkdir(OUT, { recursive: true });
  const grids: string[] = [];
  for (const kind of KINDS) if (cases.some((c) => c.kind === kind)) grids.push(path.relative(process.cwd(), await writeGrid(kind, cases, outputs)));

  const result = {
    benchmark: 'repair-compare',
    date: new Date().toISOString(),
    cases: cases.length,
    photos: [...new Set(cases.map((c) => c.photo))].length,
    gmic:
      gmic === null
        ? 'not run: gmic is not installed (apt-get install -y gmic)'
        : repairs.has('gmic-matchpatch')
          ? `${gmic}, inpaint_matchpatch ${GMIC_MATCHPATCH_ARGS}`
          : `${gmic} installed, not selected (REPAIR_ENGINES)`,
    notes:
      'Means over cases. holePsnr: dB over the hole pixels (RGB). bboxSsim: luma SSIM over the hole bounding box. gradientRatio: mean luma gradient magnitude in the hole, repair / truth (1 = as sharp as the photo, < 1 smeared). outsideChanged: pixels outside the hole that differ from the input, summed over cases (Kintsugi keeps them bit-identical; G\'MIC blends across the edge). seconds: per case, on this machine, whatever else it runs.',
    engines,
    grids,
    perCase: Object.fromEntries(
      Object.entries(perCase).map(([key, byEngine]) => [
        key,
        Object.fromEntries(Object.entries(byEngine).map(([name, s]) => [name, { psnr: Number(s.holePsnr.toFixed(2)), ssim: Number(s.bboxSsim.toFixed(4)), grad: Number(s.gradientRatio.toFixed(3)), s: Number(s.seconds.toFixed(2)) }])),
      ]),
    ),
  };
  await writeFile(path.join(OUT, 'repair-compare.json'), `${JSON.stringify(result, null, 2)}\n`);
  return result;
}

function listFromEnv(name: string): string[] | undefined {
  const value = process.env[name];
  return value === undefined || value === '' ? undefined : value.split(',');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const kinds = listFromEnv('REPAIR_KINDS')?.filter((k): k is Kind => (KINDS as readonly string[]).includes(k));
  const result = await benchRepairCompare({
    photos: listFromEnv('REPAIR_PHOTOS'),
    kinds,
    scale: Number(process.env.REPAIR_SCALE ?? '1'),
    engines: listFromEnv('REPAIR_ENGINES'),
  });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
