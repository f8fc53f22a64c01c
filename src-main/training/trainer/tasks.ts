import type * as tf from '@tensorflow/tfjs';
import { PIX2PIX_ARCH } from '../../../models/pix2pix/unet-generator.js';
import type { ModelKind } from '../../../src-shared/contract/models.js';
import type { TrainingConfig } from '../../../src-shared/contract/training.js';
import { KintsugiError } from '../../../src-shared/errors.js';
import { createColorizeTask } from './colorize-task.js';
import type { TrainingTask } from './task.js';

/** How the loop makes a task of one kind. */
export interface TaskFactory {
  /** Architecture id of the models this kind trains and exports (a base model must have the same). */
  arch: string;
  /** Name, among the task's `models`, of the network that is exported (and that a base model provides). */
  product: string;
  /** `networks`: loaded ones to continue from, by name; the rest are built fresh. */
  create(config: TrainingConfig, networks: Partial<Record<string, tf.LayersModel>>): TrainingTask;
}

const FACTORIES: Partial<Record<ModelKind, TaskFactory>> = {
  colorize: {
    arch: PIX2PIX_ARCH,
    product: 'generator',
    create: (config, networks) =>
      createColorizeTask({
        size: config.size,
        learningRate: config.learningRate,
        l1Weight: config.l1Weight,
        seed: config.seed,
        freezeEncoder: config.freezeEncoder,
        generator: networks.generator,
        discriminator: networks.discriminator,
      }),
  },
};

export function taskFactory(kind: ModelKind): TaskFactory {
  const factory = FACTORIES[kind];
  if (!factory) throw new KintsugiError('E_UNSUPPORTED', `Training ${kind} models is not available yet; colorize is`);
  return factory;
}
