/**
 * Layer rules, checked by `npm run lint:layers` (and scripts/test.sh before vitest).
 * Direction of dependencies: renderer and models never reach into the main process; src-shared (the contract) depends
 * on nothing app-side; Electron stays behind src-main/shell/; no cycles anywhere.
 * @type {import('dependency-cruiser').IConfiguration}
 */
/**
 * Known violations: imports that break a rule today and that the planned restructuring (issue 17: a shared
 * src-main/core/, constants split from schemas) removes. Each is an exact pair (or cycle), so any new violation fails;
 * `npm run lint:layers` also fails when one listed here no longer occurs, so the list can only shrink.
 */
const KNOWN = [
  // RgbImage/HoleMask and SeededRandom live in the inpaint engine but are used by the building blocks (-> core/).
  { rule: 'building-blocks-to-features', from: 'src-main/color/lab.ts', to: 'src-main/engines/inpaint/engine.ts' },
  { rule: 'building-blocks-to-features', from: 'src-main/color/lab.test.ts', to: 'src-main/engines/inpaint/engine.ts' },
  { rule: 'building-blocks-to-features', from: 'src-main/color/lab.test.ts', to: 'src-main/engines/inpaint/random.ts' },
  { rule: 'building-blocks-to-features', from: 'src-main/images/mask-codec.ts', to: 'src-main/engines/inpaint/engine.ts' },
  { rule: 'building-blocks-to-features', from: 'src-main/images/rgb-pixels.ts', to: 'src-main/engines/inpaint/engine.ts' },
  // The contract re-exports the preset helper, which needs the contract's types (split constants from schemas).
  { rule: 'no-circular', cycle: ['src-shared/colorize/hints-for-size.ts', 'src-shared/contract/colorize-hints.ts'] },
];

/** Every rule here is an error: a warning nobody reads enforces nothing. */
function error(name, comment, from, to) {
  return { name, severity: 'error', comment, from, to };
}

/** The baseline shape dependency-cruiser matches known violations by. */
function asBaseline(known) {
  return known.map((k) =>
    k.cycle
      ? { type: 'cycle', from: k.cycle[0], to: k.cycle[1], rule: { name: k.rule, severity: 'error' }, cycle: k.cycle.map((name) => ({ name, dependencyTypes: [] })) }
      : { type: 'dependency', from: k.from, to: k.to, rule: { name: k.rule, severity: 'error' } },
  );
}

module.exports = {
  forbidden: [
    error('renderer-to-main', 'The renderer talks to main only through the contract (src-shared) and the transport, never by import.', { path: '^src-renderer/' }, { path: '^src-main/' }),
    error('shared-to-app', 'src-shared is the contract both sides build on: it may not depend on either side.', { path: '^src-shared/' }, { path: '^(src-main|src-renderer)/' }),
    error(
      'models-to-main',
      'Model architectures are pure tfjs: they may not use main-process services. Only the tfjs backend loader (src-main/runtime/) is allowed, for their tests.',
      { path: '^models/' },
      { path: '^src-main/', pathNot: '^src-main/runtime/' },
    ),
    error(
      'electron-outside-shell',
      "Only the Electron shell imports 'electron', so services, CLI and server run in plain Node.",
      { pathNot: '^src-main/shell/' },
      { path: '^electron$|node_modules/electron/' },
    ),
    error(
      'building-blocks-to-features',
      'Pixels, colour maths, image I/O and the runtime are building blocks every feature uses: they may not depend on a feature (engines, services, workers, jobs, training) or on a host.',
      { path: '^src-main/(color|images|runtime)/' },
      { path: '^src-main/', pathNot: '^src-main/(color|images|runtime)/' },
    ),
    error('no-circular', 'Import cycles make load order fragile and layers meaningless.', {}, { circular: true }),
  ],
  options: {
    knownViolations: asBaseline(KNOWN),
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(out|dist|test-results)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.node.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs', '.svelte'], conditionNames: ['import', 'require', 'node', 'default', 'svelte'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
