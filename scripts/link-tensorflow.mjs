#!/usr/bin/env node
// "Bring your own TensorFlow": give @tensorflow/tfjs-node a libtensorflow taken from a TensorFlow Python wheel, for
// machines where tfjs-node's own install cannot download one (npm then drops the optional package silently).
// tfjs-node's install skips its download when deps/lib/libtensorflow.so.2.9.1 exists, and the wheel's
// libtensorflow_cc.so.2 exports the C and eager APIs the addon uses, so the addon builds against it from source.
//
//   node scripts/link-tensorflow.mjs [--wheel FILE] [--gpu] [--force]
//     --wheel FILE  use this wheel (also KINTSUGI_TENSORFLOW_WHEEL) instead of the cache / pip download
//     --gpu         fill @tensorflow/tfjs-node-gpu from the CUDA `tensorflow` wheel instead (untested here: no GPU)
//     --force       relink and rebuild even when the addon already loads
//
// Exit status: 0 linked (or already working), 3 no wheel could be had (nothing changed), 1 any other failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';

const NO_WHEEL = 3;
const root = join(import.meta.dirname, '..');
const { values } = parseArgs({
  options: { wheel: { type: 'string' }, gpu: { type: 'boolean' }, force: { type: 'boolean' } },
});

// The wheel the issue measured (its C API matches what tfjs-node 4.22's binding calls); override with --wheel.
const TF_VERSION = '2.21.0';
const flavour = values.gpu
  ? { pkg: '@tensorflow/tfjs-node-gpu', other: '@tensorflow/tfjs-node', wheel: 'tensorflow' }
  : { pkg: '@tensorflow/tfjs-node', other: '@tensorflow/tfjs-node-gpu', wheel: 'tensorflow-cpu' };
const pkgDir = join(root, 'node_modules', flavour.pkg);
const otherDir = join(root, 'node_modules', flavour.other);
const cacheDir = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'kintsugi', 'tensorflow-wheels');

const log = (line) => console.log(`[link-tensorflow] ${line}`);
class Failure extends Error {
  constructor(message, code = 1) {
    super(message);
    this.code = code;
  }
}

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', ...options });
  if (result.error) return { ok: false, output: result.error.message };
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

