import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeRgb } from '../../src-main/images/rgb-pixels.js';
import { samplePhoto } from './sample-photos.test-util.js';
import {
  findMatch,
  greyThumbnail,
  meanAbsDiff,
  parseThumbnailList,
  thumbnailFromHex,
  thumbnailToHex,
} from './thumbnail.js';

describe('greyThumbnail', () => {
  it('averages 0.299 R + 0.587 G + 0.114 B over floor-bounded cells', () => {
    // 32x16: each cell is 2x1 pixels; left pixel pure red, right pixel pure blue.
    const data = new Uint8Array(32 * 16 * 3);
    for (let p = 0; p < 32 * 16; p++) data.set(p % 2 === 0 ? [255, 0, 0] : [0, 0, 255], p * 3);
    const thumb = greyThumbnail({ width: 32, height: 16, data });
    expect(thumb).toHaveLength(256);
    for (const v of thumb) expect(v).toBeCloseTo((0.299 * 255 + 0.114 * 255) / 2, 9);
  });

  it('scores a resized JPEG of a photo below 1 and a different photo above 17', async () => {
    const photo = await samplePhoto(1, 640, 480);
    const smaller = await sharp(photo).resize(320, 240).jpeg({ quality: 80 }).toBuffer();
    const other = await samplePhoto(2, 640, 480);
    const t = greyThumbnail(await decodeRgb(photo, 'a'));
    expect(meanAbsDiff(t, greyThumbnail(await decodeRgb(smaller, 'b')))).toBeLessThan(1);
    expect(meanAbsDiff(t, greyThumbnail(await decodeRgb(other, 'c')))).toBeGreaterThan(17);
  });

  it('applies EXIF orientation before thumbnailing', async () => {
    const photo = await samplePhoto(3, 400, 300);
    // The same pixels stored rotated, with an orientation tag that turns them back.
    const rotated = await sharp(photo).rotate(90).withMetadata({ orientation: 8 }).jpeg({ quality: 95 }).toBuffer();
    const t = greyThumbnail(await decodeRgb(photo, 'a'));
    expect(meanAbsDiff(t, greyThumbnail(await decodeRgb(rotated, 'b')))).toBeLessThan(1);
  });
});

describe('thumbnail list', () => {
  it('reads hex lines, skips comments and blank lines, and round-trips', () => {
    const a = Float64Array.from({ length: 256 }, (_, k) => k);
    const b = Float64Array.from({ length: 256 }, (_, k) => 255 - k);
    const list = parseThumbnailList(`# comment\n\n${thumbnailToHex(a)}\n  ${thumbnailToHex(b)}  \n`);
    expect(list).toHaveLength(2);
    expect(Array.from(list[1]!)).toEqual(Array.from(b));
    expect(findMatch(Float64Array.from(b, (v) => v + 5), list)).toBe(1);
    expect(findMatch(Float64Array.from(b, (v) => v + 7), list)).toBe(-1);
  });

  it('refuses a line that is not 256 hex bytes with E_INVALID_ARGUMENT', () => {
    expect(() => thumbnailFromHex('abcd')).toThrow(expect.objectContaining({ code: 'E_INVALID_ARGUMENT' }));
    expect(() => parseThumbnailList('zz'.repeat(256))).toThrow(expect.objectContaining({ code: 'E_INVALID_ARGUMENT' }));
  });
});
