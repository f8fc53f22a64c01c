import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { events, parseMediaPath, type BatchJob, type EventName } from '../../src-shared/contract/index.js';
import { KintsugiError } from '../../src-shared/errors.js';
import { createApp, type App } from '../app/create-app.js';
import { tempDir } from '../images/test-images.js';
import { settled, writeMask } from '../jobs/batch/batch-test-fixtures.js';
import type { CallContext } from '../router/types.js';

describe('batch channels through the app', () => {
  let app: App;
  let root: string;
  const emitted: { event: EventName; payload: unknown }[] = [];
  const at = (...parts: string[]) => join(root, ...parts);

  /** The user chose everything but `secret/`. */
  const ctx: CallContext = {
    emit: (event, payload) => emitted.push({ event, payload }),
    files: {
      assertReadable: (p) => {
        if (p.startsWith(at('secret'))) throw new KintsugiError('E_FORBIDDEN', `Not chosen: ${p}`);
      },
      assertWritable: (p) => {
        if (p.startsWith(at('secret'))) throw new KintsugiError('E_FORBIDDEN', `Not chosen: ${p}`);
      },
      grant: () => {},
    },
  };

  async function invoke<T>(channel: string, request: unknown): Promise<T> {
    const result = await app.router.invoke(channel, request, ctx);
    if (!result.ok) throw KintsugiError.fromData(result.error);
    return result.value as T;
  }

  const request = (out: string) => ({
    input: { type: 'folder', folder: at('in') },
    output: { folder: out, namePattern: '{name}_{engine}', format: 'webp', quality: 70 },
    operation: { kind: 'inpaint', masksFolder: at('masks'), engine: 'diffusion' },
  });

  beforeAll(async () => {
    root = tempDir('ipc-batch');
    app = await createApp({ dataDir: at('data'), host: 'server' });
    mkdirSync(at('in'), { recursive: true });
    for (const name of ['one', 'two']) {
      await sharp({ create: { width: 40, height: 30, channels: 3, background: '#468' } }).png().toFile(at('in', `${name}.png`));
      await writeMask(at('masks', `${name}.png`), 40, 30);
    }
  });

  afterAll(() => app.close());

  it('refuses invalid requests and paths the user did not choose, creating nothing', async () => {
    await expect(invoke('batch.create', { ...request(at('secret', 'out')) })).rejects.toMatchObject({ code: 'E_FORBIDDEN' });
    await expect(invoke('batch.create', { ...request(at('out')), output: { folder: at('out'), namePattern: 'x' } })).rejects.toMatchObject({
      code: 'E_INVALID_ARGUMENT',
      message: /output\.namePattern/,
    });
    await expect(invoke('batch.create', { ...request(at('out')), input: { type: 'folder', folder: at('secret') } })).rejects.toMatchObject({ code: 'E_FORBIDDEN' });
    expect(await invoke('batch.list', {})).toEqual([]);
  });

  it('runs a job whose answers and events all match the contract, and serves its files as media', async () => {
    const { job } = await invoke<{ job: BatchJob }>('batch.create', request(at('out')));
    // The job as its last `batch.changed` event tells it.
    const done = await settled(() => emitted.filter((e) => e.event === 'batch.changed').map((e) => e.payload as BatchJob).findLast((j) => j.id === job.id) ?? job);
    expect(done).toMatchObject({ status: 'completed', counts: { done: 2, total: 2 } });
    for (const { event, payload } of emitted) expect(() => events[event].parse(payload), event).not.toThrow();

    const page = await invoke<{ total: number; items: { id: number; outputPath: string }[] }>('batch.items', { jobId: job.id, statuses: ['done'], limit: 1 });
    expect(page.total).toBe(2);
    expect(page.items[0]?.outputPath).toBe(at('out', 'one_diffusion.webp'));
    const media = parseMediaPath(`batch-output/${page.items[0]!.id}`)!;
    const output = await app.media(media.kind, media.id);
    expect(output.contentType).toBe('image/webp');
    expect((await sharp(output.data).metadata()).width).toBe(40);
    expect((await app.media('batch-input', page.items[0]!.id)).contentType).toBe('image/png');

    await expect(invoke('batch.exportLog', { jobId: job.id, path: at('secret', 'log.csv'), format: 'csv' })).rejects.toMatchObject({ code: 'E_FORBIDDEN' });
    expect(await invoke('batch.exportLog', { jobId: job.id, path: at('log.json'), format: 'json' })).toMatchObject({ entries: 0 });
    expect(await invoke('batch.remove', { jobId: job.id })).toEqual({ removed: true });
    await expect(invoke('batch.get', { jobId: job.id })).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
  });
});
