import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { KintsugiError } from '../../../src-shared/errors.js';
import type { ShutdownReport } from '../../app/create-app.js';
import { rendererDir } from '../../app/paths.js';
import { isLoopbackHost } from '../../server/auth.js';
import { startLocalServer } from '../../server/local-server.js';
import { BACKEND_HELP, BACKEND_OPTION, DATA_DIR_HELP, DATA_DIR_OPTION, intOption, stringOption } from '../common-options.js';
import type { Command } from '../command.js';
import { openCliApp } from '../open-cli-app.js';

export const DEFAULT_PORT = 4178;

/** The one line `serve` ends with: what stopping did to the work that was running. */
export function shutdownLine(report: ShutdownReport): string {
  const jobs = report.pausedBatchJobs;
  const parts = [
    jobs.length > 0 &&
      `batch job${jobs.length === 1 ? '' : 's'} ${jobs.join(', ')} paused where ${jobs.length === 1 ? 'it' : 'they'} stood (resume from Batch; no finished file is redone)`,
    report.cancelledJobs > 0 && `${report.cancelledJobs} editor job${report.cancelledJobs === 1 ? '' : 's'} cancelled`,
    report.pausedTrainingRuns > 0 && `${report.pausedTrainingRuns} training run${report.pausedTrainingRuns === 1 ? '' : 's'} paused at the last checkpoint`,
  ].filter((p): p is string => typeof p === 'string');
  return `Kintsugi stopped${parts.length > 0 ? `: ${parts.join('; ')}` : ''}.`;
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Run Kintsugi in your browser: a local server (loopback only by default) that needs the printed token.',
  usage: 'kintsugi serve [--port N] [--host H] [--data-dir DIR] [--backend NAME]',
  optionHelp: [
    `--port N           port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)`,
    '--host H           address to bind (default 127.0.0.1; anything else exposes the app to your network)',
    DATA_DIR_HELP,
    BACKEND_HELP,
  ],
  options: { ...DATA_DIR_OPTION, ...BACKEND_OPTION, port: { type: 'string' }, host: { type: 'string' } },
  allowPositionals: false,
  async run(args, io) {
    const port = intOption(args, 'port', 0, 65535) ?? DEFAULT_PORT;
    const host = stringOption(args, 'host') ?? '127.0.0.1';
    const dir = rendererDir();
    if (!existsSync(join(dir, 'index.html'))) {
      throw new KintsugiError('E_NOT_FOUND', `The user interface is not built (${dir} is missing): run \`npm run build\` first`);
    }
    const app = await openCliApp(args, io, 'server');
    let server;
    try {
      server = await startLocalServer({ app, rendererDir: dir, host, port });
    } catch (err) {
      await app.close();
      throw err;
    }
    io.out(`Kintsugi is serving the library in ${app.dataDir}`);
    if (!isLoopbackHost(host)) {
      io.err(`kintsugi: WARNING: listening on ${host}, not loopback: anyone who can reach it and has the token can read your files`);
    }
    io.out('Open this address in your browser (it holds the access token):');
    io.out(`    ${server.openUrl}`);
    io.out('Press Ctrl+C to stop.');
    const running = server;
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await running.close();
    io.out(shutdownLine(await app.close()));
    return 0;
  },
};
