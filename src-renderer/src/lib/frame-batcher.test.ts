import { describe, expect, it } from 'vitest';
import { frameBatcher } from './frame-batcher.js';

/** A fake frame clock: frames run only when the test says so. */
function fakeFrames() {
  const pending = new Map<number, () => void>();
  let next = 1;
  return {
    request: (cb: () => void) => {
      pending.set(next, cb);
      return next++;
    },
    cancel: (handle: number) => void pending.delete(handle),
    tick: () => {
      const callbacks = [...pending.values()];
      pending.clear();
      callbacks.forEach((cb) => cb());
    },
    get pending() {
      return pending.size;
    },
  };
}

describe('frameBatcher', () => {
  it('folds a burst of changes into one flush per frame', () => {
    const frames = fakeFrames();
    let flushes = 0;
    const batcher = frameBatcher(() => flushes++, frames.request, frames.cancel);
    for (let i = 0; i < 50; i++) batcher.schedule();
    expect(frames.pending).toBe(1);
    frames.tick();
    expect(flushes).toBe(1);
    frames.tick();
    expect(flushes).toBe(1);
    batcher.schedule();
    frames.tick();
    expect(flushes).toBe(2);
  });

  it('cancel drops the flush that was asked for', () => {
    const frames = fakeFrames();
    let flushes = 0;
    const batcher = frameBatcher(() => flushes++, frames.request, frames.cancel);
    batcher.schedule();
    batcher.cancel();
    frames.tick();
    expect(flushes).toBe(0);
    batcher.schedule();
    frames.tick();
    expect(flushes).toBe(1);
  });
});
