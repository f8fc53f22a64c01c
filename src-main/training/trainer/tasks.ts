import type * as tf from '@tensorflow/tfjs';
import { DCGAN_ARCH } from '../../../models/dcgan/dcgan-generator.js';
import { GATED_UNET_ARCH } from '../../../models/gated-unet/gated-unet.js';
import { ENCODER_UNET_ARCH } from '../../../models/encoder-colorizer/encoder-unet.js';
import { PIX2PIX_ARCH } from '../../../models/pix2pix/unet-generator.js';
import { loadEncoderTrunk } from '../../models/encoder-trunk.js';
import type { ModelKind } from '../../../src-shared/contract/models.js';
import type { TrainingConfig } from '../../../src-shared/contract/training.js';
import { createColorizeTask, createEncoderColorizeTask } from './colorize-task.js';
import { createGanTask } from './gan-task.js';
import { createInpaintTask } from './inpaint-task.js';
import type { TrainingTask } from './task.js';

/** How the loop makes a task of one kind. */
export interface TaskFactory {
  /** Architecture id of the models a run of this config trains and exports (a base model must have the same). */
  arch(config: TrainingConfig): string;
  /** Name, among the task's `models`, of the network that is exported (and that a base model provides). */
  product: string;
  /** `networks`: loaded ones to continue from, by name; the rest are built fresh. */
  create(config: TrainingConfig, networks: Partial<Record<string, tf.LayersModel>>): Promise<TrainingTask>;
}

const FACTORIES: Record<ModelKind, TaskFactory> = {
  colorize: {
    arch: (config) => (config.colorizeArch === 'pix2pix' ? PIX2PIX_ARCH : ENCODER_UNET_ARCH),
    product: 'generator',
    create: async (config, networks) =>
      config.colorizeArch !== 'pix2pix'
        ? createEncoderColorizeTask({
            size: config.size,
            learningRate: config.learningRate,
            seed: config.seed,
            generator: networks.generator,
            trunk: networks.generator === undefined ? await loadEncoderTrunk() : undefined,
          })
        : createColorizeTask({
            size: config.size,
            learningRate: config.learningRate,
            l1Weight: config.l1Weight,
            seed: config.seed,
            freezeEncoder: config.freezeEncoder,
            generator: networks.generator,
            discriminator: networks.discriminator,
          }),
  },
  inpaint: {
    arch: () => GATED_UNET_ARCH,
    product: 'generator',
    create: async (config, networks) =>
      createInpaintTask({
        size: config.size,
        learningRate: config.learningRate,
        seed: config.seed,
        freezeEncoder: config.freezeEncoder,
        mode: config.inpaintMode,
        coverage: config.coverage,
        adversarialWeight: config.adversarialWeight,
        generator: networks.generator,
        discriminator: networks.discriminator,
      }),
  },
  gan: {
    arch: () => DCGAN_ARCH,
    product: 'generator',
    create: async (config, networks) =>
      createGanTask({
        size: config.size,
        learningRate: config.learningRate,
        loss: config.ganLoss,
        spectralNorm: config.spectralNorm,
        seed: config.seed,
        generator: networks.generator,
        discriminator: networks.discriminator,
      }),
  },
};

export function taskFactory(kind: ModelKind): TaskFactory {
  return FACTORIES[kind];
}
