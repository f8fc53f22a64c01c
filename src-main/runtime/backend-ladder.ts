import { performance } from 'node:perf_hooks';
import * as tf from '@tensorflow/tfjs';
import type { BackendAttempt, BackendPreference, BackendReport } from '../../src-shared/contract/index.js';
import { KintsugiError } from '../../src-shared/errors.js';
import { defaultCandidates, firstLine, type BackendCandidate } from './backend-candidates.js';

async function attempt(candidate: BackendCandidate): Promise<BackendAttempt> {
  const start = performance.now();
  try {
    await candidate.load();
    return { name: candidate.name, ok: true, ms: performance.now() - start };
  } catch (err) {
    return { name: candidate.name, ok: false, reason: firstLine(err), ms: performance.now() - start };
  }
}

/**
 * Pick the compute backend (DESIGN §2). 'auto' walks the ladder best first and stops at the first that loads.
 * A forced backend is tried alone; when it fails the ladder continues below it, and the report says the forced one
 * failed and why. Every candidate appears once in `attempts`, in ladder order, with why it was skipped.
 * tfjs backends are global: this changes the backend of the whole process.
 */
export async function selectBackend(
  preference: BackendPreference,
  candidates: readonly BackendCandidate[] = defaultCandidates(),
): Promise<BackendReport> {
  const forcedIndex = preference === 'auto' ? -1 : candidates.findIndex((c) => c.name === preference);
  const attempts: BackendAttempt[] = [];
  let active: BackendReport['active'] = null;
  let forcedFailure: string | null = null;

  for (const [i, candidate] of candidates.entries()) {
    if (active) {
      attempts.push({ name: candidate.name, ok: false, reason: `not tried: ${active} already runs` });
      continue;
    }
    if (forcedIndex >= 0 && i < forcedIndex) {
      attempts.push({ name: candidate.name, ok: false, reason: `not tried: ${preference} was forced` });
      continue;
    }
    const result = await attempt(candidate);
    if (i === forcedIndex && !result.ok) {
      forcedFailure = result.reason ?? 'failed';
      result.reason = `forced, but failed: ${forcedFailure}`;
    } else if (result.ok && forcedFailure !== null) {
      result.reason = `fallback: forced ${preference} failed (${forcedFailure})`;
    } else if (result.ok && i === forcedIndex) {
      result.reason = 'forced';
    }
    if (result.ok) active = candidate.name;
    attempts.push(result);
  }

  if (forcedIndex < 0 && preference !== 'auto') {
    // A forced backend this build does not offer at all: say so rather than silently running another.
    attempts.unshift({ name: preference, ok: false, reason: `forced, but failed: ${preference} is not a candidate here` });
  }
  return { active, preference, attempts, tfjsVersion: tf.version.tfjs ?? null };
}

/** `selectBackend` for work that cannot run without one: E_BACKEND, with every candidate's reason, when none loads. */
export async function requireBackend(preference: BackendPreference): Promise<BackendReport> {
  const report = await selectBackend(preference);
  if (report.active === null) {
    const reasons = report.attempts.map((a) => `${a.name}: ${a.reason ?? 'failed'}`).join('; ');
    throw new KintsugiError('E_BACKEND', `No compute backend could be loaded (${reasons})`);
  }
  return report;
}
