import type { Database } from 'better-sqlite3';

export interface StoredMask {
  imageId: number;
  /** 8-bit grey PNG at the image's displayed size, 255 = hole. */
  png: Buffer;
  width: number;
  height: number;
  coverage: number;
  updatedAt: string;
}

interface MaskRow {
  image_id: number;
  png: Buffer;
  width: number;
  height: number;
  coverage: number;
  updated_at: string;
}

function rowToMask(row: MaskRow): StoredMask {
  return {
    imageId: row.image_id,
    png: row.png,
    width: row.width,
    height: row.height,
    coverage: row.coverage,
    updatedAt: row.updated_at,
  };
}

function maskToRow(mask: StoredMask): MaskRow {
  return {
    image_id: mask.imageId,
    png: mask.png,
    width: mask.width,
    height: mask.height,
    coverage: mask.coverage,
    updated_at: mask.updatedAt,
  };
}

/** Insert or replace: an image has at most one mask, the latest one saved. */
export function putMask(db: Database, mask: StoredMask): void {
  db.prepare(
    `INSERT INTO masks (image_id, png, width, height, coverage, updated_at)
     VALUES (@image_id, @png, @width, @height, @coverage, @updated_at)
     ON CONFLICT (image_id) DO UPDATE SET png = excluded.png, width = excluded.width, height = excluded.height,
       coverage = excluded.coverage, updated_at = excluded.updated_at`,
  ).run(maskToRow(mask));
}

export function getMask(db: Database, imageId: number): StoredMask | undefined {
  const row = db.prepare('SELECT * FROM masks WHERE image_id = ?').get(imageId) as MaskRow | undefined;
  return row && rowToMask(row);
}

export function deleteMask(db: Database, imageId: number): boolean {
  return db.prepare('DELETE FROM masks WHERE image_id = ?').run(imageId).changes > 0;
}
