import { nativeCandidate } from './backend-candidates.js';

/**
 * For tests: null when the tfjs-node backend loads in this process, else why not. It loads only where
 * `npm run link-tensorflow` (run by scripts/install.sh) could give tfjs-node a libtensorflow; tests that need it
 * skip with this reason in their title, and a warning says they did not run. Loading it also activates it.
 */
export const nativeSkipReason: string | null = await nativeCandidate('tfjs-node')
  .load()
  .then(() => null, (err: unknown) => (err instanceof Error ? err.message : String(err)));

if (nativeSkipReason !== null) {
  console.warn(`[tfjs-node] tests that need the native backend did NOT run: ${nativeSkipReason}. Run \`npm run link-tensorflow\`.`);
}

/** A describe/it title that says, when the native backend is absent, that the block did not run and why. */
export function nativeTitle(title: string): string {
  return nativeSkipReason === null ? title : `${title} (NOT RUN: ${nativeSkipReason})`;
}
