// The fixtures were made by Qt's own rcc 5.15.8 (Debian qtbase5-dev-tools) from fixtures/fixture.qrc, with
// hello.txt = "hello rcc\n", images/repeated.txt = "compress me " x 200, and images/sub/tiny.png a 4x3 RGB PNG
// whose bytes are (i * 37) % 256:
//   rcc --binary fixture.qrc -o fixture-v3.rcc                      (format 3, repeated.txt zlib-compressed)
//   rcc --binary --format-version 1 fixture.qrc -o fixture-v1.rcc   (format 1: 14-byte nodes)
//   rcc --binary --compress-algo zstd fixture.qrc -o fixture-zstd.rcc
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { parseRcc } from './rcc.js';

const fixture = (name: string) => readFile(path.join(import.meta.dirname, 'fixtures', name));

async function contents(name: string): Promise<Map<string, Buffer>> {
  const entries = parseRcc(await fixture(name));
  return new Map(await Promise.all(entries.map(async (e) => [e.path, await e.read()] as const)));
}

describe('parseRcc', () => {
  for (const name of ['fixture-v3.rcc', 'fixture-v1.rcc']) {
    it(`lists and extracts every file of ${name}`, async () => {
      const files = await contents(name);
      expect([...files.keys()].sort()).toEqual([
        '/gcompris/src/hello.txt',
        '/gcompris/src/images/repeated.txt',
        '/gcompris/src/images/sub/tiny.png',
      ]);
      expect(files.get('/gcompris/src/hello.txt')!.toString()).toBe('hello rcc\n');
      expect(files.get('/gcompris/src/images/repeated.txt')!.toString()).toBe('compress me '.repeat(200));
      const { data, info } = await sharp(files.get('/gcompris/src/images/sub/tiny.png')!)
        .raw()
        .toBuffer({ resolveWithObject: true });
      expect([info.width, info.height, info.channels]).toEqual([4, 3, 3]);
      expect(Array.from(data)).toEqual(Array.from({ length: 36 }, (_, i) => (i * 37) % 256));
    });
  }

  it('the v3 fixture really holds a compressed entry (so inflation is exercised)', async () => {
    const bundle = await fixture('fixture-v3.rcc');
    expect(bundle.length).toBeLessThan('compress me '.length * 200);
  });

  it('refuses a zstd-compressed entry with E_INVALID_ARGUMENT and still reads the others', async () => {
    const entries = parseRcc(await fixture('fixture-zstd.rcc'));
    const repeated = entries.find((e) => e.path.endsWith('repeated.txt'))!;
    await expect(repeated.read()).rejects.toMatchObject({ code: 'E_INVALID_ARGUMENT' });
    const hello = entries.find((e) => e.path.endsWith('hello.txt'))!;
    expect((await hello.read()).toString()).toBe('hello rcc\n');
  });

  it('refuses files that are not bundles, or are cut short, with E_INVALID_ARGUMENT', async () => {
    expect(() => parseRcc(Buffer.from('PK\u0003\u0004 not a bundle at all'))).toThrow(
      expect.objectContaining({ code: 'E_INVALID_ARGUMENT' }),
    );
    const whole = await fixture('fixture-v3.rcc');
    expect(() => parseRcc(whole.subarray(0, 40))).toThrow(expect.objectContaining({ code: 'E_INVALID_ARGUMENT' }));
  });
});
