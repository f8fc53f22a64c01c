import { KintsugiError } from '../../src-shared/errors.js';

/**
 * Long operations in flight, by the id the client chose, so `jobs.cancel` can reach one from another call.
 * Each job gets an AbortSignal; whoever runs the job watches it.
 */
export class JobRegistry {
  readonly #running = new Map<string, AbortController>();

  /**
   * Run `work` as job `jobId`: registered for its whole duration, removed however it ends. An id already running is
   * refused, so a cancel can never reach the wrong job.
   */
  async run<T>(jobId: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.#running.has(jobId)) throw new KintsugiError('E_INVALID_ARGUMENT', `A job with id "${jobId}" is already running`);
    const controller = new AbortController();
    this.#running.set(jobId, controller);
    try {
      return await work(controller.signal);
    } finally {
      this.#running.delete(jobId);
    }
  }

  /** True when the job was running (its signal is now aborted); false for an unknown or finished job. */
  cancel(jobId: string): boolean {
    const controller = this.#running.get(jobId);
    if (!controller) return false;
    controller.abort();
    return true;
  }
}
