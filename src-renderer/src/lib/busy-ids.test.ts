import { describe, expect, it } from 'vitest';
import { whileBusy, type BusyIds } from './busy-ids.js';

describe('whileBusy', () => {
  it('marks the id busy while the work runs, with a new set each time, and returns its answer', async () => {
    const owner: BusyIds = { busy: new Set([1]) };
    const before = owner.busy;
    const answer = await whileBusy(owner, 2, async () => {
      expect([...owner.busy]).toEqual([1, 2]);
      return 'done';
    });
    expect(answer).toBe('done');
    expect([...owner.busy]).toEqual([1]);
    expect(owner.busy).not.toBe(before);
  });

  it('frees the id when the work throws', async () => {
    const owner: BusyIds = { busy: new Set() };
    await expect(whileBusy(owner, 3, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(owner.busy.size).toBe(0);
  });
});
