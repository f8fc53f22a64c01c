import { describe, expect, it } from 'vitest';
import type { BackendName } from '../../src-shared/contract/index.js';
import type { BackendCandidate } from './backend-candidates.js';
import { selectBackend } from './backend-ladder.js';

/** A ladder of fakes: each loads, or throws the given message. Records the order in which they were tried. */
function fakeLadder(outcomes: Record<BackendName, string | 'ok'>): { candidates: BackendCandidate[]; tried: BackendName[] } {
  const tried: BackendName[] = [];
  const candidates = (Object.keys(outcomes) as BackendName[]).map((name) => ({
    name,
    async load() {
      tried.push(name);
      const outcome = outcomes[name];
      if (outcome !== 'ok') throw new Error(outcome);
    },
  }));
  return { candidates, tried };
}

const CUDNN = 'libcudnn.so.8: cannot open shared object file: No such file or directory';

describe('selectBackend with fake candidates', () => {
  it('records the first line of a load error and takes the next rung', async () => {
    const { candidates, tried } = fakeLadder({
      'tfjs-node-gpu': `${CUDNN}\n    at Module._extensions..node (node:internal/modules/cjs/loader:1460:18)`,
      'tfjs-node': 'ok',
      wasm: 'ok',
      cpu: 'ok',
    });
    const report = await selectBackend('auto', candidates);
    expect(report.active).toBe('tfjs-node');
    expect(tried).toEqual(['tfjs-node-gpu', 'tfjs-node']);
    expect(report.attempts.map((a) => [a.name, a.ok, a.reason])).toEqual([
      ['tfjs-node-gpu', false, CUDNN],
      ['tfjs-node', true, undefined],
      ['wasm', false, 'not tried: tfjs-node already runs'],
      ['cpu', false, 'not tried: tfjs-node already runs'],
    ]);
    expect(report.attempts[0]?.ms).toBeGreaterThanOrEqual(0);
    expect(report.attempts[2]?.ms).toBeUndefined();
  });

  it('reports active null when nothing loads, with every reason', async () => {
    const { candidates } = fakeLadder({ 'tfjs-node-gpu': 'no gpu', 'tfjs-node': 'no native', wasm: 'no wasm', cpu: 'no cpu' });
    const report = await selectBackend('auto', candidates);
    expect(report.active).toBeNull();
    expect(report.preference).toBe('auto');
    expect(report.attempts.map((a) => a.reason)).toEqual(['no gpu', 'no native', 'no wasm', 'no cpu']);
    expect(report.attempts.every((a) => !a.ok)).toBe(true);
  });

  it('tries only a forced backend that loads', async () => {
    const { candidates, tried } = fakeLadder({ 'tfjs-node-gpu': 'ok', 'tfjs-node': 'ok', wasm: 'ok', cpu: 'ok' });
    const report = await selectBackend('cpu', candidates);
    expect(tried).toEqual(['cpu']);
    expect(report).toMatchObject({ active: 'cpu', preference: 'cpu' });
    expect(report.attempts.find((a) => a.name === 'tfjs-node-gpu')?.reason).toBe('not tried: cpu was forced');
    expect(report.attempts.find((a) => a.name === 'cpu')).toMatchObject({ ok: true, reason: 'forced' });
  });

  it('falls back down the ladder from a forced backend that fails, and says why', async () => {
    const { candidates, tried } = fakeLadder({ 'tfjs-node-gpu': 'ok', 'tfjs-node': 'broken binding', wasm: 'no wasm', cpu: 'ok' });
    const report = await selectBackend('tfjs-node', candidates);
    expect(tried).toEqual(['tfjs-node', 'wasm', 'cpu']);
    expect(report.active).toBe('cpu');
    expect(report.preference).toBe('tfjs-node');
    expect(report.attempts.map((a) => [a.name, a.reason])).toEqual([
      ['tfjs-node-gpu', 'not tried: tfjs-node was forced'],
      ['tfjs-node', 'forced, but failed: broken binding'],
      ['wasm', 'no wasm'],
      ['cpu', 'fallback: forced tfjs-node failed (broken binding)'],
    ]);
  });

  it('says so when a forced backend is not among the candidates', async () => {
    const { candidates } = fakeLadder({ wasm: 'ok' } as Record<BackendName, string>);
    const report = await selectBackend('tfjs-node-gpu', candidates);
    expect(report.active).toBe('wasm');
    expect(report.attempts[0]).toMatchObject({ name: 'tfjs-node-gpu', ok: false });
    expect(report.attempts[0]?.reason).toMatch(/forced, but failed/);
  });

  it('states the tfjs version', async () => {
    const report = await selectBackend('auto', []);
    expect(report.tfjsVersion).toMatch(/^4\.\d+\.\d+/);
    expect(report.active).toBeNull();
  });
});
