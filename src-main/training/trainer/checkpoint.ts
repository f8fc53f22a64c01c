import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { ModelKindSchema } from '../../../src-shared/contract/models.js';
import { ValidationPointSchema } from '../../../src-shared/contract/training.js';
import { KintsugiError } from '../../../src-shared/errors.js';
import { loadLayersModel, saveLayersModel } from '../../runtime/layers-model-files.js';
import type { TrainingTask } from './task.js';

/**
 * A run's checkpoint: `<runDir>/checkpoint/` holds every network (one layers-model folder each), every optimizer's
 * state (`optimizer-<name>.bin`: Adam's iteration count and moments), the task's other variables (`variables.bin`)
 * and `state.json` (step, RNG state, the last validation, the weight specs of the binary files).
 *
 * Written to a temp folder, then swapped in by renames; the previous checkpoint is removed only after the new one
 * has its final name. A process killed at any instant leaves `checkpoint/` or, between the two renames,
 * `checkpoint.old/`, and both are complete.
 */
export const CHECKPOINT_DIR = 'checkpoint';
const PREVIOUS_DIR = 'checkpoint.old';
const TEMP_PREFIX = '.checkpoint-';
const STATE_FILE = 'state.json';
const VARIABLES_FILE = 'variables.bin';
const FORMAT_VERSION = 1;

const WeightSpecSchema = z.object({ name: z.string(), shape: z.array(z.number().int()), dtype: z.string() }).loose();

const CheckpointStateSchema = z.object({
  formatVersion: z.literal(FORMAT_VERSION),
  kind: ModelKindSchema,
  arch: z.string(),
  size: z.number().int().positive(),
  step: z.number().int().nonnegative(),
  /** `SeededRandom.state` after the step: the resumed run draws what an uninterrupted one would. */
  randomState: z.number().int().nonnegative(),
  lastValidation: ValidationPointSchema.nullable(),
  models: z.array(z.string().regex(/^[\w-]+$/)),
  optimizers: z.record(z.string().regex(/^[\w-]+$/), z.array(WeightSpecSchema)),
  /** The task's other variables (TrainingTask.variables); absent in checkpoints of tasks that have none. */
  variables: z.array(WeightSpecSchema).default([]),
});

export type CheckpointState = z.infer<typeof CheckpointStateSchema>;
export type CheckpointProgress = Pick<CheckpointState, 'size' | 'step' | 'randomState' | 'lastValidation'>;

export interface Checkpoint {
  folder: string;
  state: CheckpointState;
}

async function isDir(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isDirectory(), () => false);
}

/** `loopVariables`: state the training loop keeps beside the task's (the weight average), saved with the task's. */
export async function writeCheckpoint(
  runDir: string,
  task: TrainingTask,
  progress: CheckpointProgress,
  loopVariables: Readonly<Record<string, tf.Variable>> = {},
): Promise<void> {
  await mkdir(runDir, { recursive: true });
  // Temp folders of a process killed mid-write are garbage: nothing ever reads them.
  for (const name of await readdir(runDir)) if (name.startsWith(TEMP_PREFIX)) await rm(join(runDir, name), { recursive: true, force: true });

  const temp = join(runDir, `${TEMP_PREFIX}${randomUUID()}`);
  await mkdir(temp);
  try {
    for (const [name, model] of Object.entries(task.models)) {
      await mkdir(join(temp, name));
      await saveLayersModel(model, join(temp, name));
    }
    const optimizers: CheckpointState['optimizers'] = {};
    for (const [name, optimizer] of Object.entries(task.optimizers)) {
      const weights = await optimizer.getWeights();
      const { data, specs } = await tf.io.encodeWeights(weights);
      // getWeights returns the live moment variables plus a fresh iteration-count tensor; only the latter is ours.
      tf.dispose(weights.map((w) => w.tensor).filter((t) => !(t instanceof tf.Variable)));
      await writeFile(join(temp, `optimizer-${name}.bin`), new Uint8Array(data));
      optimizers[name] = specs.map((s) => ({ ...s, shape: [...s.shape] }));
    }
    const { data, specs } = await tf.io.encodeWeights({ ...task.variables, ...loopVariables });
    await writeFile(join(temp, VARIABLES_FILE), new Uint8Array(data));
    const state: CheckpointState = {
      formatVersion: FORMAT_VERSION,
      kind: task.kind,
      arch: task.arch,
      ...progress,
      models: Object.keys(task.models),
      optimizers,
      variables: specs.map((s) => ({ ...s, shape: [...s.shape] })),
    };
    await writeFile(join(temp, STATE_FILE), JSON.stringify(state));
  } catch (err) {
    await rm(temp, { recursive: true, force: true });
    throw err;
  }

  const current = join(runDir, CHECKPOINT_DIR);
  const previous = join(runDir, PREVIOUS_DIR);
  if (await isDir(current)) {
    await rm(previous, { recursive: true, force: true });
    await rename(current, previous);
  }
  await rename(temp, current);
  await rm(previous, { recursive: true, force: true });
}

