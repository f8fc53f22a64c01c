import { throwIfCancelled, yieldToEventLoop } from '../inpaint/cancel.js';

/**
 * The linear system of Levin, Lischinski & Weiss 2004 ("Colorization using Optimization") on one grid, and a
 * multigrid-preconditioned conjugate-gradient solver for it.
 *
 * Levin et al. minimise sum_r (U(r) - sum_{s in N(r)} w_rs U(s))^2 with the hint pixels fixed; the minimum makes
 * every free pixel the weighted mean of its 8 neighbours, i.e. sum_s a_rs (U(r) - U(s)) = 0 with affinities
 * a_rs = exp(-(Y(r) - Y(s))^2 / sigma^2) (w_rs = a_rs / sum_s a_rs). They take sigma^2 per pixel from the variance of
 * its 3x3 window; here each pair uses the mean of its two pixels' values, so a_rs = a_sr and the system is a graph
 * Laplacian: symmetric positive definite on the free pixels, which conjugate gradients solves. Edges (large
 * |Y(r) - Y(s)| against the local variance) get tiny affinities, so colour stays on its side of them.
 */

/**
 * A symmetric 9-point operator on a grid: A x = diagonal * x - sum of edges * neighbours. Per pixel, `edges` holds
 * the weights to its 8 neighbours in `NEIGHBOURS` order (0 off the grid or towards a fixed pixel); a fixed (or
 * fully fixed, on coarse grids) pixel has diagonal 0 and no edges, and stays 0 in every vector.
 */
export interface GridOperator {
  width: number;
  height: number;
  edges: Float32Array;
  diagonal: Float32Array;
}

/** Neighbour offsets (dx, dy), in the order of `GridOperator.edges`. */
const NEIGHBOURS = [
  [-1, -1],
  [0, -1],
  [1, -1],
  [-1, 0],
  [1, 0],
  [-1, 1],
  [0, 1],
  [1, 1],
] as const;

/** Levin et al.'s code: sigma^2 = 0.6 x window variance, ... */
const VARIANCE_FACTOR = 0.6;
/** ... but at least so large that the most similar neighbour keeps an affinity of 0.01 (no isolated pixels), ... */
const MIN_NEAREST_AFFINITY = 0.01;
/** ... and never below this, in (Y in [0, 1]) squared. */
const MIN_SIGMA_SQ = 2e-6;

/** sigma^2 of each pixel from its clipped 3x3 window (see the constants above). */
function windowSigmaSq(intensity: Float32Array, width: number, height: number): Float32Array {
  const sigmaSq = new Float32Array(width * height);
  const floorScale = -1 / Math.log(MIN_NEAREST_AFFINITY);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const centre = intensity[i] as number;
      let sum = 0;
      let sumSq = 0;
      let count = 0;
      let nearest = Infinity;
      for (let yy = Math.max(0, y - 1); yy <= Math.min(height - 1, y + 1); yy++) {
        for (let xx = Math.max(0, x - 1); xx <= Math.min(width - 1, x + 1); xx++) {
          const v = intensity[yy * width + xx] as number;
          sum += v;
          sumSq += v * v;
          count++;
          if (yy !== y || xx !== x) nearest = Math.min(nearest, (v - centre) ** 2);
        }
      }
      const variance = Math.max(0, sumSq / count - (sum / count) ** 2);
      sigmaSq[i] = Math.max(VARIANCE_FACTOR * variance, Number.isFinite(nearest) ? nearest * floorScale : 0, MIN_SIGMA_SQ);
    }
  }
  return sigmaSq;
}

export interface LevinSystem {
  operator: GridOperator;
  /** Right-hand side, a* and b* interleaved: the pull of the fixed neighbours' hint colours. */
  rhs: Float32Array;
}

/**
 * Levin et al.'s system for the free pixels of a grid with lightness `L` (L* in [0, 100]): `label[i]` >= 0 fixes pixel
 * i to the hint colour `hint.a/b[label[i]]`. Edges to fixed pixels move into the diagonal and the right-hand side.
 */
