import { describe, expect, it } from 'vitest';
import type { BackendCandidate } from './backend-candidates.js';
import { RuntimeService } from './runtime-service.js';

describe('RuntimeService', () => {
  it('selects lazily, once, and keeps the answer', async () => {
    let loads = 0;
    const candidates = (): BackendCandidate[] => [
      {
        name: 'cpu',
        async load() {
          loads++;
        },
      },
    ];
    const runtime = new RuntimeService('auto', candidates);
    expect(loads).toBe(0);
    const [a, b] = await Promise.all([runtime.report(), runtime.report()]);
    expect(await runtime.report()).toBe(a);
    expect(b).toBe(a);
    expect(loads).toBe(1);
    expect(a).toMatchObject({ active: 'cpu', preference: 'auto' });
  });

  it('keeps the preference it was made with', () => {
    expect(new RuntimeService('wasm').preference).toBe('wasm');
  });
});
