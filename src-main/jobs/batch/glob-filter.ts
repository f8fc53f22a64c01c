import { KintsugiError } from '../../../src-shared/errors.js';

function escape(text: string): string {
  return text.replace(/[.+^$()|[\]\\]/g, '\\$&');
}

/** One glob segment run (no `/` handling beyond `**`) as a regular expression source. */
function translate(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        // `**/` matches any number of folders (also none); a trailing `**` matches everything below.
        const slash = glob[i + 2] === '/';
        out += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else {
        out += '[^/]*';
      }
    } else if (c === '?') {
      out += '[^/]';
    } else if (c === '{') {
      const end = glob.indexOf('}', i);
      if (end < 0) throw new KintsugiError('E_INVALID_ARGUMENT', `Unclosed { in the file filter "${glob}"`);
      out += `(?:${glob
        .slice(i + 1, end)
        .split(',')
        .map((alt) => translate(alt))
        .join('|')})`;
      i = end;
    } else {
      out += escape(c);
    }
  }
  return out;
}

/**
 * A file filter from a glob: `*` and `?` within a name, `**` across folders, `{a,b}` alternatives. Matched
 * case-insensitively (so `*.jpg` takes `IMG.JPG`) against the `/`-separated path relative to the input folder; a
 * pattern without `/` is matched against the file name alone.
 */
export function globFilter(glob: string): (relativePath: string) => boolean {
  const regex = new RegExp(`^${translate(glob)}$`, 'i');
  if (glob.includes('/')) return (relativePath) => regex.test(relativePath);
  return (relativePath) => regex.test(relativePath.slice(relativePath.lastIndexOf('/') + 1));
}
