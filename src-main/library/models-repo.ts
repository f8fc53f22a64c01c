import type { Database } from 'better-sqlite3';
import type { Model, ModelKind, ModelMetrics, ModelSource, Provenance } from '../../src-shared/contract/index.js';

/** A model as stored: the contract's Model plus where its folder lives (relative to the data folder). */
export interface ModelRecord extends Model {
  dir: string;
}

export type NewModel = Omit<ModelRecord, 'id' | 'dir' | 'isDefault' | 'createdAt'>;

interface ModelRow {
  id: number;
  kind: string;
  name: string;
  arch: string;
  input_size: number;
  source: string;
  dir: string;
  bytes: number;
  parameters: number;
  metrics: string;
  provenance: string | null;
  run_id: number | null;
  is_default: number;
  created_at: string;
}

function rowToModel(row: ModelRow): ModelRecord {
  return {
    id: row.id,
    // The table's CHECKs admit only the contract's kinds and sources.
    kind: row.kind as ModelKind,
    name: row.name,
    arch: row.arch,
    inputSize: row.input_size,
    source: row.source as ModelSource,
    dir: row.dir,
    bytes: row.bytes,
    parameters: row.parameters,
    metrics: JSON.parse(row.metrics) as ModelMetrics,
    provenance: row.provenance === null ? null : (JSON.parse(row.provenance) as Provenance),
    runId: row.run_id,
    isDefault: row.is_default === 1,
    createdAt: row.created_at,
  };
}

/** Insert a model whose files are in `dir` (relative to the data folder); returns it with its new id. */
export function insertModel(db: Database, model: NewModel, dir: string): ModelRecord {
  const info = db
    .prepare(
      `INSERT INTO models (kind, name, arch, input_size, source, dir, bytes, parameters, metrics, provenance, run_id, created_at)
       VALUES (@kind, @name, @arch, @input_size, @source, @dir, @bytes, @parameters, @metrics, @provenance, @run_id, @created_at)`,
    )
    .run({
      kind: model.kind,
      name: model.name,
      arch: model.arch,
      input_size: model.inputSize,
      source: model.source,
      dir,
      bytes: model.bytes,
      parameters: model.parameters,
      metrics: JSON.stringify(model.metrics),
      provenance: model.provenance === null ? null : JSON.stringify(model.provenance),
      run_id: model.runId,
      created_at: new Date().toISOString(),
    });
  return getModel(db, Number(info.lastInsertRowid)) as ModelRecord;
}

export function setModelDir(db: Database, id: number, dir: string): void {
  db.prepare('UPDATE models SET dir = ? WHERE id = ?').run(dir, id);
}

export function getModel(db: Database, id: number): ModelRecord | undefined {
  const row = db.prepare('SELECT * FROM models WHERE id = ?').get(id) as ModelRow | undefined;
  return row && rowToModel(row);
}

/** Newest first; optionally of one kind. */
export function listModels(db: Database, kind?: ModelKind): ModelRecord[] {
  const rows = (
    kind === undefined
      ? db.prepare('SELECT * FROM models ORDER BY id DESC').all()
      : db.prepare('SELECT * FROM models WHERE kind = ? ORDER BY id DESC').all(kind)
  ) as ModelRow[];
  return rows.map(rowToModel);
}

export function getDefaultModel(db: Database, kind: ModelKind): ModelRecord | undefined {
  const row = db.prepare('SELECT * FROM models WHERE kind = ? AND is_default = 1').get(kind) as ModelRow | undefined;
  return row && rowToModel(row);
}

export function listModelNames(db: Database): string[] {
  return db.prepare('SELECT name FROM models').pluck().all() as string[];
}

export function renameModel(db: Database, id: number, name: string): boolean {
  return db.prepare('UPDATE models SET name = ? WHERE id = ?').run(name, id).changes > 0;
}

/** Make `id` the default of its kind; the previous default stops being one (one transaction, so never two). */
export function setDefaultModel(db: Database, id: number): boolean {
  return db.transaction(() => {
    const model = getModel(db, id);
    if (!model) return false;
    db.prepare('UPDATE models SET is_default = 0 WHERE kind = ? AND is_default = 1').run(model.kind);
    db.prepare('UPDATE models SET is_default = 1 WHERE id = ?').run(id);
    return true;
  })();
}

export function deleteModel(db: Database, id: number): boolean {
  return db.prepare('DELETE FROM models WHERE id = ?').run(id).changes > 0;
}

/** Every model folder (relative to the data folder), to tell leftovers of a crash from live ones. */
export function listModelDirs(db: Database): Set<string> {
  return new Set((db.prepare('SELECT dir FROM models').all() as { dir: string }[]).map((r) => r.dir));
}
