import { statfs } from 'node:fs/promises';
import type { SystemInfo } from '../../../src-shared/contract/index.js';
import { BACKEND_HELP, BACKEND_OPTION, DATA_DIR_HELP, DATA_DIR_OPTION } from '../common-options.js';
import type { Command } from '../command.js';
import { call } from '../invoke.js';
import { openCliApp } from '../open-cli-app.js';

function gib(bytes: number): string {
  return `${(bytes / 2 ** 30).toFixed(1)} GiB`;
}

/**
 * When native TensorFlow would help and can be had: the CPU build of tfjs-node did not load and this is a platform
 * for which scripts/link-tensorflow.mjs can give it a libtensorflow from a TensorFlow wheel.
 */
export function linkTensorflowHint(info: SystemInfo): string | null {
  const native = info.backend.attempts.find((a) => a.name === 'tfjs-node');
  const nativeRuns = info.backend.active === 'tfjs-node' || info.backend.active === 'tfjs-node-gpu';
  if (nativeRuns || native === undefined || native.ok || info.platform !== 'linux-x64') return null;
  if (native.reason?.startsWith('not tried')) return null;
  return 'Hint         `npm run link-tensorflow` gives tfjs-node a libtensorflow from the tensorflow-cpu Python wheel; training then runs 3-5x faster than on wasm';
}

export function formatDoctor(info: SystemInfo, disk: { free: number; total: number } | null, imageCount: number): string[] {
  const lines = [
    `Kintsugi ${info.appVersion} on ${info.platform}`,
    `Data folder  ${info.dataDir}${disk ? ` (${gib(disk.free)} free of ${gib(disk.total)})` : ''}`,
    `Library      ${imageCount} image${imageCount === 1 ? '' : 's'}`,
    `Versions     ${Object.entries(info.versions)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    `Backend      ${info.backend.active ?? 'NONE — no compute backend could load'} (preference: ${info.backend.preference})`,
  ];
  for (const a of info.backend.attempts) {
    const mark = a.ok ? 'ok ' : '-- ';
    const timing = a.ms === undefined ? '' : ` [${Math.round(a.ms)} ms]`;
    lines.push(`  ${mark}${a.name.padEnd(14)}${a.reason ?? (a.ok ? 'loaded' : '')}${timing}`);
  }
  const hint = linkTensorflowHint(info);
  if (hint) lines.push(hint);
  return lines;
}

export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'Check this installation: versions, data folder, disk space and which compute backend runs (and why).',
  usage: 'kintsugi doctor [--json] [--data-dir DIR] [--backend NAME]',
  optionHelp: ['--json             print one JSON object instead of text', DATA_DIR_HELP, BACKEND_HELP],
  options: { ...DATA_DIR_OPTION, ...BACKEND_OPTION, json: { type: 'boolean' } },
  allowPositionals: false,
  async run(args, io) {
    const app = await openCliApp(args, io);
    try {
      const info = await call(app, 'system.info', {});
      const images = await call(app, 'library.list', { limit: 1 });
      const disk = await statfs(app.dataDir).then(
        (s) => ({ free: s.bavail * s.bsize, total: s.blocks * s.bsize }),
        () => null,
      );
      if (args.values.json) io.out(JSON.stringify({ ...info, disk, imageCount: images.total }, null, 2));
      else for (const line of formatDoctor(info, disk, images.total)) io.out(line);
      return info.backend.active ? 0 : 1;
    } finally {
      await app.close();
    }
  },
};
