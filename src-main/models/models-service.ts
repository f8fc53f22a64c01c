import { randomUUID } from 'node:crypto';
import { cp, mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Model, ModelKind } from '../../src-shared/contract/index.js';
import { KintsugiError } from '../../src-shared/errors.js';
import { MANIFEST_FILE } from '../../src-shared/models/manifest.js';
import type { Database } from '../library/db.js';
import { uniqueName } from './unique-name.js';
import * as repo from '../library/models-repo.js';
import { extractModelArchive, writeModelArchive } from './model-archive.js';
import { checkManifest, checkModelFolder } from './model-folder.js';

/** Model folders live here, relative to the data folder: `models/<id>/`. */
export const MODELS_FOLDER = 'models';
const INCOMING_PREFIX = '.incoming-';
/** A folder nobody refers to that is younger than this may be another process's model being added right now. */
const STALE_MS = 10 * 60 * 1000;

export interface ModelsServiceOptions {
  db: Database;
  dataDir: string;
  /** Selects a tfjs backend before a model is loaded to check it (the runtime's report). */
  ready: () => Promise<unknown>;
}

export interface RegisterOptions {
  source: 'trained' | 'imported' | 'shipped';
  runId: number | null;
  /** Display name; the manifest's name when omitted. */
  name?: string;
  /** Move the folder into the library instead of copying it (it is the caller's to give away). */
  move: boolean;
}

function toModel({ dir: _dir, ...model }: repo.ModelRecord): Model {
  return model;
}

/**
 * The library's models: list, rename, delete, default per kind, export and import as `.kintsugi-model` zips, and
 * registering a trained model. A model is added by preparing its folder under a hidden name in `models/`, checking
 * it there, and then — in one transaction with its row — renaming it to `models/<id>/`, so a model in the list always
 * has its files and a failed add leaves nothing.
 * A kind that has models always has a default: the first model of a kind becomes it, and removing the default hands
 * it to the newest one left.
 */
export class ModelsService {
  readonly #db: Database;
  readonly #dataDir: string;
  readonly #ready: () => Promise<unknown>;

  constructor(opts: ModelsServiceOptions) {
    this.#db = opts.db;
    this.#dataDir = opts.dataDir;
    this.#ready = opts.ready;
  }

