// Which split a photo belongs to, from its content hash alone: stable across runs and machines, and every crop of
// one photo lands on the same side, so validation never sees a crop of a training photo.
export type Split = 'train' | 'val';

export function splitOf(photoId: string, valPercent: number): Split {
  const bucket = Number.parseInt(photoId.slice(0, 8), 16) % 100;
  return bucket < valPercent ? 'val' : 'train';
}
