import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../images/test-images.js';
import type { CliIo, ParsedArgs } from '../command.js';
import { runCli } from '../run-cli.js';
import type { TrainingRun } from '../../../src-shared/contract/index.js';
import { describeRun, formatProgress, formatValidation, resumableTwin, trainCommand, trainConfigFrom } from './train.js';

function parse(...argv: string[]): ParsedArgs {
  const { values, positionals } = parseArgs({ args: argv, options: trainCommand.options, allowPositionals: false, strict: true });
  return { values: values as ParsedArgs['values'], positionals };
}

describe('kintsugi train: arguments', () => {
  it('builds a config with the defaults filled in', () => {
    expect(trainConfigFrom(parse('--kind', 'colorize', '--data', '/photos'))).toMatchObject({
      kind: 'colorize',
      dataFolder: '/photos',
      size: 128,
      batchSize: 4,
      steps: 1200,
      learningRate: 2e-4,
      seed: 1,
      validationSplit: 0.1,
      freezeEncoder: false,
      backend: 'auto',
    });
  });

  it('takes every option', () => {
    const config = trainConfigFrom(
      parse(
        '--kind', 'colorize', '--data', 'pics', '--size', '64', '--batch', '2', '--epochs', '3', '--lr', '1e-3', '--seed', '9',
        '--val-split', '0.25', '--base', '4', '--freeze-encoder', '--backend', 'cpu', '--checkpoint-every', '5', '--validate-every', '6',
        '--preview-every', '7', '--arch', 'pix2pix',
      ),
    );
    expect(config).toEqual({
      kind: 'colorize',
      dataFolder: 'pics',
      size: 64,
      batchSize: 2,
      steps: 1200,
      epochs: 3,
      learningRate: 1e-3,
      seed: 9,
      validationSplit: 0.25,
      baseModelId: 4,
      freezeEncoder: true,
      backend: 'cpu',
      l1Weight: 1000,
      colorizeArch: 'pix2pix',
      checkpointEvery: 5,
      validateEvery: 6,
      previewEvery: 7,
      ganLoss: 'hinge',
      spectralNorm: true,
      inpaintMode: 'fill',
      coverage: [0.05, 0.4],
      adversarialWeight: 0,
    });
  });

  it('takes the gan options, and refuses what a gan cannot do', () => {
    const gan = (...argv: string[]) => trainConfigFrom(parse('--kind', 'gan', '--data', 'faces', '--size', '64', ...argv));
    expect(gan('--gan-loss', 'bce', '--no-spectral-norm')).toMatchObject({ kind: 'gan', size: 64, ganLoss: 'bce', spectralNorm: false });
    expect(gan('--spectral-norm')).toMatchObject({ ganLoss: 'hinge', spectralNorm: true });
    expect(() => gan('--size', '256')).toThrow('--size: A gan model trains at 64 or 128 px');
    expect(() => gan('--gan-loss', 'wasserstein')).toThrow(/^--gan-loss: /);
    expect(() => gan('--spectral-norm', '--no-spectral-norm')).toThrow(/not both/);
  });

  it('takes the inpaint options (--mode, --coverage MIN-MAX, --adversarial-weight), for inpaint only', () => {
    const inpaint = (...argv: string[]) => trainConfigFrom(parse('--kind', 'inpaint', '--data', 'scans', ...argv));
    expect(inpaint()).toMatchObject({ kind: 'inpaint', inpaintMode: 'fill', coverage: [0.05, 0.4], adversarialWeight: 0 });
    expect(inpaint('--mode', 'mosaic', '--coverage', '0.1-0.25', '--adversarial-weight', '0.5')).toMatchObject({
      inpaintMode: 'mosaic',
      coverage: [0.1, 0.25],
      adversarialWeight: 0.5,
    });
    expect(() => inpaint('--mode', 'blur')).toThrow(/^--mode: /);
    expect(() => inpaint('--coverage', '40%')).toThrow(/--coverage must be MIN-MAX fractions/);
    expect(() => inpaint('--coverage', '0.5-0.2')).toThrow(/^--coverage: coverage: min must not exceed max/);
    expect(() => inpaint('--coverage', '0.1-0.95')).toThrow(/^--coverage: /);
    expect(() => trainConfigFrom(parse('--kind', 'colorize', '--data', 'd', '--coverage', '0.1-0.2'))).toThrow('--coverage applies to --kind inpaint only');
  });

  it('trains colorize on the pretrained encoder unless --arch pix2pix; --arch is for colorize only', () => {
    const colorize = (...argv: string[]) => trainConfigFrom(parse('--kind', 'colorize', '--data', 'd', ...argv));
    expect(colorize()).toMatchObject({ colorizeArch: 'encoder-unet' });
    expect(() => colorize('--arch', 'resnet')).toThrow(/^--arch: /);
    expect(() => trainConfigFrom(parse('--kind', 'gan', '--data', 'd', '--arch', 'pix2pix'))).toThrow('--arch applies to --kind colorize only');
  });

  it('names the option a bad value came from', () => {
    const bad = (...argv: string[]) => () => trainConfigFrom(parse('--kind', 'colorize', '--data', 'd', ...argv));
    expect(bad('--size', '100')).toThrow(/^--size: /);
    expect(bad('--val-split', '0.9')).toThrow(/^--val-split: .*0\.5/);
    expect(bad('--lr', 'fast')).toThrow('--lr must be a number, got "fast"');
    expect(bad('--batch', '0')).toThrow(/--batch must be a whole number/);
    expect(bad('--backend', 'tpu')).toThrow(/Unknown backend "tpu"/);
    expect(bad('--freeze-encoder')).toThrow(/--freeze-encoder needs --base/);
    expect(() => trainConfigFrom(parse('--kind', 'upscale', '--data', 'd'))).toThrow('--kind must be one of colorize, inpaint, gan, got "upscale"');
    expect(() => trainConfigFrom(parse('--data', 'd'))).toThrow(/give --kind and --data/);
  });

  it('prints progress and validation lines', () => {
    const losses = { step: 120, gAdv: 0.6931, gL1: 0.12345, d: 0.5, stepsPerSecond: 3.1 };
    expect(formatProgress({ runId: 1, step: 120, totalSteps: 2000, losses, etaSeconds: 606.4 })).toBe(
      'step 120/2000  G L1 0.1235  G adv 0.6931  D 0.5000  3.10 it/s  ETA 10m06s',
    );
    expect(formatProgress({ runId: 1, step: 1, totalSteps: 2, losses, etaSeconds: null })).not.toMatch(/ETA/);
    // A GAN has no L1: the line leaves it out instead of printing a made-up number.
    expect(formatProgress({ runId: 1, step: 5, totalSteps: 9, losses: { ...losses, gL1: null }, etaSeconds: null })).toBe(
      'step 5/9  G adv 0.6931  D 0.5000  3.10 it/s',
    );
    expect(formatValidation({ runId: 1, step: 100, psnr: 22.414, ssim: 0.81234, l1: 0.07123 })).toBe(
      'validation @ step 100: PSNR 22.41 dB  SSIM 0.8123  L1 0.0712',
    );
  });
});

