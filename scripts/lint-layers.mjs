// Layer rules (.dependency-cruiser.cjs): fails on any violation not in its known list, and on any listed one that no
// longer occurs, so the known list only shrinks and always says what is still wrong.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

const ROOTS = ['src-main', 'src-shared', 'src-renderer', 'models', 'scripts', 'bin', 'e2e'];
const config = createRequire(import.meta.url)('../.dependency-cruiser.cjs');
const known = config.options.knownViolations;

const key = (v) => (v.cycle ? `${v.rule.name}: cycle ${v.cycle.map((m) => m.name).sort().join(' <-> ')}` : `${v.rule.name}: ${v.from} -> ${v.to}`);

const found = JSON.parse(
  execFileSync('npx', ['depcruise', ...ROOTS, '--config', '.dependency-cruiser.cjs', '--no-ignore-known', '--output-type', 'baseline'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 ** 2,
  }),
);
const foundKeys = new Set(found.map(key));
const knownKeys = new Set(known.map(key));
const added = [...foundKeys].filter((k) => !knownKeys.has(k));
const fixed = [...knownKeys].filter((k) => !foundKeys.has(k));

for (const k of added) console.error(`layer rule broken: ${k}`);
for (const k of fixed) console.error(`known violation no longer occurs, remove it from .dependency-cruiser.cjs: ${k}`);
if (added.length > 0 || fixed.length > 0) process.exit(1);
console.log(`[layers] rules hold: ${found.length} known violations remain (${[...new Set(known.map((v) => v.rule.name))].join(', ')})`);
