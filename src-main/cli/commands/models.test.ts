import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app/create-app.js';
import { tempDir } from '../../images/test-images.js';
import { writeTinyColorizer } from '../../models/test-models.js';
import type { CliIo } from '../command.js';
import { runCli } from '../run-cli.js';

function capture(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), isTty: false };
}

describe('kintsugi models', () => {
  let dataDir: string;
  let id: number;
  const cli = async (...args: string[]) => {
    const io = capture();
    const code = await runCli(['models', ...args, '--data-dir', dataDir], io);
    return { code, ...io };
  };

  beforeAll(async () => {
    dataDir = tempDir('cli-models');
    const app = await createApp({ dataDir, host: 'cli' });
    try {
      await app.runtime.report();
      id = (await app.models.register(await writeTinyColorizer(join(tempDir('run'), 'model')), { source: 'trained', runId: null, move: true })).id;
    } finally {
      await app.close();
    }
  });

  it('lists one model per line: id, kind, name, created date', async () => {
    const { code, stdout } = await cli('list');
    expect(code).toBe(0);
    expect(stdout).toEqual([expect.stringMatching(new RegExp(`^${id}\\tcolorize\\tTiny colorizer\\t\\d{4}-\\d\\d-\\d\\d\\tdefault$`))]);
    expect((await cli('list', '--kind', 'inpaint')).stdout).toEqual([]);
  });

  it('exports, imports and deletes, and refuses to export over a file without --overwrite', async () => {
    const file = join(tempDir('cli-out'), 'tiny.kintsugi-model');
    expect((await cli('export', String(id), file)).stdout[0]).toMatch(/^Wrote .*tiny\.kintsugi-model \(\d+ bytes\)$/);
    const again = await cli('export', String(id), file);
    expect(again.code).toBe(1);
    expect(again.stderr[0]).toMatch(/already exists/);
    expect((await cli('export', String(id), file, '--overwrite')).code).toBe(0);
    const imported = await cli('import', file);
    // The original is still in the library, so the copy is numbered.
    expect(imported.stdout[0]).toMatch(/^Imported model \d+\tcolorize\tTiny colorizer \(2\)\t/);
    const newId = Number(imported.stdout[0]?.split('\t')[0]?.replace('Imported model ', ''));
    expect((await cli('list')).stdout.map((l) => Number(l.split('\t')[0]))).toEqual([newId, id]);
    expect((await cli('rm', String(newId))).stdout).toEqual([`Deleted model ${newId}`]);
    expect(existsSync(join(dataDir, 'models', String(newId)))).toBe(false);
    const missing = await cli('rm', String(newId));
    expect(missing.code).toBe(1);
    expect(missing.stderr[0]).toMatch(/E_NOT_FOUND/);
  });

  it('refuses a bad file on import and bad usage', async () => {
    const bad = await cli('import', join(dataDir, 'library.sqlite'));
    expect(bad.code).toBe(1);
    expect(bad.stderr[0]).toMatch(/E_BAD_MODEL/);
    expect((await cli('frobnicate')).stderr[0]).toMatch(/give an action: list, export, import, rm/);
    expect((await cli('export', '1')).stderr[0]).toMatch(/takes 2 arguments/);
    expect((await cli('rm', 'abc')).stderr[0]).toMatch(/model id is a whole number/);
    expect((await cli('list', '--kind', 'upscale')).stderr[0]).toMatch(/--kind must be one of colorize, inpaint, gan/);
  });
});
