import type { Database } from 'better-sqlite3';
import type { Project } from '../../src-shared/contract/index.js';
import { KintsugiError } from '../../src-shared/errors.js';

interface ProjectRow {
  id: number;
  name: string;
  created_at: string;
  image_count: number;
}

function rowToProject(row: ProjectRow): Project {
  return { id: row.id, name: row.name, createdAt: row.created_at, imageCount: row.image_count };
}

const SELECT_PROJECT = `
  SELECT p.id, p.name, p.created_at, (SELECT count(*) FROM images i WHERE i.project_id = p.id) AS image_count
  FROM projects p`;

export function listProjects(db: Database): Project[] {
  return (db.prepare(`${SELECT_PROJECT} ORDER BY p.id`).all() as ProjectRow[]).map(rowToProject);
}

export function getProject(db: Database, id: number): Project | undefined {
  const row = db.prepare(`${SELECT_PROJECT} WHERE p.id = ?`).get(id) as ProjectRow | undefined;
  return row && rowToProject(row);
}

/** Names are unique regardless of case, so two "Library" projects cannot confuse the user. */
export function createProject(db: Database, name: string): Project {
  return db.transaction(() => {
    const clash = db.prepare('SELECT id FROM projects WHERE name = ?').get(name);
    if (clash) throw new KintsugiError('E_DUPLICATE', `A project named "${name}" already exists`);
    const info = db.prepare('INSERT INTO projects (name, created_at) VALUES (?, ?)').run(name, new Date().toISOString());
    return getProject(db, Number(info.lastInsertRowid)) as Project;
  })();
}

/** The project imports go to when none is named: the first one (migration 001 creates "Library"). */
export function defaultProjectId(db: Database): number {
  const row = db.prepare('SELECT id FROM projects ORDER BY id LIMIT 1').get() as { id: number } | undefined;
  return row?.id ?? createProject(db, 'Library').id;
}
