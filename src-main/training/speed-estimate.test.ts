import { describe, expect, it } from 'vitest';
import { TrainingEstimateRequestSchema } from '../../src-shared/contract/training.js';
import { SpeedEstimator } from './speed-estimate.js';

describe('SpeedEstimator', () => {
  it('times real training steps in a training process, on the backend a run would get, and keeps the answer', async () => {
    const speed = new SpeedEstimator({ busy: () => false });
    const request = { kind: 'colorize', size: 64, batchSize: 2, backend: 'auto' } as const;
    const estimate = await speed.estimate(request);
    expect(['tfjs-node', 'wasm']).toContain(estimate.backend);
    expect(estimate.secondsPerStep).toBeGreaterThan(0);
    expect(estimate.secondsPerStep).toBeLessThan(30);
    expect(estimate.tenMinuteSteps % 100).toBe(0);
    expect(estimate.tenMinuteSteps).toBe(Math.max(100, Math.round(600 / estimate.secondsPerStep / 100) * 100));
    const start = performance.now();
    expect(await speed.estimate(request)).toBe(estimate);
    expect(performance.now() - start).toBeLessThan(50);
  }, 120_000);

  it('measures the backend it is asked for, and says so', async () => {
    const estimate = await new SpeedEstimator({ busy: () => false }).estimate({ kind: 'inpaint', size: 64, batchSize: 1, backend: 'wasm' });
    expect(estimate.backend).toBe('wasm');
  }, 120_000);

  it('refuses while a run trains (both would share the processor), and starts nothing', async () => {
    let forks = 0;
    const speed = new SpeedEstimator({
      busy: () => true,
      fork: () => {
        forks++;
        throw new Error('must not fork');
      },
    });
    await expect(speed.estimate({ kind: 'gan', size: 64, batchSize: 4, backend: 'auto' })).rejects.toMatchObject({ code: 'E_BUSY' });
    expect(forks).toBe(0);
  });

  it('rejects a size the kind cannot train at before anything runs', () => {
    expect(TrainingEstimateRequestSchema.safeParse({ kind: 'gan', size: 256, batchSize: 4 }).success).toBe(false);
    expect(TrainingEstimateRequestSchema.safeParse({ kind: 'colorize', size: 256, batchSize: 4 }).success).toBe(true);
  });
});
