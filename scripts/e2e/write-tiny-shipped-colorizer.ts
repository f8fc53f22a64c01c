/**
 * Writes a tiny colorizer (a constant green-yellow a*b*) as a shipped model folder named "Automatic", for end-to-end
 * tests of the shipped defaults without the real weights (e2e/shipped-colorizer.spec.ts).
 *   node --import tsx scripts/e2e/write-tiny-shipped-colorizer.ts SHIPPED_DIR
 */
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { writeLinearAbModel } from '../../src-main/engines/colorize/test-models.js';

const out = process.argv[2];
if (!out) throw new Error('usage: write-tiny-shipped-colorizer.ts SHIPPED_DIR');
await tf.setBackend('cpu');
await writeLinearAbModel(join(out, 'colorizer'), 16, { a: -20, b: 30 }, 'Automatic');
