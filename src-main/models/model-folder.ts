import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DCGAN_ARCH, ENCODER_UNET_ARCH, GATED_UNET_ARCH, PIX2PIX_ARCH } from '../../models/architectures.js';
import { MODEL_KINDS, type ModelKind } from '../../src-shared/contract/index.js';
import {
  MANIFEST_FILE,
  MANIFEST_FORMAT_VERSION,
  ModelManifestSchema,
  type ModelIo,
  type ModelManifest,
} from '../../src-shared/models/manifest.js';
import { KintsugiError } from '../../src-shared/errors.js';
import { walkFiles } from '../images/walk.js';

/** The architectures this Kintsugi can run, per kind; a model of any other is refused rather than misused. */
export const KNOWN_ARCHS: Record<ModelKind, readonly string[]> = {
  colorize: [ENCODER_UNET_ARCH, PIX2PIX_ARCH],
  inpaint: [GATED_UNET_ARCH],
  gan: [DCGAN_ARCH],
};

/** What each kind's tensors must be (the manifest's `io`): a colorizer reading RGB would produce garbage. */
const IO_OF_KIND: Record<ModelKind, ModelIo['input']> = { colorize: 'L', inpaint: 'rgb+mask', gan: 'latent' };

/** Channels of the input and output tensors, where the io fixes them. */
const CHANNELS_OF_INPUT: Partial<Record<ModelIo['input'], { input: number; output: number }>> = { L: { input: 1, output: 2 }, 'rgb+mask': { input: 4, output: 3 } };

/** A model folder that passed every check: its manifest, and what the library records about its files. */
export interface CheckedModel {
  manifest: ModelManifest;
  bytes: number;
  parameters: number;
}

function bad(message: string): KintsugiError {
  return new KintsugiError('E_BAD_MODEL', message);
}

/**
 * Parse and check `kintsugi.json`, from the most specific refusal to the most general: a newer format or an unknown
 * kind says so plainly, before the schema would report a less helpful missing field.
 */
export function checkManifest(text: string): ModelManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw bad(`${MANIFEST_FILE} is not valid JSON`);
  }
  if (typeof raw !== 'object' || raw === null || (raw as { format?: unknown }).format !== 'kintsugi-model') {
    throw bad(`${MANIFEST_FILE} does not describe a Kintsugi model`);
  }
  const { formatVersion, kind } = raw as { formatVersion?: unknown; kind?: unknown };
  if (typeof formatVersion === 'number' && formatVersion > MANIFEST_FORMAT_VERSION) {
    throw bad(
      `This model was made by a newer Kintsugi (model format ${formatVersion}; this version reads up to ${MANIFEST_FORMAT_VERSION}). ` +
        'Update Kintsugi to use it.',
    );
  }
  if (typeof kind === 'string' && !(MODEL_KINDS as readonly string[]).includes(kind)) {
    throw bad(`This model is of kind "${kind}", which this Kintsugi does not know`);
  }
  const parsed = ModelManifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw bad(`${MANIFEST_FILE} is invalid${issue ? ` at "${issue.path.join('.')}": ${issue.message}` : ''}`);
  }
  const manifest = parsed.data;
  if (!KNOWN_ARCHS[manifest.kind].includes(manifest.arch)) {
    throw bad(`Unknown ${manifest.kind} architecture "${manifest.arch}": this Kintsugi cannot run it`);
  }
  if (manifest.io.input !== IO_OF_KIND[manifest.kind]) {
    throw bad(`A ${manifest.kind} model must take "${IO_OF_KIND[manifest.kind]}" as input, not "${manifest.io.input}"`);
  }
  return manifest;
}

/** A model folder's `kintsugi.json`, checked (see checkManifest). */
export async function readManifest(folder: string): Promise<ModelManifest> {
  let text: string;
  try {
    text = await readFile(join(folder, MANIFEST_FILE), 'utf8');
  } catch {
    throw bad(`The model has no ${MANIFEST_FILE}`);
  }
  return checkManifest(text);
}

/** Total size of a folder's files. */
export async function folderBytes(folder: string): Promise<number> {
  let bytes = 0;
  for (const file of await walkFiles(folder)) bytes += (await stat(file)).size;
  return bytes;
}

/**
 * Check a model folder completely: the manifest (see checkManifest), and the tfjs model itself, which must load and
 * have the tensor shapes the manifest promises. Every failure is E_BAD_MODEL. `ready` selects a tfjs backend first.
 */
export async function checkModelFolder(folder: string, ready: () => Promise<unknown>): Promise<CheckedModel> {
  const manifest = await readManifest(folder);
  await ready();
  // Loaded here, not at the top: reading manifests (listing models) must not load TensorFlow.js.
  const { loadLayersModel } = await import('../runtime/layers-model-files.js');
  const model = await loadLayersModel(folder);
  try {
    const input = model.inputs[0]?.shape;
    const output = model.outputs[0]?.shape;
    const channels = CHANNELS_OF_INPUT[manifest.io.input];
    if (model.inputs.length !== 1 || model.outputs.length !== 1 || !input || !output) {
      throw bad('The model must have exactly one input and one output');
    }
    if (channels && (input.at(-1) !== channels.input || output.at(-1) !== channels.output)) {
      throw bad(
        `A ${manifest.io.input}→${manifest.io.output} model must map ${channels.input} channel(s) to ${channels.output}, ` +
          `but this one maps ${input.at(-1)} to ${output.at(-1)}`,
      );
    }
    return { manifest, bytes: await folderBytes(folder), parameters: model.countParams() };
  } finally {
    model.dispose();
  }
}
