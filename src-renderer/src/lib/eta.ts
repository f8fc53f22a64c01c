/** Below these the rate says nothing yet: the first percent of a job is mostly its set-up. */
const MIN_FRACTION = 0.03;
const MIN_ELAPSED_MS = 1500;

/** Seconds a job at `fraction` (0–1) after `elapsedMs` still needs at the pace so far; null while that is a guess. */
export function remainingSeconds(elapsedMs: number, fraction: number): number | null {
  if (fraction < MIN_FRACTION || fraction >= 1 || elapsedMs < MIN_ELAPSED_MS) return null;
  return ((elapsedMs / fraction) * (1 - fraction)) / 1000;
}
