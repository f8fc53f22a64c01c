// One closing line for the whole suite, from the vitest and Playwright JSON reports.
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
const notes = [];

const [vitestFile, playwrightFile] = process.argv.slice(2);
if (existsSync(vitestFile)) {
  const v = JSON.parse(readFileSync(vitestFile, 'utf8'));
  passed += v.numPassedTests;
  failed += v.numFailedTests + (v.numRuntimeErrorTestSuites ?? 0);
  skipped += v.numPendingTests + v.numTodoTests;
  // Tests that need something this machine lacks (e.g. the native backend) say so in their title.
  for (const file of v.testResults ?? []) {
    for (const t of file.assertionResults ?? []) if (t.status !== 'passed' && t.fullName.includes('NOT RUN')) notes.push(`not run: ${t.fullName}`);
  }
} else {
  failed += 1;
  notes.push('vitest wrote no report');
}
if (existsSync(playwrightFile)) {
  const p = JSON.parse(readFileSync(playwrightFile, 'utf8'));
  passed += p.stats.expected;
  failed += p.stats.unexpected + p.stats.flaky;
  skipped += p.stats.skipped;
  const walk = (suite) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        for (const a of test.annotations ?? []) if (a.type === 'skip' && a.description) notes.push(`not run: ${spec.title}: ${a.description}`);
      }
    }
    (suite.suites ?? []).forEach(walk);
  };
  (p.suites ?? []).forEach(walk);
} else {
  failed += 1;
  notes.push('playwright wrote no report');
}
for (const n of notes) console.log(`[test] ${n}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
