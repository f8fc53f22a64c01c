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
    {
      name: 'renderer-to-main',
      severity: 'error',
      comment: 'The renderer talks to main only through the contract (src-shared) and the transport, never by import.',
      from: { path: '^src-renderer/' },
      to: { path: '^src-main/' },
    },
    {
      name: 'shared-to-app',
      severity: 'error',
      comment: 'src-shared is the contract both sides build on: it may not depend on either side.',
      from: { path: '^src-shared/' },
      to: { path: '^(src-main|src-renderer)/' },
    },
    {
      name: 'models-to-main',
      severity: 'error',
      comment:
        'Model architectures are pure tfjs: they may not use main-process services. Only the tfjs backend loader ' +
        '(src-main/runtime/) is allowed, for their tests.',
      from: { path: '^models/' },
      to: { path: '^src-main/', pathNot: '^src-main/runtime/' },
    },
    {
      name: 'electron-outside-shell',
      severity: 'error',
      comment: "Only the Electron shell imports 'electron', so services, CLI and server run in plain Node.",
      from: { pathNot: '^src-main/shell/' },
      to: { path: '^electron$|node_modules/electron/' },
    },
    {
      name: 'building-blocks-to-features',
      severity: 'error',
      comment:
        'Pixels, colour maths, image I/O and the runtime are building blocks every feature uses: they may not ' +
        'depend on a feature (engines, services, workers, jobs, training) or on a host.',
      from: { path: '^src-main/(color|images|runtime)/' },
      to: { path: '^src-main/', pathNot: '^src-main/(color|images|runtime)/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import cycles make load order fragile and layers meaningless.',
      from: {},
      to: { circular: true },
    },
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
