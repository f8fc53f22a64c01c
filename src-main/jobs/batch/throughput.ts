/** Files per minute over the recent past of a run, and the time left at that pace. */
export class Throughput {
  /** Finish times (ms), preceded by the run's start; only the last WINDOW intervals count. */
  readonly #times: number[];

  static readonly WINDOW = 20;

  constructor(startedAt: number = performance.now()) {
    this.#times = [startedAt];
  }

  /** A file finished (done, failed or skipped). */
  record(at: number = performance.now()): void {
    this.#times.push(at);
    if (this.#times.length > Throughput.WINDOW + 1) this.#times.shift();
  }

  /** Null until a file has finished. */
  imagesPerMinute(): number | null {
    const n = this.#times.length - 1;
    if (n < 1) return null;
    const span = (this.#times[n] as number) - (this.#times[0] as number);
    return span > 0 ? (n / span) * 60_000 : null;
  }

  etaSeconds(remaining: number): number | null {
    if (remaining === 0) return 0;
    const rate = this.imagesPerMinute();
    return rate ? (remaining / rate) * 60 : null;
  }
}
