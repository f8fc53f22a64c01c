import { randomBytes } from 'node:crypto';
import { mkdtemp, open, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import sharp, { type Channels, type Sharp } from 'sharp';
import type { ExportFormat } from '../../src-shared/contract/index.js';
import { KintsugiError } from '../../src-shared/errors.js';
import { readError } from './rgb-pixels.js';
import { DECODE_OPTIONS } from './thumbnail.js';
import { writeFileAtomic } from './write-atomic.js';

export interface ExportRequest {
  /** The original file: the source of EXIF and the ICC profile, and of the pixels when there is no `version`. */
  original: string;
  /** Upright pixels to write instead of the original's (a result PNG, as a path or bytes), at its displayed size. */
  version?: string | Buffer | undefined;
  dest: string;
  format: ExportFormat;
  /** 1–100 for JPEG and WebP; PNG and TIFF are written losslessly. */
  quality: number;
  overwrite: boolean;
}

export interface ExportedFile {
  path: string;
  bytes: number;
  /** What the file lost against the original, said rather than silent (8 bits of 16, the first frame of several). */
  notes: string[];
}

export interface EncodedExport {
  data: Buffer;
  notes: string[];
}

interface RawPixels {
  data: Buffer;
  width: number;
  height: number;
  channels: Channels;
}

/** Lossless TIFF: an export is often the archive copy of a restoration. */
function encode(pipeline: Sharp, format: ExportFormat, quality: number): Sharp {
  switch (format) {
    case 'png':
      return pipeline.png();
    case 'jpeg':
      // JPEG has no alpha: transparent areas become white rather than libvips' black.
      return pipeline.flatten({ background: '#ffffff' }).jpeg({ quality });
    case 'webp':
      return pipeline.webp({ quality });
    case 'tiff':
      return pipeline.tiff({ compression: 'lzw' });
  }
}

/**
 * A version's pixels (sRGB: that is how they were decoded for the engine) as raw values in the original's colour
 * profile. With keepIccProfile sharp keeps the original's pixels in its own profile and only tags the output, so the
 * version must be converted into that profile first or a Display P3 photo would come out with shifted colours.
 * sharp takes an output profile only as a file, hence the temp copy.
 */
async function versionPixels(version: string | Buffer, icc: Buffer | undefined, alpha: Buffer | undefined): Promise<RawPixels> {
  const folder = icc ? await mkdtemp(join(tmpdir(), 'kintsugi-icc-')) : undefined;
  try {
    let pipeline = sharp(version, DECODE_OPTIONS).removeAlpha();
    if (icc && folder) {
      const profile = join(folder, 'original.icc');
      await writeFile(profile, icc);
      pipeline = pipeline.withIccProfile(profile);
    }
    const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
    const rgb = { width: info.width, height: info.height, channels: info.channels };
    if (!alpha) return { data, ...rgb };
    // A second step: sharp applies removeAlpha late, so it would drop a channel joined in the same pipeline.
    const joined = await sharp(data, { raw: rgb }).joinChannel(alpha, { raw: { ...rgb, channels: 1 } }).raw().toBuffer();
    return { data: joined, ...rgb, channels: 4 };
  } finally {
    if (folder) await rm(folder, { recursive: true, force: true });
  }
}

async function kindOf(path: string): Promise<'missing' | 'file' | 'folder'> {
  try {
    return (await stat(path)).isDirectory() ? 'folder' : 'file';
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing';
    throw err;
  }
}

/** Checked before the (possibly long) encode, so a wrong destination fails at once. */
export async function checkDestination(dest: string, overwrite: boolean): Promise<void> {
  const folder = dirname(dest);
  const folderKind = await kindOf(folder);
  if (folderKind === 'missing') throw new KintsugiError('E_NOT_FOUND', `Cannot export to ${dest}: the folder ${folder} does not exist`);
  if (folderKind === 'file') throw new KintsugiError('E_IO', `Cannot export to ${dest}: ${folder} is a file, not a folder`);
  const destKind = await kindOf(dest);
  if (destKind === 'folder') throw new KintsugiError('E_INVALID_ARGUMENT', `Cannot export to ${dest}: it is a folder`);
  if (destKind === 'file' && !overwrite) {
    throw new KintsugiError('E_INVALID_ARGUMENT', `${basename(dest)} already exists in ${folder}: choose another name or allow overwriting`, {
      exists: true,
    });
  }
  await assertCanCreateIn(folder, dest);
}

/**
 * Create and remove a file in `folder`, so that a folder that cannot take the export is found before the work that
 * would fill it: permission bits say nothing to root, and a read-only disk or an immutable folder shows only on a
 * real write.
 */
async function assertCanCreateIn(folder: string, dest: string): Promise<void> {
  const probe = join(folder, `.kintsugi-write-check-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await (await open(probe, 'wx')).close();
  } catch (err) {
    throw writeError(err, dest);
  }
  await rm(probe, { force: true });
}

/** What a failed write means to the user; exported so every errno is tested, including ones root never sees. */
export function writeError(err: unknown, dest: string): KintsugiError {
  const code = (err as NodeJS.ErrnoException).code;
  const folder = dirname(dest);
  if (code === 'EACCES' || code === 'EPERM') {
    return new KintsugiError('E_FORBIDDEN', `Cannot export to ${dest}: no permission to write in ${folder}`);
  }
  if (code === 'ENOTDIR') return new KintsugiError('E_IO', `Cannot export to ${dest}: ${folder} is not a folder`);
  if (code === 'ENOSPC') return new KintsugiError('E_IO', `Cannot export to ${dest}: the disk is full`);
  if (code === 'EROFS') return new KintsugiError('E_IO', `Cannot export to ${dest}: the disk is read-only`);
  const reason = err instanceof Error ? err.message : String(err);
  return new KintsugiError('E_IO', `Cannot export to ${dest}: ${reason}`);
}

/**
 * The bytes of an export of the original or a version of it as PNG, JPEG, WebP or TIFF. The pixels are upright, so
 * the EXIF orientation becomes 1; the rest of the original's EXIF (camera, date; not for TIFF, which sharp cannot tag)
 * and its ICC profile are kept: a version is laid over the original's own pipeline, which carries both.
 */
export async function encodeExport(req: Omit<ExportRequest, 'dest' | 'overwrite'>): Promise<EncodedExport> {
  try {
    let pipeline = sharp(req.original, DECODE_OPTIONS).rotate();
    const original = await pipeline.metadata();
    const deep = original.depth === 'ushort';
    // Untouched pixels keep their 16 bits where the format holds them; a version was computed in 8 bits.
    const keepsDepth = deep && req.version === undefined && (req.format === 'png' || req.format === 'tiff');
    if (keepsDepth) pipeline = pipeline.toColourspace((original.channels ?? 3) <= 2 ? 'grey16' : 'rgb16');
    if (req.version !== undefined) {
      const version = await sharp(req.version).metadata();
      const { width, height } = original.autoOrient;
      if (version.width !== width || version.height !== height) {
        throw new KintsugiError('E_INTERNAL', `The version is ${version.width}×${version.height} but the original is shown at ${width}×${height}`);
      }
      // A transparent original keeps its alpha: it is joined to the version's colours, which then replace all.
      const alpha = original.hasAlpha ? await pipeline.clone().extractChannel('alpha').raw().toBuffer() : undefined;
      const overlay = await versionPixels(req.version, original.icc, alpha);
      pipeline = pipeline.composite([{ input: overlay.data, raw: overlay, blend: 'source' }]);
      // Compositing always adds an alpha channel, which an opaque original must not gain.
      if (!original.hasAlpha) pipeline = pipeline.removeAlpha();
    }
    const notes: string[] = [];
    if (deep && !keepsDepth) {
      const why = req.version !== undefined ? 'repairs and colorizations are computed in 8 bits' : `${req.format.toUpperCase()} holds 8 bits`;
      notes.push(`8-bit output: the original has 16 bits per channel (${why})`);
    }
    if ((original.pages ?? 1) > 1) notes.push(`first frame only: the original holds ${original.pages} frames (an animation or a multi-page file)`);
    return { data: await encode(pipeline.keepExif().keepIccProfile(), req.format, req.quality).toBuffer(), notes };
  } catch (err) {
    throw readError(err, req.original, basename(req.original));
  }
}

/**
 * Write the original or a version of it (see encodeExport) to `dest`. The file is written to a temp name beside the
 * destination and renamed, so a failure leaves no partial file.
 */
export async function exportImage(req: ExportRequest): Promise<ExportedFile> {
  const dest = resolve(req.dest);
  await checkDestination(dest, req.overwrite);
  const { data, notes } = await encodeExport(req);
  try {
    await writeFileAtomic(dest, data);
  } catch (err) {
    throw writeError(err, dest);
  }
  return { path: dest, bytes: data.length, notes };
}
