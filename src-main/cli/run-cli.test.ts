import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../app/paths.js';
import type { CliIo } from './command.js';
import { runCli } from './run-cli.js';

function capture(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), isTty: false };
}

const tmp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

describe('kintsugi CLI', () => {
  it('prints help for the program and for each command', async () => {
    const io = capture();
    expect(await runCli(['--help'], io)).toBe(0);
    expect(io.stdout.join('\n')).toMatch(/serve[\s\S]*doctor[\s\S]*import/);
    for (const cmd of ['serve', 'doctor', 'import']) {
      const c = capture();
      expect(await runCli([cmd, '--help'], c)).toBe(0);
      expect(c.stdout.join('\n')).toContain('--data-dir');
    }
  });

  it('fails with one clear line and a non-zero code on bad input', async () => {
    const unknown = capture();
    expect(await runCli(['frobnicate'], unknown)).toBe(2);
    expect(unknown.stderr).toHaveLength(1);
    const badFlag = capture();
    expect(await runCli(['doctor', '--bogus'], badFlag)).toBe(2);
    expect(badFlag.stderr[0]).toContain('--bogus');
    const badBackend = capture();
    expect(await runCli(['doctor', '--backend', 'cuda', '--data-dir', tmp('kintsugi-cli-')], badBackend)).toBe(1);
    expect(badBackend.stderr).toEqual([expect.stringContaining('E_INVALID_ARGUMENT')]);
    const badPort = capture();
    expect(await runCli(['serve', '--port', '99999'], badPort)).toBe(1);
    expect(badPort.stderr[0]).toContain('--port');
  });

  it('speaks Japanese when the locale says so: help, a bad command, and a coded error with its English detail', async () => {
    const help = { ...capture(), locale: 'ja' as const };
    expect(await runCli(['--help'], help)).toBe(0);
    expect(help.stdout).toContain('使い方: kintsugi <コマンド> [オプション]');
    const unknown = { ...capture(), locale: 'ja' as const };
    expect(await runCli(['frobnicate'], unknown)).toBe(2);
    expect(unknown.stderr).toEqual([expect.stringMatching(/^kintsugi: 「frobnicate」というコマンドはありません（コマンド: serve, /)]);
    const bad = { ...capture(), locale: 'ja' as const };
    expect(await runCli(['doctor', '--backend', 'cuda', '--data-dir', tmp('kintsugi-cli-')], bad)).toBe(1);
    expect(bad.stderr).toEqual(['kintsugi doctor: E_INVALID_ARGUMENT: 要求の内容が正しくありません。', expect.stringMatching(/^ {2}詳細（英語）: .*cuda/)]);
  });

  it('takes its language from LANG, with LC_ALL over it', () => {
    const run = (env: Record<string, string>) =>
      execFileSync(process.execPath, [join(PROJECT_ROOT, 'bin', 'kintsugi.mjs'), '--help'], { env: { ...process.env, LC_ALL: '', LC_MESSAGES: '', ...env }, encoding: 'utf8' });
    expect(run({ LANG: 'ja_JP.UTF-8' })).toContain('使い方: kintsugi');
    expect(run({ LANG: 'ja_JP.UTF-8', LC_ALL: 'C' })).toContain('Usage: kintsugi');
  });

  it('doctor reports the data folder, versions and the backend that runs with the reasons for the others', async () => {
    const dataDir = tmp('kintsugi-cli-');
    const io = capture();
    expect(await runCli(['doctor', '--data-dir', dataDir], io)).toBe(0);
    const text = io.stdout.join('\n');
    expect(text).toContain(`Data folder  ${dataDir}`);
    expect(text).toMatch(/GiB free of/);
    expect(text).toMatch(/Backend {6}(wasm|tfjs-node|tfjs-node-gpu|cpu)/);
    expect(text).toMatch(/tfjs-node-gpu\s+\S/);
    const json = capture();
    expect(await runCli(['doctor', '--json', '--data-dir', dataDir], json)).toBe(0);
    expect(JSON.parse(json.stdout.join('\n'))).toMatchObject({ dataDir, imageCount: 0, backend: { preference: 'auto' } });
  });

  it('doctor on a damaged library says what happened and what to do in one line with E_DB, and keeps the file aside', async () => {
    const dataDir = tmp('kintsugi-cli-');
    writeFileSync(join(dataDir, 'library.sqlite'), 'not a database '.repeat(100));
    const io = capture();
    expect(await runCli(['doctor', '--data-dir', dataDir], io)).toBe(1);
    expect(io.stderr).toHaveLength(1);
    expect(io.stderr[0]).toMatch(/^kintsugi doctor: E_DB: The library .*library\.sqlite is damaged \(file is not a database\)\. It was moved aside to /);
    expect(io.stderr[0]).not.toMatch(/SqliteError|\n\s+at /);
    expect(readdirSync(dataDir).filter((n) => n.startsWith('library.sqlite.damaged-'))).toHaveLength(1);
  });

  it('imports a folder, reports broken files on stderr and exits 1, and finds duplicates on a second run', async () => {
    const dataDir = tmp('kintsugi-cli-');
    const photos = tmp('kintsugi-cli-photos-');
    await sharp({ create: { width: 32, height: 24, channels: 3, background: '#3a6' } }).png().toFile(join(photos, 'green.png'));
    writeFileSync(join(photos, 'broken.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]));
    const first = capture();
    expect(await runCli(['import', photos, '--data-dir', dataDir], first)).toBe(1);
    expect(first.stdout[0]).toBe('Imported 1, already in library 0, failed 1, skipped 0');
    expect(first.stderr.join('\n')).toMatch(/broken\.jpg: E_BAD_IMAGE/);
    const again = capture();
    await runCli(['import', join(photos, 'green.png'), '--data-dir', dataDir], again);
    expect(again.stdout[0]).toBe('Imported 0, already in library 1, failed 0, skipped 0');
    const none = capture();
    expect(await runCli(['import', '--data-dir', dataDir], none)).toBe(2);
  });

  it('runs as the package bin from the checkout (npx kintsugi) with the data folder from the environment', () => {
    const dataDir = tmp('kintsugi-cli-env-');
    const out = execFileSync(process.execPath, [join(PROJECT_ROOT, 'bin', 'kintsugi.mjs'), 'doctor', '--json'], {
      env: { ...process.env, KINTSUGI_DATA_DIR: dataDir },
      encoding: 'utf8',
    });
    expect(JSON.parse(out)).toMatchObject({ dataDir });
  });
});
