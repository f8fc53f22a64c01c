import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EventName } from '../../src-shared/contract/index.js';
import { KintsugiError } from '../../src-shared/errors.js';
import { GrantedFileAccess } from '../app/granted-file-access.js';
import { solid, tempDir } from '../images/test-images.js';
import { openDatabase } from '../library/db.js';
import { ModelsService } from '../models/models-service.js';
import { writeTinyColorizer } from '../models/test-models.js';
import { createRouter, type Router } from '../router/router.js';
import type { CallContext } from '../router/types.js';
import { SpeedEstimator } from '../training/speed-estimate.js';
import { TrainingService } from '../training/training-service.js';
import { modelsHandlers } from './models.js';
import { trainingHandlers } from './training.js';

describe('models and training channels through the router, with the granted file access of the Electron renderer', () => {
  let router: Router;
  let ctx: CallContext;
  let files: GrantedFileAccess;
  let events: EventName[];
  let picked: string;
  let elsewhere: string;
  let modelId: number;

  async function invoke(channel: string, request: unknown): Promise<unknown> {
    const result = await router.invoke(channel, request, ctx);
    if (!result.ok) throw KintsugiError.fromData(result.error);
    return result.value;
  }

  beforeAll(async () => {
    await tf.setBackend('cpu');
    const dataDir = tempDir('ipc-models');
    const db = openDatabase(join(dataDir, 'library.sqlite'));
    const models = new ModelsService({ db, dataDir, ready: () => tf.ready() });
    // No training process is started by these calls: scan and refusals only.
    const fork = () => {
      throw new Error('not in this test');
    };
    const training = new TrainingService({ db, dataDir, models, appVersion: '0', fork });
    router = createRouter({ ...modelsHandlers(models), ...trainingHandlers(training, new SpeedEstimator({ busy: () => false, fork })) });
    modelId = (await models.register(await writeTinyColorizer(join(tempDir('run'), 'model')), { source: 'trained', runId: null, move: true })).id;
    picked = tempDir('picked');
    elsewhere = tempDir('elsewhere');
    mkdirSync(join(picked, 'photos'));
    await solid(80, 80, '#456').png().toFile(join(picked, 'photos', 'a.png'));
    await solid(80, 80, '#654').png().toFile(join(elsewhere, 'b.png'));
    files = new GrantedFileAccess();
    files.grant([picked]);
    events = [];
    ctx = { emit: (event) => events.push(event), files };
  });

  it('exports only where the user chose, and imports only what the user picked, announcing the change', async () => {
    await expect(invoke('models.export', { id: modelId, path: join(elsewhere, 'm.kintsugi-model') })).rejects.toMatchObject({ code: 'E_FORBIDDEN' });
    expect(existsSync(join(elsewhere, 'm.kintsugi-model'))).toBe(false);
    const target = join(picked, 'm.kintsugi-model');
    expect(await invoke('models.export', { id: modelId, path: target })).toMatchObject({ path: target });
    const imported = (await invoke('models.import', { path: target })) as { id: number; source: string };
    expect(imported.source).toBe('imported');
    expect(events).toEqual(['models.changed']);
    expect(((await invoke('models.list', {})) as unknown[]).length).toBe(2);
    expect(await invoke('models.setDefault', { id: imported.id })).toMatchObject({ isDefault: true });
    expect(await invoke('models.rename', { id: imported.id, name: '  Sepia  ' })).toMatchObject({ name: 'Sepia' });
    expect(await invoke('models.remove', { id: imported.id })).toEqual({ removed: true });
    expect(await invoke('models.remove', { id: imported.id })).toEqual({ removed: false });
    expect(events).toEqual(['models.changed', 'models.changed', 'models.changed', 'models.changed']);
  });

  it('scans and trains only a data folder the user picked', async () => {
    await expect(invoke('training.scan', { folder: elsewhere })).rejects.toMatchObject({ code: 'E_FORBIDDEN' });
    expect(await invoke('training.scan', { folder: join(picked, 'photos') })).toMatchObject({ usable: 1, train: 1, validation: 0 });
    await expect(invoke('training.start', { config: { kind: 'colorize', dataFolder: elsewhere } })).rejects.toMatchObject({ code: 'E_FORBIDDEN' });
    // The picked folder passes the access check and reaches the service, which refuses the missing base model.
    await expect(invoke('training.start', { config: { kind: 'gan', dataFolder: join(picked, 'photos'), size: 64, baseModelId: 999 } })).rejects.toMatchObject({
      code: 'E_NOT_FOUND',
    });
    expect(await invoke('training.list', {})).toEqual([]);
    await expect(invoke('training.get', { runId: 5 })).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
  });
});
