import { resolve } from 'node:path';
import {
  MODEL_KINDS,
  TrainingConfigSchema,
  type EventName,
  type EventOf,
  type TrainingConfig,
  type TrainingRun,
} from '../../../src-shared/contract/index.js';
import { KintsugiError } from '../../../src-shared/errors.js';
import type { App } from '../../app/create-app.js';
import { BACKEND_HELP, BACKEND_OPTION, backendOption, DATA_DIR_HELP, DATA_DIR_OPTION, intOption, numberOption, stringOption } from '../common-options.js';
import type { CliIo, Command, ParsedArgs } from '../command.js';
import { call } from '../invoke.js';
import { openCliApp } from '../open-cli-app.js';

/** A progress line at most this often (the service's events come 4 times a second: too many for a log). */
const PRINT_INTERVAL_MS = 2000;

/** Option name for each config field whose schema error should point at the option the user typed. */
const OPTION_OF: Partial<Record<keyof TrainingConfig, string>> = {
  kind: 'kind',
  dataFolder: 'data',
  size: 'size',
  batchSize: 'batch',
  steps: 'steps',
  epochs: 'epochs',
  learningRate: 'lr',
  seed: 'seed',
  validationSplit: 'val-split',
  baseModelId: 'base',
  checkpointEvery: 'checkpoint-every',
  validateEvery: 'validate-every',
  previewEvery: 'preview-every',
  ganLoss: 'gan-loss',
  colorizeArch: 'arch',
  inpaintMode: 'mode',
  coverage: 'coverage',
  adversarialWeight: 'adversarial-weight',
};

/** Options only an inpainting run takes. */
const INPAINT_OPTIONS = ['mode', 'coverage', 'adversarial-weight'] as const;

/** `--coverage MIN-MAX` as fractions of the crop (e.g. 0.05-0.4); the schema checks the range and the order. */
function coverageOption(args: ParsedArgs): [number, number] | undefined {
  const text = stringOption(args, 'coverage');
  if (text === undefined) return undefined;
  const match = /^\s*(\d*\.?\d+)\s*-\s*(\d*\.?\d+)\s*$/.exec(text);
  if (!match) throw new KintsugiError('E_INVALID_ARGUMENT', `--coverage must be MIN-MAX fractions of the crop, e.g. 0.05-0.4; got "${text}"`);
  return [Number(match[1]), Number(match[2])];
}

/** `--spectral-norm` / `--no-spectral-norm`, or undefined for the default; both at once is a contradiction. */
function spectralNormOption(args: ParsedArgs): boolean | undefined {
  const on = args.values['spectral-norm'] === true;
  const off = args.values['no-spectral-norm'] === true;
  if (on && off) throw new KintsugiError('E_INVALID_ARGUMENT', 'give --spectral-norm or --no-spectral-norm, not both');
  return on ? true : off ? false : undefined;
}

/** Build and check a run's config from the command line; a bad value names the option it came from. */
export function trainConfigFrom(args: ParsedArgs): TrainingConfig {
  const kind = stringOption(args, 'kind');
  const data = stringOption(args, 'data');
  if (!kind || !data) throw new KintsugiError('E_INVALID_ARGUMENT', 'give --kind and --data (or --resume RUN_ID)');
  const stray = kind === 'inpaint' ? undefined : INPAINT_OPTIONS.find((option) => args.values[option] !== undefined);
  if (stray) throw new KintsugiError('E_INVALID_ARGUMENT', `--${stray} applies to --kind inpaint only`);
  if (kind !== 'colorize' && args.values.arch !== undefined) throw new KintsugiError('E_INVALID_ARGUMENT', '--arch applies to --kind colorize only');
  const big = Number.MAX_SAFE_INTEGER;
  const raw = {
    kind,
    dataFolder: data,
    size: intOption(args, 'size', 1, big),
    batchSize: intOption(args, 'batch', 1, big),
    steps: intOption(args, 'steps', 1, big),
    epochs: intOption(args, 'epochs', 1, big),
    learningRate: numberOption(args, 'lr'),
    seed: intOption(args, 'seed', 0, big),
    validationSplit: numberOption(args, 'val-split'),
    baseModelId: intOption(args, 'base', 1, big),
    freezeEncoder: args.values['freeze-encoder'] === true ? true : undefined,
    backend: backendOption(args),
    checkpointEvery: intOption(args, 'checkpoint-every', 1, big),
    validateEvery: intOption(args, 'validate-every', 1, big),
    previewEvery: intOption(args, 'preview-every', 1, big),
    ganLoss: stringOption(args, 'gan-loss'),
    colorizeArch: stringOption(args, 'arch'),
    spectralNorm: spectralNormOption(args),
    inpaintMode: stringOption(args, 'mode'),
    coverage: coverageOption(args),
    adversarialWeight: numberOption(args, 'adversarial-weight'),
  };
  const parsed = TrainingConfigSchema.safeParse(Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path[0] as keyof TrainingConfig | undefined;
    const option = field === undefined ? undefined : OPTION_OF[field];
    if (field === 'kind') throw new KintsugiError('E_INVALID_ARGUMENT', `--kind must be one of ${MODEL_KINDS.join(', ')}, got "${kind}"`);
    throw new KintsugiError('E_INVALID_ARGUMENT', `${option ? `--${option}` : 'the options'}: ${issue?.message ?? 'invalid'}`);
  }
  if (parsed.data.freezeEncoder && parsed.data.baseModelId === undefined) {
    throw new KintsugiError('E_INVALID_ARGUMENT', '--freeze-encoder needs --base MODEL_ID (the encoder to keep)');
  }
  return parsed.data;
}

