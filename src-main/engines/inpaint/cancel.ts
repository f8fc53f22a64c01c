import { KintsugiError } from '../../../src-shared/errors.js';

/** Engines call this between passes; the message is what the user sees when they press Cancel. */
export function throwIfCancelled(signal: AbortSignal, message = 'Inpainting was cancelled'): void {
  if (signal.aborted) throw new KintsugiError('E_CANCELLED', message);
}

/**
 * Lets queued events (an abort message from the UI, a progress flush) run in the middle of a long synchronous
 * computation; without it an abort could only be seen after the whole run had finished.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
