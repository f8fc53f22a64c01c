import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KintsugiError } from '../../src-shared/errors.js';
import { GrantedFileAccess, isWithin } from './granted-file-access.js';

function codeOf(fn: () => void): string | null {
  try {
    fn();
    return null;
  } catch (err) {
    return err instanceof KintsugiError ? err.code : `not a KintsugiError: ${String(err)}`;
  }
}

describe('GrantedFileAccess', () => {
  let root: string;
  let picked: string; // a folder the user picked
  let single: string; // a file the user picked
  let secret: string; // outside every grant

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'kintsugi-grant-'));
    picked = join(root, 'photos');
    mkdirSync(join(picked, 'trip'), { recursive: true });
    writeFileSync(join(picked, 'trip', 'a.jpg'), 'a');
    mkdirSync(join(root, 'other'));
    single = join(root, 'other', 'one.png');
    writeFileSync(single, '1');
    writeFileSync(join(root, 'other', 'sibling.png'), '2');
    secret = join(root, 'secret.txt');
    writeFileSync(secret, 's');
    // Escapes planted inside the picked folder.
    symlinkSync(secret, join(picked, 'link-to-secret.jpg'));
    symlinkSync(root, join(picked, 'link-to-root'));
    // A sibling whose name starts like the grant's.
    mkdirSync(join(root, 'photos-private'));
    writeFileSync(join(root, 'photos-private', 'b.jpg'), 'b');
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  function access(): GrantedFileAccess {
    const a = new GrantedFileAccess();
    a.grant([picked, single]);
    return a;
  }

  it('refuses everything before a grant', () => {
    expect(codeOf(() => new GrantedFileAccess().assertReadable(join(picked, 'trip', 'a.jpg')))).toBe('E_FORBIDDEN');
  });

  it('allows a granted folder, what is inside it, and a granted file', () => {
    const a = access();
    expect(codeOf(() => a.assertReadable(picked))).toBeNull();
    expect(codeOf(() => a.assertReadable(join(picked, 'trip', 'a.jpg')))).toBeNull();
    expect(codeOf(() => a.assertReadable(join(picked, 'trip', '..', 'trip', 'a.jpg')))).toBeNull();
    expect(codeOf(() => a.assertReadable(single))).toBeNull();
  });

  it('resolves relative paths against the working directory', () => {
    expect(codeOf(() => access().assertReadable(relative(process.cwd(), join(picked, 'trip', 'a.jpg'))))).toBeNull();
  });

  it('refuses siblings, parents and look-alike prefixes', () => {
    const a = access();
    expect(codeOf(() => a.assertReadable(join(root, 'other', 'sibling.png')))).toBe('E_FORBIDDEN');
    expect(codeOf(() => a.assertReadable(root))).toBe('E_FORBIDDEN');
    expect(codeOf(() => a.assertReadable(join(root, 'photos-private', 'b.jpg')))).toBe('E_FORBIDDEN');
  });

  it('defeats .. traversal', () => {
    const a = access();
    expect(codeOf(() => a.assertReadable(join(picked, '..', 'secret.txt')))).toBe('E_FORBIDDEN');
    expect(codeOf(() => a.assertReadable(`${picked}/trip/../../secret.txt`))).toBe('E_FORBIDDEN');
    expect(codeOf(() => a.assertReadable(`${single}/../sibling.png`))).toBe('E_FORBIDDEN');
  });

  it('defeats symlinks that lead out of a grant', () => {
    const a = access();
    expect(codeOf(() => a.assertReadable(join(picked, 'link-to-secret.jpg')))).toBe('E_FORBIDDEN');
    expect(codeOf(() => a.assertReadable(join(picked, 'link-to-root', 'secret.txt')))).toBe('E_FORBIDDEN');
    // Through the link back into the grant is still inside it.
    expect(codeOf(() => a.assertReadable(join(picked, 'link-to-root', 'photos', 'trip', 'a.jpg')))).toBeNull();
  });

  it('follows a picked symlinked folder to its target', () => {
    const alias = join(root, 'alias-of-photos');
    symlinkSync(picked, alias);
    const a = new GrantedFileAccess();
    a.grant([alias]);
    expect(codeOf(() => a.assertReadable(join(alias, 'trip', 'a.jpg')))).toBeNull();
    expect(codeOf(() => a.assertReadable(join(picked, 'trip', 'a.jpg')))).toBeNull();
    expect(codeOf(() => a.assertReadable(secret))).toBe('E_FORBIDDEN');
  });

  it('says not found only inside a grant, and grants nothing for a path that does not exist', () => {
    const a = access();
    expect(codeOf(() => a.assertReadable(join(picked, 'missing.jpg')))).toBe('E_NOT_FOUND');
    expect(codeOf(() => a.assertReadable(join(root, 'missing.jpg')))).toBe('E_FORBIDDEN');
    const b = new GrantedFileAccess();
    b.grant([join(root, 'not-there')]);
    expect(codeOf(() => b.assertReadable(join(root, 'not-there')))).toBe('E_FORBIDDEN');
  });
});