/** Loads the addon in a fresh Node and runs one convolution; the backend ladder does the same at start. */
function verify() {
  const probe = `
    const tf = require(${JSON.stringify(flavour.pkg)});
    const y = tf.conv2d(tf.ones([1, 4, 4, 1]), tf.ones([3, 3, 1, 1]), 1, 'same').dataSync();
    if (tf.getBackend() !== 'tensorflow' || y[5] !== 9) throw new Error('wrong result ' + y[5] + ' on ' + tf.getBackend());
    console.log('tfjs-node ' + tf.version['tfjs-node'] + ' on libtensorflow ' + tf.backend().binding.TF_Version);`;
  return run(process.execPath, ['-e', probe], { env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' } });
}

function wheelPattern() {
  return new RegExp(`^${flavour.wheel.replace('-', '_')}-${TF_VERSION.replaceAll('.', '\\.')}-.*linux.*x86_64\\.whl$`);
}

function findCachedWheel() {
  if (!existsSync(cacheDir)) return null;
  const name = readdirSync(cacheDir).find((f) => wheelPattern().test(f));
  return name ? join(cacheDir, name) : null;
}

/** A wheel from --wheel, the cache, or pip (which may answer from a local wheel store); null with why when none. */
function obtainWheel() {
  const given = values.wheel ?? process.env.KINTSUGI_TENSORFLOW_WHEEL;
  if (given) {
    if (!existsSync(given)) throw new Failure(`the wheel ${given} does not exist`, NO_WHEEL);
    return given;
  }
  const cached = findCachedWheel();
  if (cached) return cached;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Failure(`this script supports Linux x86-64 only (here: ${process.platform} ${process.arch})`, NO_WHEEL);
  }
  mkdirSync(cacheDir, { recursive: true });
  const spec = `${flavour.wheel}==${TF_VERSION}`;
  log(`downloading the ${spec} wheel into ${cacheDir} (~270 MB)`);
  const attempts = [];
  for (const python of ['python3', 'python']) {
    const pip = run(python, ['-m', 'pip', 'download', '--no-deps', '--only-binary=:all:', '-d', cacheDir, spec], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (pip.ok) break;
    attempts.push(`${python} -m pip: ${pip.output.trim().split('\n').filter(Boolean).pop() ?? 'failed'}`);
  }
  const downloaded = findCachedWheel();
  if (!downloaded) throw new Failure(`no ${spec} wheel could be had (${attempts.join('; ') || 'pip found none'})`, NO_WHEEL);
  return downloaded;
}

/** npm drops the optional package when its install fails; put it back without its install script (the download). */
function ensurePackage() {
  if (existsSync(join(pkgDir, 'package.json'))) return;
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
  const version = lock.packages[`node_modules/${flavour.pkg}`]?.version;
  if (!version) throw new Failure(`${flavour.pkg} is not in package-lock.json`);
  const otherWasThere = existsSync(otherDir);
  log(`installing ${flavour.pkg}@${version} without its download`);
  const npm = run('npm', ['install', '--no-save', '--ignore-scripts', '--no-audit', '--no-fund', `${flavour.pkg}@${version}`], {
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
  });
  if (!npm.ok) throw new Failure(`npm install ${flavour.pkg} failed:\n${npm.output}`);
  // npm also restores the other optional flavour, without its addon: a package that can never load would only put a
  // misleading first rung on the backend ladder.
  if (!otherWasThere && !existsSync(join(otherDir, 'lib'))) rmSync(otherDir, { recursive: true, force: true });
}

// The two libraries, and the C API headers with the few headers outside tensorflow/c/ that they include.
const WHEEL_FILES = [
  'tensorflow/libtensorflow_cc.so.2',
  'tensorflow/libtensorflow_framework.so.2',
  'tensorflow/include/tensorflow/c/*',
  'tensorflow/include/xla/tsl/c/*',
  'tensorflow/include/tensorflow/core/platform/ctstring*',
  'tensorflow/include/tsl/platform/ctstring*',
];

/** deps/ as tfjs-node's binding.gyp expects it, filled from the wheel; swapped in whole so a failure leaves no half. */
function stageDeps(wheel) {
  const staging = mkdtempSync(join(pkgDir, '.deps-'));
  try {
    log(`unpacking libtensorflow from ${wheel}`);
    const unzip = run('unzip', ['-q', '-o', wheel, ...WHEEL_FILES, '-d', staging]);
    if (!unzip.ok) {
      throw new Failure(`could not unpack ${wheel} (unzip is needed, and the wheel must hold tensorflow/libtensorflow_cc.so.2): ${unzip.output.trim()}`);
    }
    const lib = join(staging, 'lib');
    mkdirSync(lib);
    renameSync(join(staging, 'tensorflow', 'libtensorflow_cc.so.2'), join(lib, 'libtensorflow_cc.so.2'));
    renameSync(join(staging, 'tensorflow', 'libtensorflow_framework.so.2'), join(lib, 'libtensorflow_framework.so.2'));
    // The addon links -ltensorflow; the names tfjs-node's scripts look for all point at the one real file.
    for (const name of ['libtensorflow.so', 'libtensorflow.so.2', 'libtensorflow.so.2.9.1']) symlinkSync('libtensorflow_cc.so.2', join(lib, name));
    symlinkSync('libtensorflow_framework.so.2', join(lib, 'libtensorflow_framework.so'));
    renameSync(join(staging, 'tensorflow', 'include'), join(staging, 'include'));
    rmSync(join(staging, 'tensorflow'), { recursive: true });
    rmSync(join(pkgDir, 'deps'), { recursive: true, force: true });
    renameSync(staging, join(pkgDir, 'deps'));
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function buildAddon() {
  log(`building the ${flavour.pkg} addon from source (a few minutes)`);
  const env = { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', npm_config_build_from_source: 'true' };
  // node-gyp builds offline only against the system's Node headers (ENVIRONMENT.md).
  if (!env.npm_config_nodedir && existsSync('/usr/include/node/node_version.h')) env.npm_config_nodedir = '/usr';
  const rebuild = run('npm', ['rebuild', flavour.pkg, '--foreground-scripts'], { env });
  if (!rebuild.ok) throw new Failure(`building the addon failed:\n${rebuild.output.split('\n').slice(-30).join('\n')}`);
}

function main() {
  if (!values.force && existsSync(pkgDir)) {
    const loaded = verify();
    if (loaded.ok) {
      log(`${flavour.pkg} already loads: ${loaded.output.trim()}`);
      return;
    }
  }
  const wheel = obtainWheel();
  ensurePackage();
  stageDeps(wheel);
  buildAddon();
  const loaded = verify();
  if (!loaded.ok) throw new Failure(`the addon was built but does not load:\n${loaded.output.trim()}`);
  log(`${flavour.pkg} works: ${loaded.output.trim()}`);
  log(`deps and addon live in ${dirname(join(pkgDir, 'deps'))} (~850 MB, outside git)`);
}

try {
  main();
} catch (err) {
  const code = err instanceof Failure ? err.code : 1;
  log(code === NO_WHEEL ? `not linked, nothing changed: ${err.message} (without tfjs-node, WASM runs)` : `failed: ${err.message}`);
  process.exit(code);
}
