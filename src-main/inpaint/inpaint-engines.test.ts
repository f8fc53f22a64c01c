import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../app/create-app.js';
import { OpenFileAccess } from '../app/open-file-access.js';
import type { CliIo } from '../cli/command.js';
import { runCli } from '../cli/run-cli.js';
import { tempDir } from '../images/test-images.js';
import { openInpaintProcessor } from '../jobs/batch/inpaint-processor.js';
import { writeTinyColorizer, writeTinyInpainter } from '../models/test-models.js';
import { spawnWorker } from '../workers/spawn-worker.js';
import { gradient } from '../engines/inpaint/test-fixtures.js';

/** Learned inpainters in the app: listed beside the embedded engines, chosen by `model-<id>`, run by the CLI. */
describe('inpainting engine catalog with trained models', () => {
  let app: App;
  let dataDir: string;
  let fillId: number;
  let mosaicId: number;
  let colorizerId: number;

  beforeAll(async () => {
    dataDir = tempDir('inpaint-engines');
    app = await createApp({ dataDir, host: 'cli', backend: 'wasm' });
    // The tiny models are built in this process, on the backend the app selects.
    await app.runtime.report();
    const register = async (folder: string, name: string) => (await app.models.register(folder, { source: 'imported', runId: null, name, move: true })).id;
    fillId = await register(await writeTinyInpainter(tempDir('fill-model'), { size: 32 }), 'Scratch filler');
    mosaicId = await register(await writeTinyInpainter(tempDir('mosaic-model'), { size: 32, mode: 'mosaic' }), 'Mosaic undoer');
    colorizerId = await register(await writeTinyColorizer(tempDir('colorizer')), 'A colorizer');
  });
  afterAll(() => app.close());

  it('lists the embedded engines first, then each inpaint model with the one mode it was trained for', async () => {
    const engines = await app.inpaintEngines.list();
    expect(engines.map((e) => e.id)).toEqual(['patchmatch', 'diffusion', `model-${mosaicId}`, `model-${fillId}`]);
    expect(engines[3]).toMatchObject({ name: 'Scratch filler', kind: 'model', modes: ['fill'] });
    expect(engines[2]).toMatchObject({ name: 'Mosaic undoer', modes: ['mosaic'] });
    const listed = await app.router.invoke('inpaint.engines', {}, { emit: () => {}, files: new OpenFileAccess() });
    expect(listed).toMatchObject({ ok: true, value: engines });
  });

  it('chooses a model with its folder and the backend, and refuses wrong modes, kinds and ids', async () => {
    const choice = await app.inpaintEngines.choose(`model-${fillId}`, 'fill');
    expect(choice.model).toEqual({ modelDir: app.models.dir(fillId), backend: 'wasm' });
    await expect(app.inpaintEngines.choose(`model-${fillId}`, 'mosaic')).rejects.toMatchObject({ code: 'E_INVALID_ARGUMENT' });
    await expect(app.inpaintEngines.choose(`model-${colorizerId}`, 'fill')).rejects.toMatchObject({ code: 'E_BAD_MODEL' });
    await expect(app.inpaintEngines.choose('model-9999', 'fill')).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
    expect((await app.inpaintEngines.choose('patchmatch', 'mosaic')).model).toBeUndefined();
  });

  it('runs `kintsugi inpaint --engine model-<id>` on a file: only the masked pixels change', async () => {
    const folder = tempDir('cli-learned');
    const noise = { type: 'gaussian', mean: 128, sigma: 40 } as const;
    await sharp({ create: { width: 90, height: 60, channels: 3, background: '#000', noise } }).png().toFile(join(folder, 'photo.png'));
    const hole = { input: { create: { width: 20, height: 8, channels: 3 as const, background: '#fff' } }, left: 30, top: 20 };
    await sharp({ create: { width: 90, height: 60, channels: 3, background: '#000' } }).composite([hole]).png().toFile(join(folder, 'mask.png'));
    const lines: string[] = [];
    const io: CliIo = { out: (l) => lines.push(l), err: (l) => lines.push(l), isTty: false };
    const args = ['inpaint', '--image', join(folder, 'photo.png'), '--mask', join(folder, 'mask.png'), '--out', join(folder, 'out.png'), '--engine', `model-${fillId}`];
    expect(await runCli([...args, '--data-dir', dataDir], io)).toBe(0);
    const [before, after] = await Promise.all([sharp(join(folder, 'photo.png')).raw().toBuffer(), sharp(join(folder, 'out.png')).raw().toBuffer()]);
    let outside = 0;
    let inside = 0;
    for (let p = 0; p < 90 * 60; p++) {
      const x = p % 90;
      const y = Math.floor(p / 90);
      const differs = [0, 1, 2].some((k) => before[p * 3 + k] !== after[p * 3 + k]);
      if (x >= 30 && x < 50 && y >= 20 && y < 28) inside += differs ? 1 : 0;
      else outside += differs ? 1 : 0;
    }
    expect(outside).toBe(0);
    expect(inside).toBeGreaterThan(80);
    expect(await runCli([...args, '--mode', 'mosaic', '--data-dir', dataDir], io)).not.toBe(0);
    expect(lines.at(-1)).toMatch(/E_INVALID_ARGUMENT.*cannot work in "mosaic" mode/);

    // Folder mode is a batch job: the same model repairs every file with the mask of its name.
    for (const sub of ['in', 'masks', 'out']) mkdirSync(join(folder, sub));
    copyFileSync(join(folder, 'photo.png'), join(folder, 'in', 'a.png'));
    copyFileSync(join(folder, 'mask.png'), join(folder, 'masks', 'a.png'));
    const batch = ['inpaint', '--image', join(folder, 'in'), '--mask', join(folder, 'masks'), '--out', join(folder, 'out'), '--engine', `model-${fillId}`];
    expect(await runCli([...batch, '--data-dir', dataDir], io)).toBe(0);
    const batched = await sharp(join(folder, 'out', 'a.png')).raw().toBuffer();
    expect(batched.equals(after)).toBe(true);
  });

  it('batch-repairs with a learned engine on one worker that loads the model once for the whole job', async () => {
    const folder = tempDir('batch-learned');
    const hole = { input: { create: { width: 10, height: 6, channels: 3 as const, background: '#fff' } }, left: 5, top: 5 };
    await sharp({ create: { width: 40, height: 30, channels: 3, background: '#000' } }).composite([hole]).png().toFile(join(folder, 'a.png'));
    const workers: string[][] = [];
    const spawn = () => {
      const worker = spawnWorker('inpaint-worker');
      const stages: string[] = [];
      workers.push(stages);
      worker.on('message', (reply: { type: string; stage?: string }) => {
        if (reply.type === 'progress') stages.push(reply.stage ?? '');
      });
      return worker;
    };
    const op = { kind: 'inpaint', masksFolder: folder, engine: `model-${fillId}`, mode: 'fill', maskKind: 'mask', tolerance: 0, seed: 1 } as const;
    const processor = await openInpaintProcessor(op, await app.inpaintEngines.choose(`model-${fillId}`, 'fill'), spawn);
    try {
      for (let i = 0; i < 3; i++) {
        const outcome = await processor.process({ image: gradient(40, 30), inputPath: join(folder, 'a.png'), relativePath: 'a.png' }, new AbortController().signal, () => {});
        expect(outcome).toMatchObject({ image: { width: 40, height: 30 } });
      }
    } finally {
      await processor.close();
    }
    expect(workers).toHaveLength(1);
    expect(workers[0]?.filter((stage) => stage === 'loading model')).toHaveLength(1);
  });
});