describe('GrantedFileAccess.assertWritable', () => {
  let root: string;
  let exports: string; // a folder the user picked
  let elsewhere: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'kintsugi-write-'));
    exports = join(root, 'exports');
    elsewhere = join(root, 'elsewhere');
    mkdirSync(exports);
    mkdirSync(elsewhere);
    writeFileSync(join(exports, 'old.png'), 'x');
    symlinkSync(elsewhere, join(exports, 'link-out'));
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('allows new and existing files inside a granted folder, nothing before a grant or outside it', () => {
    expect(codeOf(() => new GrantedFileAccess().assertWritable(join(exports, 'new.png')))).toBe('E_FORBIDDEN');
    const access = new GrantedFileAccess();
    access.grant([exports]);
    expect(codeOf(() => access.assertWritable(join(exports, 'new.png')))).toBeNull();
    expect(codeOf(() => access.assertWritable(join(exports, 'old.png')))).toBeNull();
    expect(codeOf(() => access.assertWritable(join(elsewhere, 'new.png')))).toBe('E_FORBIDDEN');
    expect(codeOf(() => access.assertWritable(join(exports, '..', 'elsewhere', 'new.png')))).toBe('E_FORBIDDEN');
    // A symlink inside the grant cannot redirect the write out of it.
    expect(codeOf(() => access.assertWritable(join(exports, 'link-out', 'new.png')))).toBe('E_FORBIDDEN');
    expect(codeOf(() => access.assertWritable(join(exports, 'no-such-folder', 'new.png')))).toBe('E_NOT_FOUND');
  });

  it("grants writing (not reading) a save dialog's new file, and nothing else in its folder", () => {
    const access = new GrantedFileAccess();
    const chosen = join(elsewhere, 'restored.jpg');
    access.grant([chosen]);
    expect(codeOf(() => access.assertWritable(chosen))).toBeNull();
    expect(codeOf(() => access.assertReadable(chosen))).toBe('E_FORBIDDEN');
    expect(codeOf(() => access.assertWritable(join(elsewhere, 'other.jpg')))).toBe('E_FORBIDDEN');
    // A name in a folder that does not exist grants nothing.
    access.grant([join(root, 'missing', 'x.jpg')]);
    expect(codeOf(() => access.assertWritable(join(root, 'missing', 'x.jpg')))).toBe('E_FORBIDDEN');
  });
});

describe('isWithin', () => {
  it('compares by path segments, case-insensitively on Windows only', () => {
    expect(isWithin('/a/b', '/a/b', 'linux')).toBe(true);
    expect(isWithin('/a/b', '/a/b/c', 'linux')).toBe(true);
    expect(isWithin('/a/b', '/a/bc', 'linux')).toBe(false);
    expect(isWithin('/a/b', '/a', 'linux')).toBe(false);
    expect(isWithin('/a/b', '/A/B/c', 'linux')).toBe(false);
    expect(isWithin('/a/b', '/A/B/c', 'win32')).toBe(true);
    expect(isWithin('/a/b', '/a/b/..c', 'linux')).toBe(true);
  });
});
