// Adds one package's files to the corpus: licence, reserved and duplicate checks, then crops into train/ or val/.
// Only adds files; a file already in the manifest (kept or dropped) is skipped, so a re-run resumes.
import { createHash } from 'node:crypto';
import { access, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { RgbImage } from '../../src-main/engines/inpaint/engine.js';
import { type UprightRaster, decodeUpright } from '../../src-main/images/rgb-pixels.js';
import { KintsugiError } from '../../src-shared/errors.js';
import type { Candidate } from './candidates.js';
import { MIN_CUTOUT_SIDE, encodeComposite, placements } from './composite.js';
import { type CropPlan, cropBoxes, encodeCrop } from './crops.js';
import { type Dep5, licenceOf } from './dep5.js';
import { GREY_CHROMA_BELOW, meanChroma } from './grey.js';
import { type CropRecord, type DropReason, type Manifest, saveManifest, writeAtomically } from './manifest.js';
import { type Split, splitOf } from './split.js';
import { type Thumbnail, findMatch, greyThumbnail, thumbnailFromHex, thumbnailToHex } from './thumbnail.js';

export interface PackageInput {
  name: string;
  version: string;
  copyright: Dep5;
  candidates: readonly Candidate[];
  /** The files are cut-outs on transparency, laid on crops of photos already in the corpus. */
  cutout?: boolean;
}

export interface BuildContext {
  outDir: string;
  manifest: Manifest;
  reserved: readonly Thumbnail[];
  log: (line: string) => void;
  /** Save the manifest (not READY) after this many new photos, so a stop loses little work. */
  saveEvery?: number;
}

/** One crop to write: what the manifest says about it beyond its provenance, and how to make it. */
interface CropJob {
  record: Pick<CropRecord, 'box' | 'stamp' | 'background'>;
  encode(): Promise<Buffer>;
}

interface Drop {
  drop: DropReason;
  detail: string;
}

interface Keep {
  jobs: CropJob[];
  thumb: Thumbnail;
  raster: UprightRaster;
}

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

function rgbOf(raster: UprightRaster): RgbImage & { alpha: Uint8Array | null } {
  if (raster.channels === 3) return { width: raster.width, height: raster.height, data: raster.data, alpha: null };
  const pixels = raster.width * raster.height;
  const data = new Uint8Array(pixels * 3);
  const alpha = new Uint8Array(pixels);
  for (let p = 0; p < pixels; p++) {
    data[p * 3] = raster.data[p * 4]!;
    data[p * 3 + 1] = raster.data[p * 4 + 1]!;
    data[p * 3 + 2] = raster.data[p * 4 + 2]!;
    alpha[p] = raster.data[p * 4 + 3]!;
  }
  return { width: raster.width, height: raster.height, data, alpha };
}

function photoJobs(image: RgbImage, plan: CropPlan): Drop | CropJob[] {
  const boxes = cropBoxes(image.width, image.height, plan);
  if (boxes.length === 0) return { drop: 'too-small', detail: `${image.width}x${image.height}, shorter side under ${plan.minSide}` };
  return boxes.map((box) => ({ record: { box }, encode: () => encodeCrop(image, box, plan.size) }));
}

function cutoutJobs(ctx: BuildContext, raster: UprightRaster, id: string, split: Split): Drop | CropJob[] {
  if (Math.max(raster.width, raster.height) < MIN_CUTOUT_SIDE) {
    return { drop: 'too-small', detail: `${raster.width}x${raster.height}, longer side under ${MIN_CUTOUT_SIDE}` };
  }
  // Backgrounds from the same split only, so no validation photo shows through a training composite.
  const backgrounds = ctx.manifest.crops.filter((c) => c.split === split && c.background === undefined);
  if (backgrounds.length === 0) {
    throw new KintsugiError('E_INVALID_ARGUMENT', `cut-outs need photos in the ${split} split first: add photo packages before`);
  }
  const size = ctx.manifest.cropPlan.size;
  return placements(raster.width, raster.height, size, id).map((stamp, k) => {
    const bg = backgrounds[Number.parseInt(id.slice(16 + k * 6, 22 + k * 6), 16) % backgrounds.length]!;
    const { file, photoId, package: pkg, path: bgPath, licence, copyright } = bg;
    return {
      record: { stamp, background: { file, photoId, package: pkg, path: bgPath, licence, copyright } },
      encode: async () => encodeComposite(raster, await readFile(path.join(ctx.outDir, file)), stamp, size),
    };
  });
}

export async function addPackage(ctx: BuildContext, pkg: PackageInput): Promise<void> {
  const { manifest, outDir } = ctx;
  const done = new Set([...manifest.photos, ...manifest.dropped].map((r) => `${r.package}\0${r.path}`));
  const kept = manifest.photos.map((p) => thumbnailFromHex(p.thumbnail));
  const keptIds = manifest.photos.map((p) => p.id);
  await mkdir(path.join(outDir, 'train'), { recursive: true });
  await mkdir(path.join(outDir, 'val'), { recursive: true });

  const judge = async (c: Candidate, bytes: Buffer, id: string, split: Split): Promise<Drop | Keep> => {
    let raster: UprightRaster;
    try {
      raster = await decodeUpright(bytes, c.path, pkg.cutout === true);
    } catch (err) {
      if (!(err instanceof KintsugiError)) throw err;
      return { drop: 'bad-image', detail: err.message };
    }
    const image = rgbOf(raster);
    const thumb = greyThumbnail(image);
    if (findMatch(thumb, ctx.reserved) >= 0) return { drop: 'reserved', detail: 'matches ../shared/reserved-for-evaluation.txt' };
    const same = findMatch(thumb, kept);
    if (same >= 0) return { drop: 'duplicate', detail: `same thumbnail as photo ${keptIds[same]}` };
    const chroma = meanChroma(image, image.alpha);
    if (chroma < GREY_CHROMA_BELOW) return { drop: 'grey', detail: `mean chroma ${chroma.toFixed(1)}` };
    const jobs = pkg.cutout === true ? cutoutJobs(ctx, raster, id, split) : photoJobs(image, ctx.manifest.cropPlan);
    return 'drop' in jobs ? jobs : { jobs, thumb, raster };
  };

  let sinceSave = 0;
  for (const c of pkg.candidates) {
    if (done.has(`${pkg.name}\0${c.path}`)) continue;
    const drop = (reason: DropReason, detail: string) => {
      manifest.dropped.push({ package: pkg.name, path: c.path, reason, detail });
      ctx.log(`  drop ${reason}: ${c.path} (${detail})`);
    };
    const licence = licenceOf(pkg.copyright, c.sourcePaths);
    if (licence === null) {
      drop('no-licence', `no Files stanza matches ${c.sourcePaths.join(' or ')}`);
      continue;
    }
    const bytes = await c.read();
    const id = createHash('sha256').update(bytes).digest('hex');
    const split = splitOf(id, manifest.valPercent);
    const verdict = await judge(c, bytes, id, split);
    if ('drop' in verdict) {
      drop(verdict.drop, verdict.detail);
      continue;
    }

    const provenance = {
      package: pkg.name,
      packageVersion: pkg.version,
      path: c.path,
      licence: licence.licence,
      copyright: licence.copyright,
      licenceRule: licence.rule,
    };
    for (const [k, job] of verdict.jobs.entries()) {
      const file = `${split}/${id.slice(0, 16)}-${k}.jpg`;
      const full = path.join(outDir, file);
      // Crops are a pure function of their sources, so one written by an interrupted run is already right.
      if (!(await exists(full))) await writeAtomically(full, await job.encode());
      manifest.crops.push({ file, split, photoId: id, ...job.record, ...provenance });
    }
    manifest.photos.push({
      id,
      sourcePaths: c.sourcePaths,
      width: verdict.raster.width,
      height: verdict.raster.height,
      split,
      thumbnail: thumbnailToHex(verdict.thumb),
      ...provenance,
    });
    kept.push(verdict.thumb);
    keptIds.push(id);
    if (++sinceSave >= (ctx.saveEvery ?? 25)) {
      await saveManifest(outDir, manifest, false);
      sinceSave = 0;
    }
  }
  await saveManifest(outDir, manifest, false);
}
