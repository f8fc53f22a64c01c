/**
 * G'MIC's patch-based inpainting (`inpaint_matchpatch`), the reference the repair comparison measures against. Runs
 * the Debian `gmic` command on temporary PNGs; absent when `gmic` is not installed.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import type { HoleMask, RgbImage } from '../../src-main/engines/inpaint/engine.js';

const run = promisify(execFile);

/** G'MIC's defaults: scales auto, 9x9 patches, 10 iterations per scale, blend size 5, outer blending allowed. */
export const GMIC_MATCHPATCH_ARGS = '0,9,10,5,1';

/** The installed G'MIC's version line, or null when the command is missing. */
export async function gmicVersion(): Promise<string | null> {
  try {
    const { stdout, stderr } = await run('gmic', ['-v', '-1', 'version'], { timeout: 10_000 });
    return /Version [0-9.]+/.exec(stdout + stderr)?.[0] ?? 'unknown version';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

export async function gmicMatchpatch(image: RgbImage, mask: HoleMask): Promise<RgbImage> {
  const dir = await mkdtemp(path.join(tmpdir(), 'kintsugi-gmic-'));
  try {
    const { width, height } = image;
    const input = path.join(dir, 'input.png');
    const maskFile = path.join(dir, 'mask.png');
    const output = path.join(dir, 'output.png');
    await sharp(image.data, { raw: { width, height, channels: 3 } }).png().toFile(input);
    await sharp(mask, { raw: { width, height, channels: 1 } }).png().toFile(maskFile);
    await run('gmic', ['-v', '-1', input, maskFile, `-inpaint_matchpatch[0]`, `[1],${GMIC_MATCHPATCH_ARGS}`, '-keep[0]', '-output', output], {
      timeout: 600_000,
    });
    const { data } = await sharp(output).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    return { width, height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