export function levinSystem(L: Float32Array, width: number, height: number, label: Int32Array, hint: { a: Float32Array; b: Float32Array }): LevinSystem {
  const n = width * height;
  // Levin et al. work with intensities in [0, 1]; the constants above are in those units.
  const intensity = L.map((v) => v / 100);
  const sigmaSq = windowSigmaSq(intensity, width, height);
  const edges = new Float32Array(n * 8);
  const diagonal = new Float32Array(n);
  const rhs = new Float32Array(2 * n);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if ((label[i] as number) >= 0) continue;
      let sum = 0;
      for (let k = 0; k < 8; k++) {
        const [dx, dy] = NEIGHBOURS[k] as readonly [number, number];
        const xx = x + dx;
        const yy = y + dy;
        if (xx < 0 || yy < 0 || xx >= width || yy >= height) continue;
        const j = yy * width + xx;
        const d = (intensity[i] as number) - (intensity[j] as number);
        const affinity = Math.exp((-2 * d * d) / ((sigmaSq[i] as number) + (sigmaSq[j] as number)));
        sum += affinity;
        const h = label[j] as number;
        if (h >= 0) {
          rhs[2 * i] = (rhs[2 * i] as number) + affinity * (hint.a[h] as number);
          rhs[2 * i + 1] = (rhs[2 * i + 1] as number) + affinity * (hint.b[h] as number);
        } else {
          edges[i * 8 + k] = affinity;
        }
      }
      diagonal[i] = sum;
    }
  }
  return { operator: { width, height, edges, diagonal }, rhs };
}

/**
 * The operator on the grid of 2x2 blocks (aggregation, Galerkin: P^T A P with P copying a block's value to its
 * pixels). A coarse edge sums the fine affinities that cross between two blocks, so a luminance edge that separates
 * regions at full resolution still separates them on every coarse grid.
 */
export function coarsen(fine: GridOperator): GridOperator {
  const { width, height } = fine;
  const cw = Math.ceil(width / 2);
  const ch = Math.ceil(height / 2);
  const edges = new Float32Array(cw * ch * 8);
  const diagonal = new Float32Array(cw * ch);
  for (let y = 0; y < height; y++) {
    const by = y >> 1;
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const bx = x >> 1;
      const block = by * cw + bx;
      diagonal[block] = (diagonal[block] as number) + (fine.diagonal[i] as number);
      for (let k = 0; k < 8; k++) {
        const w = fine.edges[i * 8 + k] as number;
        if (w === 0) continue;
        const [dx, dy] = NEIGHBOURS[k] as readonly [number, number];
        const ox = ((x + dx) >> 1) - bx;
        const oy = ((y + dy) >> 1) - by;
        if (ox === 0 && oy === 0) {
          // Inside the block: the block moves as one, so this pair's coupling cancels out of the diagonal.
          diagonal[block] = (diagonal[block] as number) - w;
        } else {
          // Position in the 3x3 block neighbourhood, row by row; without the centre this is NEIGHBOURS' order.
          const slot = (oy + 1) * 3 + (ox + 1);
          const e = block * 8 + (slot > 4 ? slot - 1 : slot);
          edges[e] = (edges[e] as number) + w;
        }
      }
    }
  }
  return { width: cw, height: ch, edges, diagonal };
}

// Vectors below hold both chroma channels interleaved (a* at 2i, b* at 2i + 1): each pass over the affinities then
// serves both (a conjugate-gradient step for both took about 60% of the time of two single-channel steps).

/** Sum of each 2x2 block (P^T r). */
function restrict(fine: Float32Array, width: number, height: number, coarse: Float32Array): void {
  const cw = Math.ceil(width / 2);
  coarse.fill(0);
  for (let y = 0; y < height; y++) {
    const row = (y >> 1) * cw;
    for (let x = 0; x < width; x++) {
      const c = 2 * (row + (x >> 1));
      const f = 2 * (y * width + x);
      coarse[c] = (coarse[c] as number) + (fine[f] as number);
      coarse[c + 1] = (coarse[c + 1] as number) + (fine[f + 1] as number);
    }
  }
}

