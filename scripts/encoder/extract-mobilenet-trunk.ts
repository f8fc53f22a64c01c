/**
 * Writes the frozen MobileNetV2 trunk the encoder colorizer uses into models/mobilenet-v2-trunk/, read from the
 * pinned dev dependency nsfwjs@4.4.0 (MIT). Only the layers up to the deepest skip are kept, renamed with the
 * `enc_` prefix, so the app ships an ImageNet feature extractor and not an NSFW classifier.
 *
 *   node --import tsx scripts/encoder/extract-mobilenet-trunk.ts
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { shippedModelsDir } from '../../src-main/app/paths.js';
import { saveLayersModel } from '../../src-main/runtime/layers-model-files.js';
import { ENCODER_DIR, ENCODER_SKIPS, rewire, SOURCE_LAYER_PREFIX } from '../../models/encoder-colorizer/mobilenet-trunk.js';

const require = createRequire(import.meta.url);
// The package exports no package.json; its entry point sits in dist/cjs.
const NSFWJS = join(dirname(require.resolve('nsfwjs')), '..', '..');
const MODEL = join(NSFWJS, 'dist', 'models', 'mobilenet_v2');

/** The package's UMD bundles hold the model JSON and a base64 weight shard. */
const modelJson = require(join(MODEL, 'model.min.js')) as tf.io.ModelJSON;
const shard = require(join(MODEL, 'group1-shard1of1.min.js')) as string;

await tf.setBackend('cpu');
const weights = Buffer.from(shard, 'base64');
const full = await tf.loadLayersModel(
  tf.io.fromMemory({
    modelTopology: modelJson.modelTopology,
    weightSpecs: modelJson.weightsManifest.flatMap((group) => group.weights),
    weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer,
  }),
);

// Rebuild the trunk on a size-free input, so the colorizer can run it at any working size.
const input = tf.input({ shape: [null, null, 3], name: `${SOURCE_LAYER_PREFIX}input` });
const needed = new Set<string>();
const mark = (name: string) => {
  if (needed.has(name)) return;
  needed.add(name);
  for (const node of full.getLayer(name).inboundNodes) for (const inbound of node.inboundLayers) mark(inbound.name);
};
for (const skip of ENCODER_SKIPS) mark(skip);
const copies: Array<[tf.layers.Layer, tf.layers.Layer]> = [];
const built = rewire(full, input, (layer) => {
  const registered = tf.serialization.SerializationMap.getMap().classNameMap[layer.getClassName()];
  if (registered === undefined) throw new Error(`unknown layer class ${layer.getClassName()}`);
  const [cls, fromConfig] = registered;
  // Layers past the deepest skip are still copied by the walk, but never reach the trunk's outputs, so not saved.
  const config = { ...layer.getConfig(), name: `${SOURCE_LAYER_PREFIX}${layer.name}`, trainable: false };
  const copy = fromConfig(cls, config) as tf.layers.Layer;
  if (needed.has(layer.name)) copies.push([layer, copy]);
  return copy;
});
const trunk = tf.model({ inputs: input, outputs: ENCODER_SKIPS.map((name) => built.get(name) as tf.SymbolicTensor), name: 'mobilenet_v2_trunk' });
for (const [original, copy] of copies) copy.setWeights(original.getWeights());

const folder = join(shippedModelsDir(), ENCODER_DIR);
await mkdir(folder, { recursive: true });
await saveLayersModel(trunk, folder);
await writeFile(join(folder, 'LICENSE'), await readFile(join(NSFWJS, 'LICENSE')));
const params = trunk.countParams();
await writeFile(
  join(folder, 'PROVENANCE.md'),
  `# MobileNetV2 trunk (frozen encoder)

- Source: npm \`nsfwjs@4.4.0\` (MIT, licence text in LICENSE), file \`dist/models/mobilenet_v2\` (a tfjs LayersModel,
  uint8-quantised weights, here stored dequantised as float32).
- Kept: the ${trunk.layers.length} layers from the input up to \`${ENCODER_SKIPS.at(-1)}\` (${params} parameters), renamed
  with the \`${SOURCE_LAYER_PREFIX}\` prefix; outputs ${ENCODER_SKIPS.map((s) => `\`${s}\``).join(', ')}. nsfwjs
  froze these layers when it fine-tuned MobileNetV2 (layers up to \`block_10\` kept their ImageNet weights).
- Input: RGB in [−1, 1] (MobileNetV2's ImageNet preprocessing), any size divisible by 16.
- Written by \`scripts/encoder/extract-mobilenet-trunk.ts\`; rerun it to reproduce these files.
`,
);
console.log(`wrote ${folder}: ${trunk.layers.length} layers, ${params} parameters`);
