import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { hugePngHeader, solid, tempDir, truncatedJpeg } from '../images/test-images.js';
import { scanDataset, splitFiles } from './dataset-scan.js';

describe('scanDataset', () => {
  let root: string;
  const at = (rel: string) => join(root, rel);

  beforeAll(async () => {
    root = tempDir('dataset');
    mkdirSync(at('trip/day 2'), { recursive: true });
    mkdirSync(at('.cache'));
    await solid(96, 64, '#c33').png().toFile(at('beach.png'));
    await solid(80, 120, '#3c3').jpeg().toFile(at('trip/forest.jpg'));
    await solid(64, 64, '#33c').webp().toFile(at('trip/day 2/sky.webp'));
    await solid(200, 70, '#888').tiff().toFile(at('trip/day 2/scan.tiff'));
    await solid(100, 40, '#ccc').png().toFile(at('trip/strip.png'));
    await solid(96, 96, '#000').png().toFile(at('.cache/hidden.png'));
    writeFileSync(at('truncated.jpg'), await truncatedJpeg());
    writeFileSync(at('empty.png'), '');
    writeFileSync(at('notes.jpg'), 'not a photo at all');
    writeFileSync(at('huge.png'), hugePngHeader());
    writeFileSync(at('readme.txt'), 'about these photos');
  });

  it('lists usable photos, and every broken or unfit file with its code and reason', async () => {
    const { scan, train, validation } = await scanDataset(root, { validationSplit: 0.25, seed: 1 });
    expect(scan).toMatchObject({ folder: root, usable: 4, minSide: 64 });
    expect([...train, ...validation].sort()).toEqual(['beach.png', 'trip/day 2/scan.tiff', 'trip/day 2/sky.webp', 'trip/forest.jpg']);
    expect(scan.train + scan.validation).toBe(4);
    expect(validation.length).toBeGreaterThanOrEqual(1);
    const skipped = Object.fromEntries(scan.skipped.map((s) => [s.path.slice(root.length + 1), [s.code, s.reason]]));
    expect(skipped).toEqual({
      'empty.png': ['E_BAD_IMAGE', expect.stringMatching(/empty/)],
      'huge.png': ['E_IMAGE_TOO_LARGE', expect.stringMatching(/over the limit/)],
      'notes.jpg': ['E_BAD_IMAGE', expect.stringMatching(/not an image/)],
      'readme.txt': ['not-an-image', expect.stringMatching(/\.txt/)],
      'truncated.jpg': ['E_BAD_IMAGE', expect.stringMatching(/truncated or corrupt JPEG/)],
      'trip/strip.png': ['too-small', expect.stringMatching(/100×40 .* at least 64/)],
    });
  });

  it('splits the same way every time for a seed, and differently for another seed', async () => {
    const a = await scanDataset(root, { validationSplit: 0.5, seed: 7 });
    const b = await scanDataset(root, { validationSplit: 0.5, seed: 7 });
    expect(b.validation).toEqual(a.validation);
    const files = Array.from({ length: 40 }, (_, i) => `f${i}.png`);
    expect(splitFiles(files, { validationSplit: 0.5, seed: 1 }).validation).not.toEqual(splitFiles(files, { validationSplit: 0.5, seed: 2 }).validation);
  });

  it('keeps every file where it was when files are added', () => {
    const files = Array.from({ length: 200 }, (_, i) => `album/${i}.jpg`);
    const before = splitFiles(files, { validationSplit: 0.1, seed: 3 });
    const after = splitFiles([...files, ...Array.from({ length: 50 }, (_, i) => `new/${i}.jpg`)], { validationSplit: 0.1, seed: 3 });
    expect(after.validation.filter((f) => f.startsWith('album/'))).toEqual(before.validation);
    expect(before.validation.length).toBeGreaterThan(5);
    expect(before.validation.length).toBeLessThan(40);
  });

  it('keeps the split of a folder that holds only train/ and val/ (the training corpus), whatever the fraction', () => {
    const files = ['train/a-0.jpg', 'train/a-1.jpg', 'train/b-0.jpg', 'val/c-0.jpg'];
    expect(splitFiles(files, { validationSplit: 0.5, seed: 1 })).toEqual({ train: files.slice(0, 3), validation: ['val/c-0.jpg'] });
    expect(splitFiles(files, { validationSplit: 0, seed: 1 }).validation).toEqual(['val/c-0.jpg']);
    // Anything beside them, or one of the two missing, is an ordinary folder split by fraction.
    expect(splitFiles([...files, 'extra.jpg'], { validationSplit: 0, seed: 1 }).validation).toEqual([]);
    expect(splitFiles(files.slice(0, 3), { validationSplit: 0, seed: 1 }).validation).toEqual([]);
  });

  it('holds back at least one file when asked, keeps one for training, and none with split 0', () => {
    expect(splitFiles(['a.png', 'b.png'], { validationSplit: 0.01, seed: 1 }).validation).toHaveLength(1);
    expect(splitFiles(['a.png', 'b.png'], { validationSplit: 0.5, seed: 1 }).train).toHaveLength(1);
    expect(splitFiles(['a.png'], { validationSplit: 0.5, seed: 1 })).toEqual({ train: ['a.png'], validation: [] });
    expect(splitFiles(['a.png', 'b.png', 'c.png'], { validationSplit: 0, seed: 1 }).validation).toEqual([]);
  });

  it('refuses a missing folder and a file given as the folder', async () => {
    await expect(scanDataset(at('nope'), { validationSplit: 0.1, seed: 1 })).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
    await expect(scanDataset(at('beach.png'), { validationSplit: 0.1, seed: 1 })).rejects.toMatchObject({ code: 'E_INVALID_ARGUMENT' });
  });
});
