import type { Database } from 'better-sqlite3';

export interface Thumbnail {
  imageId: number;
  width: number;
  height: number;
  webp: Buffer;
}

interface ThumbnailRow {
  image_id: number;
  width: number;
  height: number;
  webp: Buffer;
}

function rowToThumbnail(row: ThumbnailRow): Thumbnail {
  return { imageId: row.image_id, width: row.width, height: row.height, webp: row.webp };
}

/** Insert or replace: a thumbnail is derived data, regenerated when missing. */
export function putThumbnail(db: Database, thumb: Thumbnail): void {
  db.prepare(
    `INSERT INTO thumbnails (image_id, width, height, webp) VALUES (@image_id, @width, @height, @webp)
     ON CONFLICT (image_id) DO UPDATE SET width = excluded.width, height = excluded.height, webp = excluded.webp`,
  ).run({ image_id: thumb.imageId, width: thumb.width, height: thumb.height, webp: thumb.webp });
}

export function getThumbnail(db: Database, imageId: number): Thumbnail | undefined {
  const row = db.prepare('SELECT image_id, width, height, webp FROM thumbnails WHERE image_id = ?').get(imageId) as
    | ThumbnailRow
    | undefined;
  return row && rowToThumbnail(row);
}