function duration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export function formatProgress(p: EventOf<'training.progress'>): string {
  const { losses } = p;
  const eta = p.etaSeconds === null ? '' : `  ETA ${duration(p.etaSeconds)}`;
  // A loss the run does not have (null) is left out rather than printed as 0.
  const parts = (
    [
      ['G L1', losses.gL1],
      ['G adv', losses.gAdv],
      ['D', losses.d],
    ] as const
  ).flatMap(([label, value]) => (value === null ? [] : [`${label} ${value.toFixed(4)}`]));
  return `step ${p.step}/${p.totalSteps}  ${parts.join('  ')}  ${losses.stepsPerSecond.toFixed(2)} it/s${eta}`;
}

export function formatValidation(v: EventOf<'training.validation'>): string {
  return `validation @ step ${v.step}: PSNR ${v.psnr.toFixed(2)} dB  SSIM ${v.ssim.toFixed(4)}  L1 ${v.l1.toFixed(4)}`;
}

/**
 * The line that opens a run. A resume starts again at its checkpoint, not at the last step it reported, and says
 * which steps it trains again.
 */
export function describeRun(run: TrainingRun, resumed: boolean): string {
  const d = run.dataset;
  const from = !resumed
    ? 'from step 0'
    : `resuming from its checkpoint at step ${run.checkpointStep}` +
      (run.step > run.checkpointStep ? ` (steps ${run.checkpointStep + 1}–${run.step} ran after it and are trained again)` : '');
  return (
    `Run ${run.id} "${run.name}": ${d.usable} photos in ${d.folder} (${d.train} train, ${d.validation} validation, ` +
    `${d.skippedCount} skipped), ${run.totalSteps} steps ${from}`
  );
}

/** An earlier run of the very same settings that `--resume` could continue, newest first. */
export function resumableTwin(runs: readonly TrainingRun[], config: TrainingConfig): TrainingRun | undefined {
  const key = (c: TrainingConfig) => JSON.stringify(Object.entries({ ...c, dataFolder: resolve(c.dataFolder) }).sort(([a], [b]) => a.localeCompare(b)));
  const wanted = key(config);
  return [...runs]
    .sort((a, b) => b.id - a.id)
    .find((run) => run.status !== 'completed' && run.status !== 'running' && run.checkpointStep > 0 && key(run.config) === wanted);
}

/** Events of the run as lines: progress at most every 2 s (and its last step), every validation, new backend. */
function printer(io: CliIo) {
  let lastPrint = 0;
  let backend: string | null = null;
  return <E extends EventName>(event: E, payload: EventOf<E>): void => {
    if (event === 'training.progress') {
      const p = payload as EventOf<'training.progress'>;
      const now = Date.now();
      if (now - lastPrint < PRINT_INTERVAL_MS && p.step < p.totalSteps) return;
      lastPrint = now;
      io.out(formatProgress(p));
    } else if (event === 'training.validation') {
      io.out(formatValidation(payload as EventOf<'training.validation'>));
    } else if (event === 'training.changed') {
      const run = payload as EventOf<'training.changed'>;
      if (run.backend !== null && run.backend !== backend) {
        backend = run.backend;
        io.out(`Training on ${backend}, from step ${run.checkpointStep}`);
      }
    }
  };
}

