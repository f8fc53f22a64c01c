import { describe, expect, it } from 'vitest';
import { dirName, fileNameOf, joinPath, withExtension } from './export-formats.js';

describe('export paths', () => {
  it('swaps the extension for the format', () => {
    expect(withExtension('dog-v2.png', 'jpeg')).toBe('dog-v2.jpg');
    expect(withExtension('dog.JPEG', 'webp')).toBe('dog.webp');
    expect(withExtension('notes', 'tiff')).toBe('notes.tiff');
  });

  it('splits and joins POSIX and Windows paths', () => {
    expect(dirName('/home/a/dog.jpg')).toBe('/home/a');
    expect(dirName('/dog.jpg')).toBe('/');
    expect(dirName('C:\\Photos\\dog.jpg')).toBe('C:\\Photos');
    expect(fileNameOf('/home/a/dog.jpg')).toBe('dog.jpg');
    expect(fileNameOf('C:\\Photos\\dog v2.png')).toBe('dog v2.png');
    expect(fileNameOf('dog.jpg')).toBe('dog.jpg');
    expect(joinPath('/home/a', 'x.png')).toBe('/home/a/x.png');
    expect(joinPath('/', 'x.png')).toBe('/x.png');
    expect(joinPath('C:\\Photos', 'x.png')).toBe('C:\\Photos\\x.png');
  });
});