describe('kintsugi train: what it says about resuming', () => {
  const config = trainConfigFrom(parse('--kind', 'colorize', '--data', '/photos/family', '--steps', '400'));
  const run = (over: Partial<TrainingRun>): TrainingRun => ({
    id: 4,
    name: 'Family colours',
    kind: 'colorize',
    status: 'paused',
    config,
    dataset: { folder: '/photos/family', usable: 30, train: 27, validation: 3, minSide: 512, skippedCount: 0 },
    step: 261,
    totalSteps: 400,
    checkpointStep: 200,
    backend: 'wasm',
    lastLosses: null,
    lastValidation: null,
    baseline: null,
    previewStep: null,
    error: null,
    modelId: null,
    createdAt: '2026-12-04T10:00:00Z',
    updatedAt: '2026-12-04T10:10:00Z',
    ...over,
  });

  it('a resume says it starts again at the checkpoint, and which steps it redoes', () => {
    expect(describeRun(run({}), true)).toMatch(/400 steps resuming from its checkpoint at step 200 \(steps 201–261 ran after it and are trained again\)$/);
    expect(describeRun(run({ step: 200 }), true)).toMatch(/resuming from its checkpoint at step 200$/);
    expect(describeRun(run({ step: 0, checkpointStep: 0, status: 'running' }), false)).toMatch(/400 steps from step 0$/);
  });

  it('finds the earlier run of the same settings that --resume could continue, and nothing else', () => {
    const runs = [run({ id: 2, checkpointStep: 100 }), run({ id: 4 }), run({ id: 5, status: 'completed' }), run({ id: 6, config: { ...config, steps: 800 } }), run({ id: 7, checkpointStep: 0 })];
    expect(resumableTwin(runs, config)?.id).toBe(4);
    // The same folder written another way is the same folder.
    expect(resumableTwin(runs, { ...config, dataFolder: '/photos/./family/' })?.id).toBe(4);
    expect(resumableTwin(runs, { ...config, seed: 99 })).toBeUndefined();
  });
});

