/**
 * Ship the long colorize run's current weights as the app's default colorizer (issue 13): its newest checkpoint's
 * averaged weights, scored on the corpus's val split (ab error in Lab, colourfulness, luminance kept) against a
 * grey output, written to models/shipped/colorizer/ (< 25 MB) with its manifest and shipped.json.
 *
 *   node --import tsx scripts/ship-model.ts [--data-dir ~/.cache/kintsugi/shipped-training] [--run ID]
 *        [--corpus DIR (default: the data dir's corpus snapshot)] [--out models/shipped/colorizer] [--name Automatic]
 *        [--grid before-after.png [--grid-rows 8]]   (grey | Automatic | truth rows of validation photos)
 *
 * It only reads the run: the training may go on meanwhile (a checkpoint is renamed into place whole).
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { shippedModelsDir } from '../src-main/app/paths.js';
import { APP_VERSION } from '../src-main/app/create-app.js';
import { hasImageExtension } from '../src-shared/formats.js';
import { decodeRgb } from '../src-main/images/rgb-pixels.js';
import { openDatabase } from '../src-main/library/db.js';
import { listRuns } from '../src-main/library/training-runs-repo.js';
import { shipColorizer, type CorpusSummary } from '../src-main/models/ship-colorizer.js';
import { requireBackend } from '../src-main/runtime/backend-ladder.js';
import { RUNS_FOLDER } from '../src-main/training/training-service.js';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string', default: join(homedir(), '.cache', 'kintsugi', 'shipped-training') },
    run: { type: 'string' },
    corpus: { type: 'string' },
    out: { type: 'string', default: join(shippedModelsDir(), 'shipped', 'colorizer') },
    name: { type: 'string', default: 'Automatic' },
    grid: { type: 'string' },
    'grid-rows': { type: 'string', default: '8' },
  },
});
const dataDir = resolve(values['data-dir']);
// The run trains on a snapshot of the corpus in its data folder (README, "The long colorize run"), if it has one.
const snapshot = join(dataDir, 'corpus');
const corpus = resolve(values.corpus ?? (existsSync(snapshot) ? snapshot : join(homedir(), '.cache', 'kintsugi', 'corpus')));

const db = openDatabase(join(dataDir, 'library.sqlite'));
const runs = listRuns(db).filter((r) => r.kind === 'colorize');
db.close();
const run = values.run === undefined ? runs.sort((a, b) => b.id - a.id)[0] : runs.find((r) => r.id === Number(values.run));
if (run === undefined) throw new Error(`No colorize run ${values.run ?? ''} in ${dataDir}`);

await requireBackend('auto');
const valFolder = join(corpus, 'val');
const valFiles = (await readdir(valFolder)).filter(hasImageExtension).sort();
const validation = await Promise.all(valFiles.map((name) => decodeRgb(join(valFolder, name), name)));
const summary = JSON.parse(await readFile(join(corpus, 'summary.json'), 'utf8')) as CorpusSummary;

const report = await shipColorizer({
  runDir: join(dataDir, RUNS_FOLDER, String(run.id)),
  run: { config: run.config, trainCount: run.dataset.train, validationCount: run.dataset.validation, backend: run.backend ?? 'wasm' },
  validation,
  corpus: { photos: summary.photos, crops: summary.crops, photosPerPackage: summary.photosPerPackage, photosPerLicence: summary.photosPerLicence },
  outDir: resolve(values.out),
  name: values.name,
  appVersion: APP_VERSION,
  ...(values.grid === undefined ? {} : { grid: { file: resolve(values.grid), rows: Number(values['grid-rows']) } }),
});
const { model, grey } = report.scores;
console.log(
  `Shipped run ${run.id} at step ${report.steps} (${report.averaged ? 'averaged' : 'live'} weights, ${(report.bytes / 2 ** 20).toFixed(1)} MB) to ${values.out}\n` +
    `on ${report.validationImages} val photos: ab error ${model.abError.toFixed(2)} (grey ${grey.abError.toFixed(2)}), ` +
    `colourfulness ${model.colourfulness.toFixed(2)}, luminance error ${model.lightnessError.toFixed(2)} L*`,
);