/** Wait for the run's process; Ctrl-C stops it (checkpoint + model), a second Ctrl-C leaves at once. */
async function follow(app: App, run: TrainingRun, io: CliIo): Promise<TrainingRun> {
  let stopping: Promise<unknown> | null = null;
  const onInterrupt = () => {
    if (stopping) process.exit(130);
    io.err('Stopping: finishing the step, writing a checkpoint and the model (Ctrl-C again to quit at once)…');
    stopping = call(app, 'training.stop', { runId: run.id }).catch((err: unknown) => io.err(`kintsugi train: ${(err as Error).message}`));
  };
  process.on('SIGINT', onInterrupt);
  try {
    await app.training.whenEnded(run.id);
    // The stop call answers after the process ended too; the library stays open until it has.
    await stopping;
    return app.training.get(run.id);
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}

export const trainCommand: Command = {
  name: 'train',
  summary: 'Train a model on a folder of your photos, in its own process; Ctrl-C stops and keeps the model so far.',
  usage:
    'kintsugi train --kind colorize|inpaint|gan --data DIR [--size 128] [--batch N] [--steps N | --epochs N] [--lr X] [--seed N]\n' +
    '                [--val-split X] [--base MODEL_ID [--freeze-encoder]] [--backend NAME] [--name NAME] [--data-dir DIR]\n' +
    '                [--arch encoder-unet|pix2pix] [--mode fill|mosaic] [--coverage MIN-MAX] [--adversarial-weight X]\n' +
    '                [--gan-loss hinge|bce] [--spectral-norm | --no-spectral-norm]\n' +
    '       kintsugi train --resume RUN_ID [--data-dir DIR]',
  optionHelp: [
    '--kind KIND        what to train: colorize, inpaint (repair holes) or gan (new images from noise)',
    '--data DIR         folder of photos, scanned recursively (broken and tiny files are listed and skipped)',
    '--size N           working size in pixels: 64, 128 (default) or 256 (not for gan)',
    '--batch N          crops per step (default 4)',
    '--steps N          optimizer steps (default 1200)',
    '--epochs N         or passes over the training photos (steps follow from the photo count)',
    '--lr X             learning rate (default 0.0002)',
    '--seed N           random seed for the split, crops and weights (default 1)',
    '--val-split X      fraction of photos held back for validation, 0-0.5 (default 0.1)',
    '--base MODEL_ID    fine-tune this model (same kind) instead of starting from scratch',
    '--freeze-encoder   with --base: keep the encoder\'s weights fixed',
    '--arch ARCH        colorize: encoder-unet (default: frozen pretrained encoder + trained decoder) or pix2pix',
    '--mode MODE        inpaint: fill (default: holes blanked) or mosaic (holes hold a mosaic to undo)',
    '--coverage MIN-MAX inpaint: share of a crop each synthetic hole covers, as fractions (default 0.05-0.4)',
    '--adversarial-weight X   inpaint: weight of the SN-PatchGAN term beside the L1 (default 0: L1 only)',
    '--gan-loss LOSS    gan: hinge (default) or bce',
    '--spectral-norm, --no-spectral-norm   gan: normalise the discriminator\'s weights (default on)',
    '--checkpoint-every N, --validate-every N, --preview-every N   in steps (defaults 200, 100, 100)',
    '--name NAME        name of the run and of its model',
    '--resume RUN_ID    continue a paused, stopped or failed run from its last checkpoint',
    BACKEND_HELP,
    DATA_DIR_HELP,
  ],
  options: {
    ...DATA_DIR_OPTION,
    ...BACKEND_OPTION,
    kind: { type: 'string' },
    data: { type: 'string' },
    size: { type: 'string' },
    batch: { type: 'string' },
    steps: { type: 'string' },
    epochs: { type: 'string' },
    lr: { type: 'string' },
    seed: { type: 'string' },
    'val-split': { type: 'string' },
    base: { type: 'string' },
    'freeze-encoder': { type: 'boolean' },
    arch: { type: 'string' },
    mode: { type: 'string' },
    coverage: { type: 'string' },
    'adversarial-weight': { type: 'string' },
    'gan-loss': { type: 'string' },
    'spectral-norm': { type: 'boolean' },
    'no-spectral-norm': { type: 'boolean' },
    'checkpoint-every': { type: 'string' },
    'validate-every': { type: 'string' },
    'preview-every': { type: 'string' },
    name: { type: 'string' },
    resume: { type: 'string' },
  },
  allowPositionals: false,
  async run(args, io) {
    const resumeId = intOption(args, 'resume', 1, Number.MAX_SAFE_INTEGER);
    const config = resumeId === undefined ? trainConfigFrom(args) : null;
    const name = stringOption(args, 'name');
    const app = await openCliApp(args, io);
    try {
      const emit = printer(io);
      const twin = config ? resumableTwin(await call(app, 'training.list', {}), config) : undefined;
      if (twin) {
        io.err(
          `Note: run ${twin.id} has these very settings and can continue from its checkpoint at step ${twin.checkpointStep}: ` +
            `kintsugi train --resume ${twin.id}. Starting a new run from step 0, as asked.`,
        );
      }
      const started = config
        ? await call(app, 'training.start', { config, ...(name ? { name } : {}) }, emit)
        : await call(app, 'training.resume', { runId: resumeId as number }, emit);
      io.out(describeRun(started, resumeId !== undefined));
      const run = await follow(app, started, io);
      if (run.status === 'failed') {
        io.err(`Run ${run.id} failed at step ${run.step}: ${run.error ?? 'unknown reason'}`);
        if (run.checkpointStep > 0) io.err(`Resume it from step ${run.checkpointStep} with: kintsugi train --resume ${run.id}`);
        return 1;
      }
      if (run.status === 'paused') {
        io.out(`Run ${run.id} paused at step ${run.step}; resume from its checkpoint at step ${run.checkpointStep} with: kintsugi train --resume ${run.id}`);
        return 0;
      }
      if (run.modelId === null) {
        io.err(`Run ${run.id} ${run.status} at step ${run.step} without a model${run.error ? `: ${run.error}` : ''}`);
        return 1;
      }
      const model = app.models.get(run.modelId);
      io.out(`Run ${run.id} ${run.status} at step ${run.step}`);
      io.out(`Registered model ${model.id}: ${model.name}`);
      return 0;
    } finally {
      await app.close();
    }
  },
};