/**
 * Aggregation's piecewise-constant interpolation undershoots smooth corrections; scaling the coarse correction up
 * (over-correction, a known remedy in aggregation multigrid) roughly halved the conjugate-gradient steps on photos
 * (1.3-1.7 all did well).
 */
const OVER_CORRECTION = 1.5;

/** fine += OVER_CORRECTION * P coarse, on active pixels only (fixed ones stay 0). */
function prolongAdd(coarse: Float32Array, op: GridOperator, fine: Float32Array): void {
  const { width, height, diagonal } = op;
  const cw = Math.ceil(width / 2);
  for (let y = 0; y < height; y++) {
    const row = (y >> 1) * cw;
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if ((diagonal[i] as number) === 0) continue;
      const c = 2 * (row + (x >> 1));
      fine[2 * i] = (fine[2 * i] as number) + OVER_CORRECTION * (coarse[c] as number);
      fine[2 * i + 1] = (fine[2 * i + 1] as number) + OVER_CORRECTION * (coarse[c + 1] as number);
    }
  }
}

/** q = A p for both channels; returns [p.q] per channel. */
function apply(op: GridOperator, p: Float32Array, q: Float32Array): [number, number] {
  const { width, height, edges, diagonal } = op;
  let dotA = 0;
  let dotB = 0;
  // Border pixels: an off-grid neighbour reads the pixel itself (its weight is 0).
  const border = (x: number, y: number): void => {
    const i = y * width + x;
    const d = diagonal[i] as number;
    let sa = d * (p[2 * i] as number);
    let sb = d * (p[2 * i + 1] as number);
    for (let k = 0; k < 8; k++) {
      const [dx, dy] = NEIGHBOURS[k] as readonly [number, number];
      const xx = x + dx;
      const yy = y + dy;
      const j = xx < 0 || yy < 0 || xx >= width || yy >= height ? i : yy * width + xx;
      const w = edges[i * 8 + k] as number;
      sa -= w * (p[2 * j] as number);
      sb -= w * (p[2 * j + 1] as number);
    }
    q[2 * i] = sa;
    q[2 * i + 1] = sb;
    dotA += sa * (p[2 * i] as number);
    dotB += sb * (p[2 * i + 1] as number);
  };
  for (let y = 0; y < height; y++) {
    if (y === 0 || y === height - 1 || width < 3) {
      for (let x = 0; x < width; x++) border(x, y);
      continue;
    }
    border(0, y);
    const up = 2 * (y - 1) * width;
    const row = 2 * y * width;
    const down = 2 * (y + 1) * width;
    for (let x = 1; x < width - 1; x++) {
      const e = (y * width + x) * 8;
      const w0 = edges[e] as number;
      const w1 = edges[e + 1] as number;
      const w2 = edges[e + 2] as number;
      const w3 = edges[e + 3] as number;
      const w4 = edges[e + 4] as number;
      const w5 = edges[e + 5] as number;
      const w6 = edges[e + 6] as number;
      const w7 = edges[e + 7] as number;
      const d = diagonal[y * width + x] as number;
      const u = up + 2 * x;
      const c = row + 2 * x;
      const v = down + 2 * x;
      const ca = p[c] as number;
      const cb = p[c + 1] as number;
      const sa =
        d * ca -
        (w0 * (p[u - 2] as number) +
          w1 * (p[u] as number) +
          w2 * (p[u + 2] as number) +
          w3 * (p[c - 2] as number) +
          w4 * (p[c + 2] as number) +
          w5 * (p[v - 2] as number) +
          w6 * (p[v] as number) +
          w7 * (p[v + 2] as number));
      const sb =
        d * cb -
        (w0 * (p[u - 1] as number) +
          w1 * (p[u + 1] as number) +
          w2 * (p[u + 3] as number) +
          w3 * (p[c - 1] as number) +
          w4 * (p[c + 3] as number) +
          w5 * (p[v - 1] as number) +
          w6 * (p[v + 1] as number) +
          w7 * (p[v + 3] as number));
      q[c] = sa;
      q[c + 1] = sb;
      dotA += sa * ca;
      dotB += sb * cb;
    }
    border(width - 1, y);
  }
  return [dotA, dotB];
}

