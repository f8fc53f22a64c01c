/**
 * How right the Train view's time estimate is (issue 16: within 25 %). For each kind at its default size and batch,
 * `training.estimate`'s measurement (SpeedEstimator) against a real run of `kintsugi train` on the sample photos with
 * the default validation, preview and checkpoint intervals: its time per step from the first to the last step line
 * it prints, and its whole wall time (start-up included) against steps × the estimate. Writes
 * bench-results/estimate.json and returns the object.
 *   node --import tsx scripts/bench/estimate.ts
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TrainingConfigSchema } from '../../src-shared/contract/training.js';
import type { ModelKind } from '../../src-shared/contract/models.js';
import { SpeedEstimator } from '../../src-main/training/speed-estimate.js';
import { machine, writeResult } from './machine.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const SAMPLES = path.join(ROOT, 'resources', 'samples');
/** Long enough to cross two validations and previews (every 100 steps by default) and a checkpoint (200). */
const STEPS = 220;
const KINDS: ModelKind[] = ['colorize', 'inpaint'];

const round = (x: number, digits = 3) => Number(x.toFixed(digits));

/** Runs the CLI and notes when each progress line arrived. */
function timedRun(kind: ModelKind): Promise<{ wallSeconds: number; stepSeconds: number; steps: number }> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'kintsugi-bench-estimate-'));
  const args = [path.join(ROOT, 'bin', 'kintsugi.mjs'), 'train', '--kind', kind, '--data', SAMPLES, '--steps', String(STEPS), '--data-dir', dataDir];
  const started = performance.now();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const steps: { step: number; at: number }[] = [];
  let pending = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const m = /^step (\d+)\//.exec(line);
      if (m) steps.push({ step: Number(m[1]), at: performance.now() });
    }
  });
  child.stderr.resume();
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      const first = steps[0];
      const last = steps.at(-1);
      if (code !== 0 || !first || !last || last.step === first.step) {
        reject(new Error(`kintsugi train --kind ${kind} exited with ${code} after ${steps.length} step lines`));
        return;
      }
      resolve({ wallSeconds: (performance.now() - started) / 1000, stepSeconds: (last.at - first.at) / 1000 / (last.step - first.step), steps: last.step });
    });
  });
}

export async function benchEstimate(): Promise<Record<string, unknown>> {
  const speed = new SpeedEstimator({ busy: () => false });
  const kinds: Record<string, unknown> = {};
  for (const kind of KINDS) {
    const defaults = TrainingConfigSchema.parse({ kind, dataFolder: SAMPLES });
    const estimate = await speed.estimate({ kind, size: defaults.size, batchSize: defaults.batchSize, backend: 'auto' });
    const run = await timedRun(kind);
    kinds[kind] = {
      size: defaults.size,
      batchSize: defaults.batchSize,
      backend: estimate.backend,
      estimatedSecondsPerStep: round(estimate.secondsPerStep),
      runSecondsPerStep: round(run.stepSeconds),
      stepTimeError: round(estimate.secondsPerStep / run.stepSeconds - 1),
      estimatedRunSeconds: round(estimate.secondsPerStep * run.steps, 1),
      runWallSeconds: round(run.wallSeconds, 1),
      wholeRunError: round((estimate.secondsPerStep * run.steps) / run.wallSeconds - 1),
    };
  }
  const result = {
    ...machine('estimate'),
    notes:
      `training.estimate (a few timed steps on synthetic crops) against a ${STEPS}-step kintsugi train run on resources/samples with default intervals. ` +
      'stepTimeError: estimate / run time per step − 1, between the first and the last step line (validation, previews and checkpoints included); ' +
      'wholeRunError: the same for the whole run, start-up, data loading and export included (the target is |error| ≤ 0.25). A loaded machine moves both.',
    kinds,
  };
  await writeResult('estimate', result);
  return result;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.stdout.write(`${JSON.stringify(await benchEstimate(), null, 2)}\n`);
