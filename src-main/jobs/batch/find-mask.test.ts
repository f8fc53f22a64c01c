import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../images/test-images.js';
import { findMask } from './find-mask.js';

describe('findMask', () => {
  it('takes the same subfolder and stem first, then the masks folder itself; PNG before other types', async () => {
    const masks = tempDir('masks');
    mkdirSync(join(masks, '1950'));
    for (const name of ['a.jpg', 'a.png', 'b.jpg', '1950/a.webp', '1950/c.png', 'notes.txt', '.d.png']) writeFileSync(join(masks, name), '');
    expect(await findMask(masks, 'a.tif')).toBe(join(masks, 'a.png'));
    expect(await findMask(masks, 'b.png')).toBe(join(masks, 'b.jpg'));
    expect(await findMask(masks, '1950/a.jpg')).toBe(join(masks, '1950', 'a.webp'));
    expect(await findMask(masks, '1950/b.jpg')).toBe(join(masks, 'b.jpg'));
    // Only the input's own subfolder and the top: `1950/c.png` is not the mask of `nested/c.jpg`.
    await expect(findMask(masks, 'nested/c.jpg')).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
    await expect(findMask(masks, 'notes.jpg')).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
    await expect(findMask(masks, 'd.jpg')).rejects.toMatchObject({ code: 'E_NOT_FOUND', message: /No mask named d\.\*, d-mask\.\* or d_mask\.\*/ });
  });

  it('takes what the editor exports (`<name>-mask.png`) and `<name>_mask`, after the plain name', async () => {
    const masks = tempDir('masks');
    for (const name of ['a-mask.png', 'b_mask.jpg', 'c.png', 'c-mask.png', 'd-mask.jpg', 'd_mask.png']) writeFileSync(join(masks, name), '');
    expect(await findMask(masks, 'a.jpg')).toBe(join(masks, 'a-mask.png'));
    expect(await findMask(masks, 'b.jpg')).toBe(join(masks, 'b_mask.jpg'));
    expect(await findMask(masks, 'c.jpg')).toBe(join(masks, 'c.png'));
    expect(await findMask(masks, 'd.jpg')).toBe(join(masks, 'd-mask.jpg'));
  });
});
