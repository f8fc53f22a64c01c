import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { strToU8, zipSync } from 'fflate';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MANIFEST_FILE, MANIFEST_FORMAT_VERSION } from '../../src-shared/models/manifest.js';
import { tempDir } from '../images/test-images.js';
import { openDatabase, type Database } from '../library/db.js';
import { loadLayersModel } from '../runtime/layers-model-files.js';
import { ModelsService } from './models-service.js';
import { tinyManifest, writeTinyColorizer } from './test-models.js';

const ready = () => tf.setBackend('cpu');

/** A `.kintsugi-model` zip of a tiny model folder, with entries changed as given (null removes one). */
async function archive(changes: Record<string, Uint8Array | null> = {}): Promise<string> {
  const folder = await writeTinyColorizer(join(tempDir('src'), 'model'));
  const entries: Record<string, Uint8Array> = {};
  for (const name of readdirSync(folder)) entries[name] = readFileSync(join(folder, name));
  for (const [name, data] of Object.entries(changes)) {
    if (data === null) delete entries[name];
    else entries[name] = data;
  }
  const file = join(tempDir('zip'), 'm.kintsugi-model');
  writeFileSync(file, zipSync(entries));
  return file;
}

function manifestBytes(overrides: Record<string, unknown>): Uint8Array {
  return strToU8(JSON.stringify({ ...tinyManifest(), ...overrides }));
}

