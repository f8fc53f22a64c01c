import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app/create-app.js';
import { TINY_GAN_SIZE, writeTinyGan } from '../../generate/test-gan-models.js';
import { tempDir } from '../../images/test-images.js';
import { writeTinyColorizer } from '../../models/test-models.js';
import type { CliIo } from '../command.js';
import { runCli } from '../run-cli.js';

function capture(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), isTty: false };
}

describe('kintsugi generate', () => {
  let dataDir: string;
  let ganId: number;
  let colorizerId: number;
  const cli = async (...args: string[]) => {
    const io = capture();
    const code = await runCli(['generate', ...args, '--data-dir', dataDir], io);
    return { code, ...io };
  };

  beforeAll(async () => {
    dataDir = tempDir('cli-generate');
    const app = await createApp({ dataDir, host: 'cli' });
    try {
      await app.runtime.report();
      ganId = (await app.models.register(await writeTinyGan(join(tempDir('gan'), 'model')), { source: 'trained', runId: null, move: true })).id;
      colorizerId = (await app.models.register(await writeTinyColorizer(join(tempDir('colorizer'), 'model')), { source: 'trained', runId: null, move: true })).id;
    } finally {
      await app.close();
    }
  }, 60_000);

  it('writes N PNG files of the model size, named by seed and index; the same seed writes the same images', async () => {
    const out = join(tempDir('cli-generate-out'), 'new');
    const { code, stdout, stderr } = await cli('--model', String(ganId), '--count', '3', '--seed', '9', '--out', out);
    expect(stderr).toEqual([]);
    expect(code).toBe(0);
    const names = ['generated-seed9-00.png', 'generated-seed9-01.png', 'generated-seed9-02.png'];
    expect(readdirSync(out).sort()).toEqual(names);
    expect(stdout).toEqual(names.map((n) => `Wrote ${join(out, n)}`));
    for (const name of names) {
      expect(await sharp(join(out, name)).metadata()).toMatchObject({ format: 'png', width: TINY_GAN_SIZE, height: TINY_GAN_SIZE, channels: 3 });
    }
    const again = tempDir('cli-generate-again');
    expect((await cli('--model', String(ganId), '--count', '1', '--seed', '9', '--out', again)).code).toBe(0);
    expect(readFileSync(join(again, names[0] as string)).equals(readFileSync(join(out, names[0] as string)))).toBe(true);
  });

  it('refuses a model that is not a GAN', async () => {
    const out = tempDir('cli-generate-refused');
    const { code, stderr } = await cli('--model', String(colorizerId), '--out', out);
    expect(code).toBe(1);
    expect(stderr).toEqual([expect.stringMatching(/^kintsugi generate: E_BAD_MODEL: .*is a colorize model; only a GAN model/)]);
    expect(readdirSync(out)).toEqual([]);
  });

  it('refuses bad arguments with typed errors before generating anything', async () => {
    const out = tempDir('cli-generate-bad');
    const cases: [string[], RegExp][] = [
      [['--out', out], /E_INVALID_ARGUMENT: --model is required/],
      [['--model', String(ganId)], /E_INVALID_ARGUMENT: --out is required/],
      [['--model', 'abc', '--out', out], /E_INVALID_ARGUMENT: --model must be a whole number/],
      [['--model', String(ganId), '--count', '0', '--out', out], /E_INVALID_ARGUMENT: --count must be a whole number from 1 to 64/],
      [['--model', String(ganId), '--count', '65', '--out', out], /E_INVALID_ARGUMENT: --count must be a whole number from 1 to 64/],
      [['--model', String(ganId), '--seed', '1.5', '--out', out], /E_INVALID_ARGUMENT: --seed must be a whole number/],
      [['--model', '9999', '--out', out], /E_NOT_FOUND: No model with id 9999/],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await cli(...args);
      expect(code).toBe(1);
      expect(stderr).toEqual([expect.stringMatching(message)]);
    }
    expect((await cli('--model', String(ganId), '--out', out, '--frobnicate')).code).toBe(2);
    expect(readdirSync(out)).toEqual([]);
  });
});
