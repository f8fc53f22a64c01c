import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { TrainingConfigSchema } from '../../../src-shared/contract/index.js';
import { tempDir } from '../../images/test-images.js';
import { openDatabase } from '../db.js';
import { getModel, insertModel, listModels, setDefaultModel, type NewModel } from '../models-repo.js';
import { deleteMetricsAfter, insertLosses, insertValidation, LIST_LOSSES_SQL, listLosses, listValidation } from '../training-metrics-repo.js';
import { getRun, getSplit, insertRun, pauseOrphanedRuns, updateRun, type NewRun } from '../training-runs-repo.js';
import { LATEST_VERSION, MIGRATIONS, migrate, schemaVersion } from './index.js';

function newModel(name: string, runId: number | null = null): NewModel {
  return {
    name,
    kind: 'colorize',
    arch: 'pix2pix-unet',
    inputSize: 128,
    source: 'trained',
    bytes: 10,
    parameters: 5,
    metrics: { valPsnr: 20 },
    provenance: null,
    runId,
  };
}

function newRun(): NewRun {
  return {
    name: 'run',
    kind: 'colorize',
    config: TrainingConfigSchema.parse({ kind: 'colorize', dataFolder: '/photos' }),
    dataset: { folder: '/photos', usable: 3, train: 2, validation: 1, minSide: 64, skippedCount: 0 },
    totalSteps: 100,
    ownerPid: 1,
  };
}

const loss = (step: number) => ({ step, gAdv: 1, gL1: 0.5, d: 0.7, stepsPerSecond: 2 });

function count(db: Database.Database, table: string): number {
  return db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
}

describe('migration 004: models and training', () => {
  it('upgrades a version-3 database with rows, keeping them, and adds the four tables', () => {
    const file = join(tempDir('db'), 'library.sqlite');
    const v3 = new Database(file);
    migrate(v3, MIGRATIONS.slice(0, 3));
    v3.prepare("INSERT INTO settings (key, value) VALUES ('backend', '\"wasm\"')").run();
    v3.close();

    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(LATEST_VERSION).toBeGreaterThanOrEqual(4);
    expect(db.prepare('SELECT value FROM settings').pluck().get()).toBe('"wasm"');
    for (const table of ['models', 'training_runs', 'training_run_files', 'training_metrics']) expect(count(db, table)).toBe(0);
    db.close();
  });

  it('keeps the split of a run and its ordered metric history, with no duplicate steps', () => {
    const db = openDatabase(':memory:');
    const run = insertRun(db, newRun(), { train: ['b.png', 'a/c.jpg'], validation: ['z.png'] });
    expect(getSplit(db, run.id)).toEqual({ train: ['a/c.jpg', 'b.png'], validation: ['z.png'] });
    insertLosses(db, run.id, [loss(2), loss(1), loss(3)]);
    insertLosses(db, run.id, [{ ...loss(3), gL1: 0.25 }]);
    insertValidation(db, run.id, { step: 2, psnr: 21, ssim: 0.8, l1: 0.1 });
    expect(listLosses(db, run.id).map((p) => [p.step, p.gL1])).toEqual([
      [1, 0.5],
      [2, 0.5],
      [3, 0.25],
    ]);
    expect(deleteMetricsAfter(db, run.id, 1)).toBe(3);
    expect(listLosses(db, run.id).map((p) => p.step)).toEqual([1]);
    expect(listValidation(db, run.id)).toEqual([]);
    db.close();
  });

  it('deleting a run takes its files and metrics and keeps its model; deleting a model keeps its run', () => {
    const db = openDatabase(':memory:');
    const run = insertRun(db, newRun(), { train: ['a.png'], validation: [] });
    const model = insertModel(db, newModel('m', run.id), 'models/x');
    updateRun(db, run.id, { modelId: model.id });
    insertLosses(db, run.id, [loss(1)]);
    db.prepare('DELETE FROM training_runs WHERE id = ?').run(run.id);
    expect(count(db, 'training_run_files')).toBe(0);
    expect(count(db, 'training_metrics')).toBe(0);
    expect(getModel(db, model.id)?.runId).toBeNull();

    const other = insertRun(db, newRun(), { train: ['a.png'], validation: [] });
    const second = insertModel(db, newModel('n', other.id), 'models/y');
    updateRun(db, other.id, { modelId: second.id });
    db.prepare('DELETE FROM models WHERE id = ?').run(second.id);
    expect(getRun(db, other.id)?.modelId).toBeNull();
    db.close();
  });

  it('allows one default per kind and never reuses an id', () => {
    const db = openDatabase(':memory:');
    const a = insertModel(db, newModel('a'), 'models/a');
    const b = insertModel(db, newModel('b'), 'models/b');
    setDefaultModel(db, a.id);
    setDefaultModel(db, b.id);
    expect(listModels(db).map((m) => [m.name, m.isDefault])).toEqual([
      ['b', true],
      ['a', false],
    ]);
    expect(() => db.prepare('UPDATE models SET is_default = 1').run()).toThrow(/UNIQUE/);
    db.prepare('DELETE FROM models WHERE id = ?').run(b.id);
    expect(insertModel(db, newModel('c'), 'models/c').id).toBe(b.id + 1);
    db.close();
  });

  it('refuses bad kinds, statuses, half-filled metric rows and a preview step without its file', () => {
    const db = openDatabase(':memory:');
    const run = insertRun(db, newRun(), { train: ['a.png'], validation: [] });
    expect(() => insertModel(db, { ...newModel('m'), kind: 'upscale' as 'gan' }, 'models/m')).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE training_runs SET status = 'sleeping'").run()).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE training_runs SET config = 'nope'").run()).toThrow(/CHECK/);
    expect(() => updateRun(db, run.id, { previewStep: 5 })).toThrow(/CHECK/);
    expect(() =>
      db.prepare("INSERT INTO training_metrics (run_id, kind, step, psnr, ssim) VALUES (?, 'validation', 1, 20, 0.5)").run(run.id),
    ).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO training_metrics (run_id, kind, step, psnr, ssim, l1) VALUES (?, 'loss', 1, 20, 0.5, 1)").run(run.id)).toThrow(
      /CHECK/,
    );
    expect(() => insertLosses(db, 999, [loss(1)])).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it('pauses running runs whose owning process is gone, and only those', () => {
    const db = openDatabase(':memory:');
    const gone = insertRun(db, { ...newRun(), ownerPid: 111 }, { train: ['a.png'], validation: [] });
    const alive = insertRun(db, { ...newRun(), ownerPid: 222 }, { train: ['a.png'], validation: [] });
    updateRun(db, gone.id, { checkpointStep: 40 });
    expect(pauseOrphanedRuns(db, (pid) => pid === 222, (r) => `interrupted at ${r.checkpointStep}`)).toBe(1);
    expect(getRun(db, gone.id)).toMatchObject({ status: 'paused', error: 'interrupted at 40', ownerPid: null });
    expect(getRun(db, alive.id)).toMatchObject({ status: 'running', error: null, ownerPid: 222 });
    db.close();
  });

  it('reads a run’s history from the key, oldest first without a sort (EXPLAIN QUERY PLAN)', () => {
    const db = openDatabase(':memory:');
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${LIST_LOSSES_SQL}`).all(1) as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(plan).toMatch(/USING PRIMARY KEY/);
    expect(plan).not.toMatch(/TEMP B-TREE/);
    db.close();
  });
});
