/**
 * mulberry32: a tiny, fast 32-bit PRNG. Engines take their randomness from here so one seed always gives the same
 * result (Math.random would make results unrepeatable and tests flaky).
 */
export type Random = () => number;

/**
 * mulberry32 with its 32-bit state in the open, for sequences that must survive a restart: a training run stores
 * `state` in its checkpoint, so a resumed run draws the same crops an uninterrupted one would have.
 */
export class SeededRandom {
  state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}

export function mulberry32(seed: number): Random {
  const random = new SeededRandom(seed);
  return () => random.next();
}

/** A uniformly random integer in [0, n). */
export function randomInt(random: Random, n: number): number {
  return Math.floor(random() * n);
}
