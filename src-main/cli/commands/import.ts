import { DATA_DIR_HELP, DATA_DIR_OPTION, intOption } from '../common-options.js';
import type { Command } from '../command.js';
import { call } from '../invoke.js';
import { openCliApp } from '../open-cli-app.js';
import { clearProgress } from '../progress-line.js';

export const importCommand: Command = {
  name: 'import',
  summary: 'Add image files and folders (recursively) to the library; broken files are listed, never abort the rest.',
  usage: 'kintsugi import PATH... [--project ID] [--data-dir DIR]',
  optionHelp: ['--project ID       project to import into (default: the first project, "Library")', DATA_DIR_HELP],
  options: { ...DATA_DIR_OPTION, project: { type: 'string' } },
  allowPositionals: true,
  async run(args, io) {
    if (args.positionals.length === 0) {
      io.err('kintsugi import: name at least one file or folder (see kintsugi import --help)');
      return 2;
    }
    const projectId = intOption(args, 'project', 1, Number.MAX_SAFE_INTEGER);
    const app = await openCliApp(args, io);
    try {
      const summary = await call(
        app,
        'library.import',
        { paths: args.positionals, ...(projectId ? { projectId } : {}) },
        (event, payload) => {
          if (event === 'library.importProgress' && io.isTty && 'done' in payload) {
            process.stderr.write(`\r  ${payload.done}/${payload.total} ${payload.current.slice(-60).padEnd(60)}`);
          }
        },
      );
      clearProgress(io);
      io.out(
        `Imported ${summary.imported.length}, already in library ${summary.duplicates.length}, failed ${summary.failed.length}, skipped ${summary.skipped.length}`,
      );
      for (const img of summary.imported) io.out(`  + ${img.id}\t${img.name}\t${img.width}x${img.height} ${img.format}`);
      for (const dup of summary.duplicates) io.out(`  = ${dup.path} (same as image ${dup.existingId})`);
      for (const s of summary.skipped) io.out(`  - ${s.path}: ${s.reason}`);
      for (const f of summary.failed) io.err(`  ! ${f.path}: ${f.code} ${f.message}`);
      return summary.failed.length > 0 ? 1 : 0;
    } finally {
      await app.close();
    }
  },
};