/** Jacobi damping: for an 8-neighbour Laplacian the eigenvalues of D^-1 A lie in [0, 2]; 2/3 damps the top third. */
const JACOBI_WEIGHT = 2 / 3;
/** Coarsening stops at grids this small; there a few dozen Jacobi sweeps are an (almost) exact solve. */
const COARSEST_PIXELS = 16;
const COARSEST_SWEEPS = 30;

interface MultigridLevel {
  op: GridOperator;
  /** JACOBI_WEIGHT / diagonal on active pixels, 0 on fixed ones. */
  smoother: Float32Array;
  // Scratch vectors of the V-cycle at this level (two channels each).
  x: Float32Array;
  r: Float32Array;
  t: Float32Array;
}

function multigridLevels(op: GridOperator): MultigridLevel[] {
  const levels: MultigridLevel[] = [];
  let current = op;
  for (;;) {
    const n = current.width * current.height;
    const smoother = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const d = current.diagonal[i] as number;
      if (d > 0) smoother[i] = JACOBI_WEIGHT / d;
    }
    levels.push({ op: current, smoother, x: new Float32Array(2 * n), r: new Float32Array(2 * n), t: new Float32Array(2 * n) });
    if (n <= COARSEST_PIXELS) return levels;
    current = coarsen(current);
  }
}

/** x += weight D^-1 (r - A x). */
function jacobiSweep(level: MultigridLevel): void {
  const { op, smoother, x, r, t } = level;
  apply(op, x, t);
  for (let i = 0; i < smoother.length; i++) {
    const s = smoother[i] as number;
    x[2 * i] = (x[2 * i] as number) + s * ((r[2 * i] as number) - (t[2 * i] as number));
    x[2 * i + 1] = (x[2 * i + 1] as number) + s * ((r[2 * i + 1] as number) - (t[2 * i + 1] as number));
  }
}

/**
 * One symmetric V-cycle from zero for A x = r at `levels[k]` (r in `levels[k].r`, x out in `levels[k].x`): one damped
 * Jacobi sweep before and one after the coarse correction, so the cycle is a fixed symmetric positive operator that
 * conjugate gradients may use as its preconditioner.
 */
function vCycle(levels: MultigridLevel[], k: number): void {
  const level = levels[k] as MultigridLevel;
  const { op, smoother, x, r, t } = level;
  for (let i = 0; i < smoother.length; i++) {
    const s = smoother[i] as number;
    x[2 * i] = s * (r[2 * i] as number);
    x[2 * i + 1] = s * (r[2 * i + 1] as number);
  }
  const coarse = levels[k + 1];
  if (coarse === undefined) {
    for (let sweep = 1; sweep < COARSEST_SWEEPS; sweep++) jacobiSweep(level);
    return;
  }
  apply(op, x, t);
  for (let i = 0; i < t.length; i++) t[i] = (r[i] as number) - (t[i] as number);
  restrict(t, op.width, op.height, coarse.r);
  vCycle(levels, k + 1);
  prolongAdd(coarse.x, op, x);
  jacobiSweep(level);
}

export interface SolveOptions {
  /** Stop when the residual of both channels is below this share of the right-hand side's norm. */
  tolerance: number;
  maxIterations: number;
  signal: AbortSignal;
  /** Called from time to time with an estimate of the share done (from the residual's fall towards `tolerance`). */
  onProgress(fraction: number): void;
}

