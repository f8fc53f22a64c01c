// Builds the training corpus from Debian packages:
//   node --import tsx scripts/corpus/cli.ts [--out DIR] [--work DIR] [--reserved FILE] [--packages a,b] [--val PCT]
// Defaults: out ~/.cache/kintsugi/corpus, work ~/.cache/kintsugi/corpus-work (debs and unpacked trees),
// reserved ../shared/reserved-for-evaluation.txt beside the repository, every package of packages.ts, 5 % val.
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { addPackage } from './build.js';
import { listCandidates } from './candidates.js';
import { DEFAULT_CROP_PLAN } from './crops.js';
import { fetchPackage } from './debian.js';
import { parseDep5 } from './dep5.js';
import { checkCompatible, emptyManifest, loadManifest, saveManifest } from './manifest.js';
import { PACKAGES, packagePlan } from './packages.js';
import { parseThumbnailList } from './thumbnail.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const cache = path.join(os.homedir(), '.cache/kintsugi');
const { values } = parseArgs({
  options: {
    out: { type: 'string', default: path.join(cache, 'corpus') },
    work: { type: 'string', default: path.join(cache, 'corpus-work') },
    reserved: { type: 'string', default: path.resolve(repoRoot, '../shared/reserved-for-evaluation.txt') },
    packages: { type: 'string', default: PACKAGES.map((p) => p.name).join(',') },
    val: { type: 'string', default: '5' },
  },
});

const reserved = parseThumbnailList(await readFile(values.reserved, 'utf8'));
console.log(`${reserved.length} reserved thumbnails from ${values.reserved}`);
const valPercent = Number(values.val);
const manifest = (await loadManifest(values.out)) ?? emptyManifest(DEFAULT_CROP_PLAN, valPercent);
checkCompatible(manifest, DEFAULT_CROP_PLAN, valPercent, values.out);

for (const name of values.packages.split(',').filter(Boolean)) {
  const plan = packagePlan(name);
  const pkg = await fetchPackage(name, values.work);
  const candidates = await listCandidates(pkg.root, plan);
  console.log(`${name} ${pkg.version}: ${candidates.length} allowed files`);
  await addPackage(
    { outDir: values.out, manifest, reserved, log: (line) => console.log(line) },
    { name, version: pkg.version, copyright: parseDep5(pkg.copyrightText), candidates, cutout: plan.cutout === true },
  );
}
const summary = await saveManifest(values.out, manifest, true);
console.log(JSON.stringify(summary, null, 2));
console.log(
  `${summary.photos} photos, ${summary.crops.train} train + ${summary.crops.val} val crops in ${values.out}; ` +
    `dropped ${summary.dropped.reserved} reserved for evaluation, ${summary.dropped.duplicate} duplicates`,
);