/** The newest complete checkpoint of a run, or null when it has none yet. */
export async function findCheckpoint(runDir: string): Promise<Checkpoint | null> {
  for (const name of [CHECKPOINT_DIR, PREVIOUS_DIR]) {
    const folder = join(runDir, name);
    let text: string;
    try {
      text = await readFile(join(folder, STATE_FILE), 'utf8');
    } catch {
      continue;
    }
    const parsed = CheckpointStateSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new KintsugiError('E_BAD_MODEL', `The checkpoint in ${folder} is not one this version can resume: ${parsed.error.message}`);
    return { folder, state: parsed.data };
  }
  return null;
}

export async function loadCheckpointModels(checkpoint: Checkpoint): Promise<Record<string, tf.LayersModel>> {
  const models: Record<string, tf.LayersModel> = {};
  for (const name of checkpoint.state.models) models[name] = await loadLayersModel(join(checkpoint.folder, name));
  return models;
}

/** Give each of the task's optimizers its saved iteration count and moments. */
export async function restoreOptimizers(checkpoint: Checkpoint, optimizers: Readonly<Record<string, tf.Optimizer>>): Promise<void> {
  for (const [name, optimizer] of Object.entries(optimizers)) {
    const specs = checkpoint.state.optimizers[name];
    if (!specs) throw new KintsugiError('E_BAD_MODEL', `The checkpoint in ${checkpoint.folder} has no state for the ${name} optimizer`);
    const bytes = await readFile(join(checkpoint.folder, `optimizer-${name}.bin`));
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const decoded = tf.io.decodeWeights(buffer, specs as tf.io.WeightsManifestEntry[]);
    const named = specs.map((s) => ({ name: s.name, tensor: decoded[s.name] as tf.Tensor }));
    await optimizer.setWeights(named);
    // setWeights copies the moments into new variables; the decoded tensors are spare.
    tf.dispose(Object.values(decoded));
  }
}

/** Give each of the task's other variables its saved value. */
export async function restoreVariables(checkpoint: Checkpoint, variables: Readonly<Record<string, tf.Variable>>): Promise<void> {
  const specs = checkpoint.state.variables;
  const missing = Object.keys(variables).filter((name) => !specs.some((s) => s.name === name));
  if (missing.length > 0) throw new KintsugiError('E_BAD_MODEL', `The checkpoint in ${checkpoint.folder} has no ${missing.join(', ')}`);
  if (specs.length === 0) return;
  const bytes = await readFile(join(checkpoint.folder, VARIABLES_FILE));
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const decoded = tf.io.decodeWeights(buffer, specs as tf.io.WeightsManifestEntry[]);
  for (const [name, variable] of Object.entries(variables)) variable.assign(decoded[name] as tf.Tensor);
  tf.dispose(Object.values(decoded));
}