  /** Newest first; optionally of one kind. */
  list(kind?: ModelKind): Model[] {
    return repo.listModels(this.#db, kind).map(toModel);
  }

  get(id: number): Model {
    return toModel(this.#record(id));
  }

  /** Absolute folder of the model's files (`model.json`, weights, `kintsugi.json`). */
  dir(id: number): string {
    return join(this.#dataDir, this.#record(id).dir);
  }

  /** The default model of a kind's task, or null when the library has no model of that kind. */
  defaultFor(kind: ModelKind): Model | null {
    const model = repo.getDefaultModel(this.#db, kind);
    return model ? toModel(model) : null;
  }

  rename(id: number, name: string): Model {
    refuseShipped(this.#record(id));
    if (!repo.renameModel(this.#db, id, name)) throw notFound(id);
    return this.get(id);
  }

  setDefault(id: number): Model {
    if (!repo.setDefaultModel(this.#db, id)) throw notFound(id);
    return this.get(id);
  }

  /** Delete the row, hand the default on, then the files (a leftover folder is swept later, never listed). */
  async remove(id: number): Promise<boolean> {
    // A missing id is no error here (false), unlike for rename.
    const model = repo.getModel(this.#db, id);
    if (model) refuseShipped(model);
    return this.#remove(id);
  }

  /**
   * Bring the models that ship with Kintsugi (`<folder>/<name>/`, each a model folder) into the library as
   * read-only models of source `shipped`: one not there yet is added (in a fresh library it becomes its kind's
   * default, as any first model does); one an older Kintsugi shipped under the same name is replaced, keeping its
   * default status. Runs at start; returns the models added.
   */
  async syncShipped(folder: string): Promise<Model[]> {
    const added: Model[] = [];
    const names = (await readdir(folder, { withFileTypes: true }).catch(() => [])).filter((e) => e.isDirectory()).map((e) => e.name).sort();
    for (const name of names) {
      const dir = join(folder, name);
      const manifest = checkManifest(await readFile(join(dir, MANIFEST_FILE), 'utf8'));
      const shipped = this.list(manifest.kind).filter((m) => m.source === 'shipped' && m.name === manifest.name);
      if (shipped.some((m) => m.provenance?.trainedAt === manifest.provenance?.trainedAt)) continue;
      const model = await this.register(dir, { source: 'shipped', runId: null, move: false });
      if (shipped.some((m) => m.isDefault)) repo.setDefaultModel(this.#db, model.id);
      for (const old of shipped) await this.#remove(old.id);
      added.push(this.get(model.id));
    }
    return added;
  }

  async #remove(id: number): Promise<boolean> {
    const removed = this.#db.transaction(() => {
      const model = repo.getModel(this.#db, id);
      if (!model || !repo.deleteModel(this.#db, id)) return null;
      const next = model.isDefault ? repo.listModels(this.#db, model.kind)[0] : undefined;
      if (next) repo.setDefaultModel(this.#db, next.id);
      return model;
    })();
    if (!removed) return false;
    await rm(join(this.#dataDir, removed.dir), { recursive: true, force: true });
    return true;
  }

  async export(id: number, path: string, overwrite: boolean): Promise<{ path: string; bytes: number }> {
    return writeModelArchive(this.dir(id), path, overwrite, this.get(id).name);
  }

  /** Add a `.kintsugi-model` zip; anything invalid or incompatible is refused with E_BAD_MODEL and leaves nothing. */
  async import(path: string): Promise<Model> {
    const staging = await this.#staging();
    try {
      await extractModelArchive(path, staging);
      return await this.#add(staging, { source: 'imported', runId: null });
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }

  /** Add a model folder (a training run's export) to the library, checked like an import. */
  async register(folder: string, opts: RegisterOptions): Promise<Model> {
    const staging = await this.#staging();
    try {
      if (opts.move) await moveFolder(folder, staging);
      else await cp(folder, staging, { recursive: true });
      return await this.#add(staging, opts);
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }

  /** Delete model folders no row refers to (a crash mid-add, a failed delete). Runs at start; returns how many went. */
  async sweepOrphans(now: number = Date.now()): Promise<number> {
    const folder = join(this.#dataDir, MODELS_FOLDER);
    const names = await readdir(folder).catch(() => [] as string[]);
    const live = repo.listModelDirs(this.#db);
    let removed = 0;
    for (const name of names) {
      if (live.has(`${MODELS_FOLDER}/${name}`)) continue;
      const info = await stat(join(folder, name)).catch(() => null);
      if (!info || now - info.mtimeMs < STALE_MS) continue;
      await rm(join(folder, name), { recursive: true, force: true });
      removed++;
    }
    return removed;
  }

  async #staging(): Promise<string> {
    const folder = join(this.#dataDir, MODELS_FOLDER, `${INCOMING_PREFIX}${randomUUID()}`);
    await mkdir(folder, { recursive: true });
    return folder;
  }

  /** Check the staged folder, then insert its row and rename it to `models/<id>/` in one transaction. */
  async #add(staging: string, opts: Omit<RegisterOptions, 'move'>): Promise<Model> {
    const { manifest, bytes, parameters } = await checkModelFolder(staging, this.#ready);
    const stagingRel = `${MODELS_FOLDER}/${staging.slice(staging.lastIndexOf(INCOMING_PREFIX))}`;
    const record = this.#db.transaction(() => {
      const model = repo.insertModel(
        this.#db,
        {
          // Inside the transaction, so two adds at once cannot both take the same free name.
          name: uniqueName(opts.name ?? manifest.name, repo.listModelNames(this.#db)),
          kind: manifest.kind,
          arch: manifest.arch,
          inputSize: manifest.inputSize,
          source: opts.source,
          bytes,
          parameters,
          metrics: manifest.metrics,
          provenance: manifest.provenance,
          runId: opts.runId,
        },
        stagingRel,
      );
      const dir = `${MODELS_FOLDER}/${model.id}`;
      // Synchronous inside the transaction: if the rename fails, the row is rolled back with it.
      rmSync(join(this.#dataDir, dir), { recursive: true, force: true });
      renameSync(staging, join(this.#dataDir, dir));
      repo.setModelDir(this.#db, model.id, dir);
      if (!repo.getDefaultModel(this.#db, model.kind)) repo.setDefaultModel(this.#db, model.id);
      return repo.getModel(this.#db, model.id) as repo.ModelRecord;
    })();
    return toModel(record);
  }

  #record(id: number): repo.ModelRecord {
    const model = repo.getModel(this.#db, id);
    if (!model) throw notFound(id);
    return model;
  }
}

function notFound(id: number): KintsugiError {
  return new KintsugiError('E_NOT_FOUND', `No model with id ${id}`);
}

/** Rename when both folders are on one disk; copy and delete across disks. */
async function moveFolder(from: string, to: string): Promise<void> {
  await rm(to, { recursive: true, force: true });
  try {
    await rename(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    await cp(from, to, { recursive: true });
    await rm(from, { recursive: true, force: true });
  }
}

/** A shipped model is part of Kintsugi: it cannot be renamed or deleted (another can be made the default). */
function refuseShipped(model: repo.ModelRecord): void {
  if (model.source === 'shipped') {
    throw new KintsugiError('E_FORBIDDEN', `"${model.name}" ships with Kintsugi and cannot be renamed or deleted; make another model the default instead`);
  }
}