describe('ModelsService', () => {
  let dataDir: string;
  let db: Database;
  let models: ModelsService;
  let good: string;

  beforeAll(async () => {
    good = await archive();
  });

  beforeEach(() => {
    dataDir = tempDir('data');
    db = openDatabase(join(dataDir, 'library.sqlite'));
    models = new ModelsService({ db, dataDir, ready });
  });

  /** Nothing but the live models' folders is left in `models/`. */
  function modelFolders(): string[] {
    return existsSync(join(dataDir, 'models')) ? readdirSync(join(dataDir, 'models')).sort() : [];
  }

  it('imports a model into models/<id>/ and lists it; the first of a kind becomes its default', async () => {
    const model = await models.import(good);
    expect(model).toMatchObject({
      kind: 'colorize',
      arch: 'pix2pix-unet',
      name: 'Tiny colorizer',
      inputSize: 16,
      source: 'imported',
      isDefault: true,
      runId: null,
      metrics: { valPsnr: 21.5, valL1: 0.12 },
      provenance: { imageCount: 3, steps: 10 },
    });
    expect(model.parameters).toBeGreaterThan(100);
    expect(model.bytes).toBeGreaterThan(model.parameters * 4);
    expect(models.dir(model.id)).toBe(join(dataDir, 'models', String(model.id)));
    expect(readdirSync(models.dir(model.id)).sort()).toEqual(['kintsugi.json', 'model.json', 'weights.bin']);
    expect(models.list()).toEqual([model]);
    expect(models.list('inpaint')).toEqual([]);
    expect(models.defaultFor('colorize')).toEqual(model);
    expect(models.defaultFor('gan')).toBeNull();
    expect(modelFolders()).toEqual([String(model.id)]);
  });

  it('exports and imports back a model that predicts exactly the same', async () => {
    const first = await models.import(good);
    const file = join(tempDir('out'), 'copy.kintsugi-model');
    const written = await models.export(first.id, file, false);
    expect(written).toEqual({ path: file, bytes: readFileSync(file).length });
    const second = await models.import(file);
    expect(second.id).not.toBe(first.id);
    expect(second.name).toBe(`${first.name} (2)`);
    expect(second.isDefault).toBe(false);
    await ready();
    const [a, b] = await Promise.all([loadLayersModel(models.dir(first.id)), loadLayersModel(models.dir(second.id))]);
    const x = tf.randomUniform([2, 16, 16, 1], -1, 1, 'float32', 3);
    expect(Array.from((b.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from((a.predict(x) as tf.Tensor).dataSync()));
  });

  it('exports a renamed model under its new name, so it imports back as the user named it', async () => {
    const model = await models.import(good);
    models.rename(model.id, 'Sky model');
    const file = join(tempDir('out'), 'sky.kintsugi-model');
    await models.export(model.id, file, false);
    // Next to the model it was exported from, the copy is numbered: two entries of one name could not be told apart.
    expect((await models.import(file)).name).toBe('Sky model (2)');
    await models.remove(model.id);
    expect((await models.import(file)).name).toBe('Sky model');
  });

  it('refuses to export over an existing file unless told to overwrite', async () => {
    const model = await models.import(good);
    const file = join(tempDir('out'), 'taken.kintsugi-model');
    writeFileSync(file, 'keep me');
    await expect(models.export(model.id, file, false)).rejects.toMatchObject({ code: 'E_INVALID_ARGUMENT' });
    expect(readFileSync(file, 'utf8')).toBe('keep me');
    await models.export(model.id, file, true);
    expect(readFileSync(file).subarray(0, 2).toString()).toBe('PK');
    expect(readdirSync(join(file, '..'))).toEqual(['taken.kintsugi-model']);
    await expect(models.export(999, file, true)).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
  });

  it('refuses a file that is not a zip, and leaves nothing behind', async () => {
    const file = join(tempDir('zip'), 'junk.kintsugi-model');
    writeFileSync(file, 'PK this is not really a zip file at all');
    await expect(models.import(file)).rejects.toMatchObject({ code: 'E_BAD_MODEL', message: expect.stringMatching(/not a valid zip/) });
    const truncated = join(tempDir('zip'), 'cut.kintsugi-model');
    writeFileSync(truncated, readFileSync(good).subarray(0, 300));
    await expect(models.import(truncated)).rejects.toMatchObject({ code: 'E_BAD_MODEL' });
    expect(models.list()).toEqual([]);
    expect(modelFolders()).toEqual([]);
  });

  it('refuses a device, a pipe or a folder at once, without reading (a device file reports size 0 and never ends)', async () => {
    const fifo = join(tempDir('fifo'), 'model.kintsugi-model');
    execFileSync('mkfifo', [fifo]);
    for (const path of ['/dev/zero', '/dev/urandom', fifo, tempDir('folder')]) {
      await expect(models.import(path), path).rejects.toMatchObject({ code: 'E_INVALID_ARGUMENT', message: expect.stringContaining('not a regular file') });
    }
    expect(models.list()).toEqual([]);
    expect(modelFolders()).toEqual([]);
  });

  it('refuses an entry that would escape the model folder, writing nothing outside it', async () => {
    for (const name of ['../escaped.txt', '/etc/escaped.txt', 'sub/../../escaped.txt', 'C:\\escaped.txt']) {
      const file = await archive({ [name]: strToU8('gotcha') });
      await expect(models.import(file)).rejects.toMatchObject({ code: 'E_BAD_MODEL', message: expect.stringContaining('not allowed') });
    }
    expect(existsSync(join(dataDir, 'escaped.txt'))).toBe(false);
    expect(existsSync(join(dataDir, 'models', 'escaped.txt'))).toBe(false);
    expect(modelFolders()).toEqual([]);
  });

  it('refuses a model from a newer Kintsugi, of an unknown kind or architecture, or with a broken manifest', async () => {
    const cases: [Record<string, Uint8Array | null>, RegExp][] = [
      [{ [MANIFEST_FILE]: manifestBytes({ formatVersion: MANIFEST_FORMAT_VERSION + 1, io: 'something new' }) }, /newer Kintsugi/],
      [{ [MANIFEST_FILE]: manifestBytes({ kind: 'upscale' }) }, /kind "upscale"/],
      [{ [MANIFEST_FILE]: manifestBytes({ arch: 'transformer-xl' }) }, /Unknown colorize architecture "transformer-xl"/],
      [{ [MANIFEST_FILE]: manifestBytes({ io: { colorSpace: 'rgb', input: 'latent', output: 'rgb', latentSize: 8 } }) }, /must take "L"/],
      [{ [MANIFEST_FILE]: manifestBytes({ inputSize: 'big' }) }, /invalid at "inputSize"/],
      [{ [MANIFEST_FILE]: strToU8('{ not json') }, /not valid JSON/],
      [{ [MANIFEST_FILE]: manifestBytes({ format: 'onnx' }) }, /does not describe a Kintsugi model/],
      [{ [MANIFEST_FILE]: null }, /no kintsugi\.json/],
    ];
    for (const [changes, message] of cases) {
      await expect(models.import(await archive(changes))).rejects.toMatchObject({ code: 'E_BAD_MODEL', message: expect.stringMatching(message) });
    }
    expect(modelFolders()).toEqual([]);
  });

  it('refuses a model whose model.json is missing or does not load', async () => {
    await expect(models.import(await archive({ 'model.json': null }))).rejects.toMatchObject({ code: 'E_BAD_MODEL', message: /model\.json/ });
    await expect(models.import(await archive({ 'weights.bin': strToU8('short') }))).rejects.toMatchObject({ code: 'E_BAD_MODEL' });
    await expect(models.import(await archive({ 'model.json': strToU8('{"modelTopology": {}, "weightsManifest": 3}') }))).rejects.toMatchObject({
      code: 'E_BAD_MODEL',
    });
    expect(models.list()).toEqual([]);
    expect(modelFolders()).toEqual([]);
  });

  it('renames, moves the default, and deletes a model with its files, handing the default on', async () => {
    const a = await models.import(good);
    const b = await models.import(good);
    expect(models.rename(b.id, 'Family photos').name).toBe('Family photos');
    expect(models.setDefault(b.id).isDefault).toBe(true);
    expect(models.get(a.id).isDefault).toBe(false);
    const folder = models.dir(b.id);
    expect(await models.remove(b.id)).toBe(true);
    expect(existsSync(folder)).toBe(false);
    expect(models.defaultFor('colorize')?.id).toBe(a.id);
    expect(await models.remove(b.id)).toBe(false);
    expect(() => models.get(b.id)).toThrow(expect.objectContaining({ code: 'E_NOT_FOUND' }));
    expect(() => models.rename(b.id, 'x')).toThrow(expect.objectContaining({ code: 'E_NOT_FOUND' }));
  });

  it('registers a trained folder by moving it, linked to its run', async () => {
    const run = db
      .prepare(
        `INSERT INTO training_runs (name, kind, status, config, dataset, total_steps, created_at, updated_at)
         VALUES ('r', 'colorize', 'completed', '{}', '{}', 10, 'now', 'now')`,
      )
      .run();
    const folder = await writeTinyColorizer(join(tempDir('run'), 'export'), { name: 'From run' });
    const model = await models.register(folder, { source: 'trained', runId: Number(run.lastInsertRowid), move: true });
    expect(model).toMatchObject({ name: 'From run', source: 'trained', runId: Number(run.lastInsertRowid) });
    expect(existsSync(folder)).toBe(false);
    const bad = await writeTinyColorizer(join(tempDir('run'), 'export'), { arch: 'nope' });
    await expect(models.register(bad, { source: 'trained', runId: null, move: false })).rejects.toMatchObject({ code: 'E_BAD_MODEL' });
    expect(existsSync(bad)).toBe(true);
    expect(modelFolders()).toEqual([String(model.id)]);
  });

  it('sweeps stale folders no model refers to, and keeps fresh ones (another process may be adding them)', async () => {
    const model = await models.import(good);
    const stale = join(dataDir, 'models', '.incoming-old');
    const fresh = join(dataDir, 'models', '.incoming-new');
    mkdirSync(stale);
    mkdirSync(fresh);
    const hourAgo = new Date(Date.now() - 3600_000);
    utimesSync(stale, hourAgo, hourAgo);
    expect(await models.sweepOrphans()).toBe(1);
    expect(modelFolders()).toEqual(['.incoming-new', String(model.id)].sort());
  });
});
