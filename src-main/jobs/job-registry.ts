import { KintsugiError } from '../../src-shared/errors.js';

/**
 * Long operations in flight, by the id the client chose, so `jobs.cancel` can reach one from another call.
 * Each job gets an AbortSignal; whoever runs the job watches it.
 */
export class JobRegistry {
  readonly #running = new Map<string, { controller: AbortController; settled: Promise<unknown> }>();

  /**
   * Run `work` as job `jobId`: registered for its whole duration, removed however it ends. An id already running is
   * refused, so a cancel can never reach the wrong job.
   */
  async run<T>(jobId: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.#running.has(jobId)) throw new KintsugiError('E_INVALID_ARGUMENT', `A job with id "${jobId}" is already running`);
    const controller = new AbortController();
    const done = work(controller.signal);
    this.#running.set(jobId, { controller, settled: done.catch(() => undefined) });
    try {
      return await done;
    } finally {
      this.#running.delete(jobId);
    }
  }

  /** The app is closing: cancel every job and resolve once each has stopped, so none writes after the library closes. */
  async cancelAll(): Promise<number> {
    const entries = [...this.#running.values()];
    for (const entry of entries) entry.controller.abort();
    await Promise.all(entries.map((e) => e.settled));
    return entries.length;
  }

  /** True when the job was running (its signal is now aborted); false for an unknown or finished job. */
  cancel(jobId: string): boolean {
    const entry = this.#running.get(jobId);
    if (!entry) return false;
    entry.controller.abort();
    return true;
  }
}