describe('kintsugi train: a tiny real run', () => {
  it('trains in its own process, prints progress and validation, and ends with the registered model; listed by models list', async () => {
    const photos = tempDir('cli-train-photos');
    mkdirSync(join(photos, 'a'));
    for (let i = 0; i < 3; i++) {
      const noise = { type: 'gaussian' as const, mean: 90 + 30 * i, sigma: 50 };
      await sharp({ create: { width: 80, height: 72, channels: 3, background: '#000', noise } }).png().toFile(join(photos, 'a', `${i}.png`));
    }
    const dataDir = tempDir('cli-train-data');
    const stdout: string[] = [];
    const stderr: string[] = [];
    const io: CliIo = { out: (l) => stdout.push(l), err: (l) => stderr.push(l), isTty: false };
    const args = ['--kind', 'colorize', '--data', photos, '--size', '64', '--batch', '1', '--steps', '3', '--val-split', '0.3'];
    const tuning = ['--validate-every', '3', '--preview-every', '3', '--checkpoint-every', '3', '--backend', 'wasm', '--name', 'CLI run'];
    const code = await runCli(['train', ...args, ...tuning, '--data-dir', dataDir], io);
    expect(stderr).toEqual([]);
    expect(code).toBe(0);
    expect(stdout[0]).toMatch(/^Run 1 "CLI run": 3 photos in .* \(2 train, 1 validation, 0 skipped\), 3 steps from step 0$/);
    expect(stdout).toContain('Training on wasm, from step 0');
    // The default colorizer (pretrained encoder, trained decoder) has no adversary: G L1 alone.
    expect(stdout.some((l) => /^step 3\/3  G L1 \d\.\d{4}  [\d.]+ it\/s/.test(l))).toBe(true);
    expect(stdout.some((l) => /^validation @ step 3: PSNR [\d.]+ dB/.test(l))).toBe(true);
    expect(stdout.slice(-2)).toEqual(['Run 1 completed at step 3', 'Registered model 1: CLI run']);

    const list: string[] = [];
    await runCli(['models', 'list', '--data-dir', dataDir], { ...io, out: (l) => list.push(l) });
    expect(list).toEqual([expect.stringMatching(/^1\tcolorize\tCLI run\t/)]);
    const again: string[] = [];
    expect(await runCli(['train', '--resume', '1', '--data-dir', dataDir], { ...io, err: (l) => again.push(l) })).toBe(1);
    expect(again[0]).toMatch(/E_BUSY: Run 1 has finished all its 3 steps/);
  }, 120_000);
});
