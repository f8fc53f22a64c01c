import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../inpaint/random.js';
import { type GridOperator, coarsen, levinSystem, solveMultigridCg } from './chroma-solver.js';

/** Same order as the solver's edge slots. */
const OFFSETS = [
  [-1, -1],
  [0, -1],
  [1, -1],
  [-1, 0],
  [1, 0],
  [-1, 1],
  [0, 1],
  [1, 1],
] as const;

/** The operator as a dense matrix. */
function dense(op: GridOperator): number[][] {
  const n = op.width * op.height;
  const m = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let y = 0; y < op.height; y++) {
    for (let x = 0; x < op.width; x++) {
      const i = y * op.width + x;
      (m[i] as number[])[i] = op.diagonal[i] as number;
      OFFSETS.forEach(([dx, dy], k) => {
        const w = op.edges[i * 8 + k] as number;
        if (w !== 0) (m[i] as number[])[(y + dy) * op.width + x + dx] = -w;
      });
    }
  }
  return m;
}

/** Gaussian elimination with partial pivoting, in float64, on the rows/columns listed in `keep`. */
function solveDense(m: number[][], rhs: number[], keep: number[]): Map<number, number> {
  const a = keep.map((i) => [...keep.map((j) => (m[i] as number[])[j] as number), rhs[i] as number]);
  const k = keep.length;
  for (let c = 0; c < k; c++) {
    let pivot = c;
    for (let r = c + 1; r < k; r++) if (Math.abs((a[r] as number[])[c] as number) > Math.abs((a[pivot] as number[])[c] as number)) pivot = r;
    [a[c], a[pivot]] = [a[pivot] as number[], a[c] as number[]];
    const row = a[c] as number[];
    for (let r = 0; r < k; r++) {
      if (r === c) continue;
      const other = a[r] as number[];
      const f = (other[c] as number) / (row[c] as number);
      for (let j = c; j <= k; j++) other[j] = (other[j] as number) - f * (row[j] as number);
    }
  }
  return new Map(keep.map((i, r) => [i, ((a[r] as number[])[k] as number) / ((a[r] as number[])[r] as number)]));
}

function smallProblem() {
  const width = 13;
  const height = 9;
  const random = mulberry32(7);
  const L = new Float32Array(width * height);
  // Two flat-ish regions split by a diagonal edge, with noise.
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) L[y * width + x] = (x + y < 11 ? 30 : 75) + random() * 3;
  const label = new Int32Array(width * height).fill(-1);
  label[2 * width + 2] = 0;
  label[7 * width + 10] = 1;
  label[7 * width + 11] = 1;
  const hint = { a: Float32Array.of(50, -30), b: Float32Array.of(20, -60) };
  return { width, height, L, label, hint, system: levinSystem(L, width, height, label, hint) };
}

describe('levinSystem', () => {
  it('is symmetric, with fixed pixels moved to the right-hand side', () => {
    const { width, label, hint, system } = smallProblem();
    const m = dense(system.operator);
    const n = m.length;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect((m[i] as number[])[j]).toBeCloseTo((m[j] as number[])[i] as number, 6);
    // A fixed pixel has no row; a free neighbour of it carries its pull in the right-hand side.
    const fixed = 2 * width + 2;
    expect(system.operator.diagonal[fixed]).toBe(0);
    const neighbour = 2 * width + 3;
    const pull = (system.operator.diagonal[neighbour] as number) - system.operator.edges.subarray(neighbour * 8, neighbour * 8 + 8).reduce((s, w) => s + w, 0);
    expect(pull).toBeGreaterThan(0);
    expect(system.rhs[2 * neighbour]).toBeCloseTo(pull * (hint.a[0] as number), 3);
    expect(label[neighbour]).toBe(-1);
  });
});

describe('coarsen', () => {
  it('is the Galerkin product P^T A P with P copying each 2x2 block to its pixels', () => {
    const { width, height, system } = smallProblem();
    const fine = dense(system.operator);
    const coarse = coarsen(system.operator);
    const cw = Math.ceil(width / 2);
    const block = (i: number) => Math.floor(Math.floor(i / width) / 2) * cw + Math.floor((i % width) / 2);
    const want = Array.from({ length: coarse.width * coarse.height }, () => new Array<number>(coarse.width * coarse.height).fill(0));
    fine.forEach((row, i) => row.forEach((v, j) => ((want[block(i)] as number[])[block(j)] = ((want[block(i)] as number[])[block(j)] as number) + v)));
    expect([coarse.width, coarse.height]).toEqual([7, Math.ceil(height / 2)]);
    const got = dense(coarse);
    got.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo((want[i] as number[])[j] as number, 4)));
  });
});

describe('solveMultigridCg', () => {
  it('matches a direct solve of the same system', async () => {
    const { width, height, system } = smallProblem();
    const m = dense(system.operator);
    const free = [...Array(width * height).keys()].filter((i) => (system.operator.diagonal[i] as number) > 0);
    const x = new Float32Array(2 * width * height);
    const report = await solveMultigridCg(system.operator, system.rhs, x, {
      tolerance: 1e-6,
      maxIterations: 100,
      signal: new AbortController().signal,
      onProgress: () => {},
    });
    expect(report.residual).toBeLessThanOrEqual(1e-6);
    for (const channel of [0, 1]) {
      const rhs = Array.from({ length: width * height }, (_, i) => system.rhs[2 * i + channel] as number);
      const exact = solveDense(m, rhs, free);
      for (const i of free) expect(x[2 * i + channel]).toBeCloseTo(exact.get(i) as number, 3);
    }
    // The two regions took their own hint's colour.
    expect(x[2 * (1 * width + 1)]).toBeGreaterThan(45);
    expect(x[2 * (8 * width + 12)]).toBeLessThan(-25);
  });

  it('answers a system without hint colour with zero', async () => {
    const { width, height, L } = smallProblem();
    const label = new Int32Array(width * height).fill(-1);
    label[0] = 0;
    const system = levinSystem(L, width, height, label, { a: Float32Array.of(0), b: Float32Array.of(0) });
    const x = new Float32Array(2 * width * height);
    const report = await solveMultigridCg(system.operator, system.rhs, x, { tolerance: 1e-3, maxIterations: 10, signal: new AbortController().signal, onProgress: () => {} });
    expect(report.iterations).toBe(0);
    expect(x.every((v) => v === 0)).toBe(true);
  });
});
