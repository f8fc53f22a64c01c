// Adds one package's photos to the corpus: licence, reserved and duplicate checks, then crops into train/ or val/.
// Only adds files; a photo already in the manifest (kept or dropped) is skipped, so a re-run resumes.
import { createHash } from 'node:crypto';
import { access, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { KintsugiError } from '../../src-shared/errors.js';
import { decodeRgb } from '../../src-main/images/rgb-pixels.js';
import type { Candidate } from './candidates.js';
import { type CropPlan, cropBoxes, encodeCrop } from './crops.js';
import { type Dep5, licenceOf } from './dep5.js';
import { GREY_CHROMA_BELOW, meanChroma } from './grey.js';
import { type DropReason, type Manifest, saveManifest, writeAtomically } from './manifest.js';
import { splitOf } from './split.js';
import { type Thumbnail, findMatch, greyThumbnail, thumbnailFromHex, thumbnailToHex } from './thumbnail.js';

export interface PackageInput {
  name: string;
  version: string;
  copyright: Dep5;
  candidates: readonly Candidate[];
}

export interface BuildContext {
  outDir: string;
  manifest: Manifest;
  plan: CropPlan;
  reserved: readonly Thumbnail[];
  log: (line: string) => void;
  /** Save the manifest (not READY) after this many new photos, so a stop loses little work. */
  saveEvery?: number;
}

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

export async function addPackage(ctx: BuildContext, pkg: PackageInput): Promise<void> {
  const { manifest, plan, outDir } = ctx;
  const done = new Set([...manifest.photos, ...manifest.dropped].map((r) => `${r.package}\0${r.path}`));
  const kept = manifest.photos.map((p) => thumbnailFromHex(p.thumbnail));
  const keptIds = manifest.photos.map((p) => p.id);
  await mkdir(path.join(outDir, 'train'), { recursive: true });
  await mkdir(path.join(outDir, 'val'), { recursive: true });

  const drop = (c: Candidate, reason: DropReason, detail: string) => {
    manifest.dropped.push({ package: pkg.name, path: c.path, reason, detail });
    ctx.log(`  drop ${reason}: ${c.path} (${detail})`);
  };

  let sinceSave = 0;
  for (const c of pkg.candidates) {
    if (done.has(`${pkg.name}\0${c.path}`)) continue;
    const licence = licenceOf(pkg.copyright, c.sourcePaths);
    if (licence === null) {
      drop(c, 'no-licence', `no Files stanza matches ${c.sourcePaths.join(' or ')}`);
      continue;
    }
    const bytes = await c.read();
    let image;
    try {
      image = await decodeRgb(bytes, c.path);
    } catch (err) {
      if (!(err instanceof KintsugiError)) throw err;
      drop(c, 'bad-image', err.message);
      continue;
    }
    const thumb = greyThumbnail(image);
    if (findMatch(thumb, ctx.reserved) >= 0) {
      drop(c, 'reserved', 'matches ../shared/reserved-for-evaluation.txt');
      continue;
    }
    const same = findMatch(thumb, kept);
    if (same >= 0) {
      drop(c, 'duplicate', `same thumbnail as photo ${keptIds[same]}`);
      continue;
    }
    const chroma = meanChroma(image);
    if (chroma < GREY_CHROMA_BELOW) {
      drop(c, 'grey', `mean chroma ${chroma.toFixed(1)}`);
      continue;
    }
    const boxes = cropBoxes(image.width, image.height, plan);
    if (boxes.length === 0) {
      drop(c, 'too-small', `${image.width}x${image.height}, shorter side under ${plan.minSide}`);
      continue;
    }

    const id = createHash('sha256').update(bytes).digest('hex');
    const split = splitOf(id, manifest.valPercent);
    const provenance = {
      package: pkg.name,
      packageVersion: pkg.version,
      path: c.path,
      licence: licence.licence,
      copyright: licence.copyright,
      licenceRule: licence.rule,
    };
    for (const [k, box] of boxes.entries()) {
      const file = `${split}/${id.slice(0, 16)}-${k}.jpg`;
      const full = path.join(outDir, file);
      // Crops are a pure function of the photo, so one written by an interrupted run is already right.
      if (!(await exists(full))) await writeAtomically(full, await encodeCrop(image, box, plan.size));
      manifest.crops.push({ file, split, photoId: id, box, ...provenance });
    }
    manifest.photos.push({
      id,
      sourcePaths: c.sourcePaths,
      width: image.width,
      height: image.height,
      split,
      thumbnail: thumbnailToHex(thumb),
      ...provenance,
    });
    kept.push(thumb);
    keptIds.push(id);
    if (++sinceSave >= (ctx.saveEvery ?? 25)) {
      await saveManifest(outDir, manifest, false);
      sinceSave = 0;
    }
  }
  await saveManifest(outDir, manifest, false);
}
