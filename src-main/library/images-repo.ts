import type { Database } from 'better-sqlite3';
import type { ImageRecord, ImageSummary } from '../../src-shared/contract/index.js';
import { containsPattern, searchKey } from './search-key.js';

interface ImageRow {
  id: number;
  project_id: number;
  path: string;
  name: string;
  sha256: string;
  bytes: number;
  width: number;
  height: number;
  format: string;
  bit_depth: number;
  channels: number;
  orientation: number;
  has_icc: number;
  added_at: string;
}

type SummaryRow = Pick<ImageRow, 'id' | 'project_id' | 'name' | 'width' | 'height' | 'format' | 'added_at'>;

export type NewImage = Omit<ImageRecord, 'id' | 'addedAt'>;

export interface ImageListQuery {
  projectId?: number | undefined;
  query?: string | undefined;
  offset: number;
  limit: number;
}

const SUMMARY_COLUMNS = 'id, project_id, name, width, height, format, added_at';

function rowToSummary(row: SummaryRow): ImageSummary {
  return {
    id: row.id,
    projectId: row.project_id,
    name: row.name,
    width: row.width,
    height: row.height,
    format: row.format,
    addedAt: row.added_at,
  };
}

function rowToImage(row: ImageRow): ImageRecord {
  return {
    ...rowToSummary(row),
    path: row.path,
    sha256: row.sha256,
    bytes: row.bytes,
    bitDepth: row.bit_depth,
    channels: row.channels,
    orientation: row.orientation,
    hasIcc: row.has_icc === 1,
  };
}

function imageToRow(image: NewImage, addedAt: string): Omit<ImageRow, 'id'> & { search_name: string } {
  return {
    project_id: image.projectId,
    path: image.path,
    name: image.name,
    search_name: searchKey(image.name),
    sha256: image.sha256,
    bytes: image.bytes,
    width: image.width,
    height: image.height,
    format: image.format,
    bit_depth: image.bitDepth,
    channels: image.channels,
    orientation: image.orientation,
    has_icc: image.hasIcc ? 1 : 0,
    added_at: addedAt,
  };
}

export function insertImage(db: Database, image: NewImage): ImageRecord {
  const row = imageToRow(image, new Date().toISOString());
  const info = db
    .prepare(
      `INSERT INTO images (project_id, path, name, search_name, sha256, bytes, width, height, format, bit_depth, channels,
         orientation, has_icc, added_at)
       VALUES (@project_id, @path, @name, @search_name, @sha256, @bytes, @width, @height, @format, @bit_depth, @channels,
         @orientation, @has_icc, @added_at)`,
    )
    .run(row);
  return getImage(db, Number(info.lastInsertRowid)) as ImageRecord;
}

export function getImage(db: Database, id: number): ImageRecord | undefined {
  const row = db.prepare('SELECT * FROM images WHERE id = ?').get(id) as ImageRow | undefined;
  return row && rowToImage(row);
}

export function setImagePath(db: Database, id: number, path: string): void {
  db.prepare('UPDATE images SET path = ? WHERE id = ?').run(path, id);
}

export function findImageIdBySha(db: Database, projectId: number, sha256: string): number | undefined {
  const row = db.prepare('SELECT id FROM images WHERE project_id = ? AND sha256 = ?').get(projectId, sha256) as
    | { id: number }
    | undefined;
  return row?.id;
}

export function countImagesWithSha(db: Database, sha256: string): number {
  return (db.prepare('SELECT count(*) AS n FROM images WHERE sha256 = ?').get(sha256) as { n: number }).n;
}

/** The WHERE clause of a list query and its parameters; shared by the page and its count so they always agree. */
function listFilter(q: Pick<ImageListQuery, 'projectId' | 'query'>): { where: string; params: (string | number)[] } {
  const clauses: string[] = [];
  const params: (string | number)[] = [];
  if (q.projectId !== undefined) {
    clauses.push('project_id = ?');
    params.push(q.projectId);
  }
  const text = q.query?.trim();
  if (text) {
    clauses.push("search_name LIKE ? ESCAPE '\\'");
    params.push(containsPattern(text));
  }
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

/** Newest first (ids grow with import order); the SQL text is exported for the EXPLAIN QUERY PLAN test. */
export function listImagesSql(q: Pick<ImageListQuery, 'projectId' | 'query'>): { page: string; count: string; params: (string | number)[] } {
  const { where, params } = listFilter(q);
  return {
    page: `SELECT ${SUMMARY_COLUMNS} FROM images ${where} ORDER BY id DESC LIMIT ? OFFSET ?`,
    count: `SELECT count(*) AS n FROM images ${where}`,
    params,
  };
}

export function listImages(db: Database, q: ImageListQuery): { total: number; items: ImageSummary[] } {
  const sql = listImagesSql(q);
  // One read transaction, so the count and the page see the same snapshot while an import writes.
  return db.transaction(() => {
    const total = (db.prepare(sql.count).get(...sql.params) as { n: number }).n;
    const rows = db.prepare(sql.page).all(...sql.params, q.limit, q.offset) as SummaryRow[];
    return { total, items: rows.map(rowToSummary) };
  })();
}

export function deleteImage(db: Database, id: number): boolean {
  return db.prepare('DELETE FROM images WHERE id = ?').run(id).changes > 0;
}