export interface SolveReport {
  iterations: number;
  /** Residual norm relative to the right-hand side's (the larger of the two channels). */
  residual: number;
}

/** How long the solver computes before letting queued events (an abort) run. */
const YIELD_EVERY_MS = 40;

function norms(v: Float32Array): [number, number] {
  let a = 0;
  let b = 0;
  for (let i = 0; i < v.length; i += 2) {
    a += (v[i] as number) ** 2;
    b += (v[i + 1] as number) ** 2;
  }
  return [Math.sqrt(a), Math.sqrt(b)];
}

/**
 * Solves A x = rhs for both channels (interleaved) by conjugate gradients preconditioned with one multigrid V-cycle
 * per step, the two channels in lock step. `x` holds the initial guess and receives the answer (fixed pixels stay 0).
 */
export async function solveMultigridCg(op: GridOperator, rhs: Float32Array, x: Float32Array, options: SolveOptions): Promise<SolveReport> {
  const levels = multigridLevels(op);
  const top = levels[0] as MultigridLevel;
  const n2 = x.length;
  const r = new Float32Array(n2);
  const q = new Float32Array(n2);
  apply(op, x, q);
  for (let i = 0; i < n2; i++) r[i] = (op.diagonal[i >> 1] as number) > 0 ? (rhs[i] as number) - (q[i] as number) : 0;
  // One scale for both channels: a channel with almost no hint colour need not be solved to a finer absolute error.
  const scale = Math.max(...norms(rhs));
  if (scale === 0) {
    // No hint colour reaches the free pixels: the answer is grey.
    x.fill(0);
    return { iterations: 0, residual: 0 };
  }
  const relative = (): number => Math.max(...norms(r)) / scale;
  const precondition = (): [number, number] => {
    top.r.set(r);
    vCycle(levels, 0);
    let a = 0;
    let b = 0;
    for (let i = 0; i < n2; i += 2) {
      a += (r[i] as number) * (top.x[i] as number);
      b += (r[i + 1] as number) * (top.x[i + 1] as number);
    }
    return [a, b];
  };
  let residual = relative();
  let [rzA, rzB] = precondition();
  const p = Float32Array.from(top.x);
  let iterations = 0;
  let lastYield = performance.now();
  while (iterations < options.maxIterations && residual > options.tolerance) {
    const [pqA, pqB] = apply(op, p, q);
    // A channel with nothing left to do (p.q = 0) must not divide by zero.
    const alphaA = pqA > 0 ? rzA / pqA : 0;
    const alphaB = pqB > 0 ? rzB / pqB : 0;
    for (let i = 0; i < n2; i += 2) {
      x[i] = (x[i] as number) + alphaA * (p[i] as number);
      x[i + 1] = (x[i + 1] as number) + alphaB * (p[i + 1] as number);
      r[i] = (r[i] as number) - alphaA * (q[i] as number);
      r[i + 1] = (r[i + 1] as number) - alphaB * (q[i + 1] as number);
    }
    iterations++;
    residual = relative();
    if (residual <= options.tolerance) break;
    const [nextA, nextB] = precondition();
    const betaA = rzA > 0 ? nextA / rzA : 0;
    const betaB = rzB > 0 ? nextB / rzB : 0;
    rzA = nextA;
    rzB = nextB;
    for (let i = 0; i < n2; i += 2) {
      p[i] = (top.x[i] as number) + betaA * (p[i] as number);
      p[i + 1] = (top.x[i + 1] as number) + betaB * (p[i + 1] as number);
    }
    if (performance.now() - lastYield > YIELD_EVERY_MS) {
      options.onProgress(Math.min(1, Math.max(0, Math.log(residual) / Math.log(options.tolerance))));
      await yieldToEventLoop();
      throwIfCancelled(options.signal, 'Colorization was cancelled');
      lastYield = performance.now();
    }
  }
  return { iterations, residual };
}
