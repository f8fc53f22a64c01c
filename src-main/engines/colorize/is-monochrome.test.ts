import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../app/paths.js';
import { labToRgbKeepingLightness, lightness, luminanceOnly } from '../../color/lab.js';
import type { RgbImage } from '../inpaint/engine.js';
import { mulberry32 } from '../inpaint/random.js';
import { COLOURED_SHARE, detectMonochrome } from './is-monochrome.js';

async function decode(input: string | Buffer): Promise<RgbImage> {
  const { data, info } = await sharp(input).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}

async function jpegRoundTrip(image: RgbImage, quality: number): Promise<RgbImage> {
  const raw = { width: image.width, height: image.height, channels: 3 as const };
  return decode(await sharp(Buffer.from(image.data), { raw }).jpeg({ quality }).toBuffer());
}

/** Independent Gaussian noise on each channel, like a colour scanner's (it is what puts chroma noise on a grey scan). */
function withScannerNoise(image: RgbImage, sigma: number, seed: number): RgbImage {
  const random = mulberry32(seed);
  const data = new Uint8Array(image.data.length);
  for (let i = 0; i < data.length; i++) {
    const gauss = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    data[i] = Math.max(0, Math.min(255, Math.round((image.data[i] as number) + sigma * gauss)));
  }
  return { ...image, data };
}

/** The photo's L* with a sepia tone: warm brown, strongest in the mid-tones, fading to neutral paper and black. */
function sepia(image: RgbImage): RgbImage {
  const L = lightness(image);
  const strength = L.map((l) => Math.sin((Math.PI * l) / 100));
  return labToRgbKeepingLightness({ width: image.width, height: image.height, L, a: strength.map((s) => 2 + 6 * s), b: strength.map((s) => 4 + 20 * s) });
}

/** A square of `share` of the photo's area, painted red, in its lower right quarter. */
function withStamp(image: RgbImage, share: number): RgbImage {
  const data = new Uint8Array(image.data);
  const side = Math.round(Math.sqrt(share * image.width * image.height));
  const x0 = Math.round(image.width * 0.6);
  const y0 = Math.round(image.height * 0.6);
  for (let y = y0; y < y0 + side; y++) for (let x = x0; x < x0 + side; x++) data.set([190, 35, 45], (y * image.width + x) * 3);
  return { ...image, data };
}

describe('detectMonochrome', () => {
  let colour: RgbImage;
  let grey: RgbImage;

  beforeAll(async () => {
    colour = await decode(join(PROJECT_ROOT, 'resources', 'samples', 'gcompris-cow.jpg'));
    grey = luminanceOnly(colour);
  });

  it('calls a grey image grey, with no chroma at all', async () => {
    const flat = await decode(await sharp({ create: { width: 300, height: 200, channels: 3, background: '#777777' } }).png().toBuffer());
    for (const image of [flat, grey]) {
      const verdict = detectMonochrome(image);
      expect(verdict).toEqual({ kind: 'grey', meanChroma: 0, toneChroma: 0, chromaSpread: 0, colouredFraction: 0 });
    }
  });

  it('calls a colour photo colour', () => {
    const verdict = detectMonochrome(colour);
    console.log('colour photo', verdict);
    expect(verdict.kind).toBe('colour');
    expect(verdict.colouredFraction).toBeGreaterThan(0.2);
  });

  it('calls a sepia-toned print monochrome although it has chroma, also as a noisy JPEG', async () => {
    const toned = sepia(grey);
    const scanned = await jpegRoundTrip(withScannerNoise(toned, 4, 2), 80);
    for (const image of [toned, scanned]) {
      const verdict = detectMonochrome(image);
      console.log('sepia', verdict);
      expect(verdict.kind).toBe('toned');
      expect(verdict.meanChroma).toBeGreaterThan(10);
      expect(verdict.toneChroma).toBeGreaterThan(10);
      expect(verdict.chromaSpread).toBeLessThan(3);
      expect(verdict.colouredFraction).toBeLessThan(0.02);
    }
  });

  it('does not count the chroma noise of a JPEG of a grey scan as colour', async () => {
    const scanned = await jpegRoundTrip(withScannerNoise(grey, 5, 1), 90);
    const verdict = detectMonochrome(scanned);
    console.log('noisy grey JPEG', verdict);
    expect(verdict.meanChroma).toBeGreaterThan(0);
    expect(verdict.kind).toBe('grey');
    expect(verdict.colouredFraction).toBe(0);
  });

  it(`calls a grey photo with a small coloured stamp monochrome, and colour once more than ${COLOURED_SHARE * 100}% is coloured`, () => {
    const small = detectMonochrome(withStamp(grey, 0.02));
    const large = detectMonochrome(withStamp(grey, 0.1));
    console.log('2% stamp', small, '10% stamp', large);
    expect(small.kind).toBe('grey');
    expect(small.colouredFraction).toBeGreaterThan(0.015);
    expect(small.colouredFraction).toBeLessThan(0.03);
    expect(large.kind).toBe('colour');
    expect(large.colouredFraction).toBeGreaterThan(0.08);
  });
});
