/** One chart row: the x value (a training step) and one y per series; null leaves a gap. */
export interface SeriesRow {
  step: number;
  values: readonly (number | null)[];
}

export type SeriesColumns = [number[], ...(number | null)[][]];

/**
 * The columns of one chart (steps, then one array per series) in the shape uPlot draws, filled point by point as
 * training reports. It is deliberately not reactive: a run reports many points, and the chart pulls the columns
 * once per animation frame after `subscribe` told it something changed, instead of Svelte diffing arrays per point.
 */
export class SeriesBuffer {
  readonly #steps: number[] = [];
  readonly #series: (number | null)[][];
  readonly #listeners = new Set<() => void>();

  constructor(seriesCount: number) {
    this.#series = Array.from({ length: seriesCount }, () => []);
  }

  get length(): number {
    return this.#steps.length;
  }

  get lastStep(): number | null {
    return this.#steps.at(-1) ?? null;
  }

  /** The whole history at once (a run's metrics, oldest first). */
  replace(rows: readonly SeriesRow[]): void {
    this.#truncateFrom(-Infinity);
    for (const row of rows) this.#push(row);
    this.#notify();
  }

  /**
   * A live point. A step at or before the last one means the run went back to a checkpoint (resume after a pause
   * or a crash): the points after that checkpoint are no longer its history, so they are dropped first.
   */
  append(row: SeriesRow): void {
    this.#truncateFrom(row.step);
    this.#push(row);
    this.#notify();
  }

  /** A point that may already be in a history just loaded: kept only when it is newer. */
  appendIfNewer(row: SeriesRow): boolean {
    const last = this.lastStep;
    if (last !== null && row.step <= last) return false;
    this.append(row);
    return true;
  }

  clear(): void {
    if (this.#steps.length === 0) return;
    this.#truncateFrom(-Infinity);
    this.#notify();
  }

  /** The live arrays (not copies): uPlot only reads them, and copying a long history every frame would cost. */
  columns(): SeriesColumns {
    return [this.#steps, ...this.#series];
  }

  /** Called after every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #push(row: SeriesRow): void {
    this.#steps.push(row.step);
    // Non-finite numbers (a diverging loss) would wreck the axis range; a gap shows the same thing honestly.
    this.#series.forEach((column, i) => {
      const v = row.values[i];
      column.push(typeof v === 'number' && Number.isFinite(v) ? v : null);
    });
  }

  /** Drops every point whose step is `step` or later (binary search: histories are sorted by step). */
  #truncateFrom(step: number): void {
    let lo = 0;
    let hi = this.#steps.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#steps[mid]! < step) lo = mid + 1;
      else hi = mid;
    }
    if (lo === this.#steps.length) return;
    this.#steps.length = lo;
    for (const column of this.#series) column.length = lo;
  }

  #notify(): void {
    for (const listener of this.#listeners) listener();
  }
}
