// Reads a Debian machine-readable copyright file (DEP-5) and answers which licence and holder cover a path.
import { KintsugiError } from '../../src-shared/errors.js';

export interface FileLicence {
  /** The short licence name of the stanza, e.g. CC-BY-SA-4.0 or public-domain. */
  licence: string;
  /** The Copyright field, lines joined with "; ". */
  copyright: string;
  /** The Files pattern that matched, so a photo covered only by the catch-all `*` can be told apart. */
  rule: string;
}

interface FilesStanza {
  patterns: { glob: string; re: RegExp }[];
  licence: string;
  copyright: string;
}

export interface Dep5 {
  stanzas: FilesStanza[];
}

/** Paragraphs of "Field: value" with continuation lines that start with a space. */
function paragraphs(text: string): Map<string, string>[] {
  const result: Map<string, string>[] = [];
  let current = new Map<string, string>();
  let field: string | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') {
      if (current.size > 0) result.push(current);
      current = new Map();
      field = null;
    } else if (/^\s/.test(line)) {
      if (field !== null) current.set(field, `${current.get(field) ?? ''}\n${line.trim()}`);
    } else {
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      field = line.slice(0, colon).trim().toLowerCase();
      current.set(field, line.slice(colon + 1).trim());
    }
  }
  if (current.size > 0) result.push(current);
  return result;
}

/** DEP-5 wildcards: `*` matches any run of characters including `/`, `?` any one character, `\` escapes. */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') source += '.*';
    else if (c === '?') source += '.';
    else if (c === '\\' && i + 1 < glob.length) source += escapeRegExp(glob[++i]!);
    else source += escapeRegExp(c);
  }
  return new RegExp(`^${source}$`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

export function parseDep5(text: string): Dep5 {
  const all = paragraphs(text);
  if (!/copyright-format|dep5/i.test(all[0]?.get('format') ?? '')) {
    throw new KintsugiError('E_INVALID_ARGUMENT', 'copyright file is not in the machine-readable (DEP-5) format');
  }
  const stanzas: FilesStanza[] = [];
  for (const p of all) {
    const files = p.get('files');
    const licence = p.get('license');
    if (files === undefined || licence === undefined) continue;
    stanzas.push({
      patterns: files
        .split(/\s+/)
        .filter(Boolean)
        .map((glob) => ({ glob, re: globToRegExp(glob) })),
      // Only the first line names the licence; the rest is its text or a comment.
      licence: licence.split('\n')[0]!.trim(),
      copyright: (p.get('copyright') ?? '')
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)
        .join('; '),
    });
  }
  return { stanzas };
}

/**
 * The last stanza whose pattern matches wins, as DEP-5 says; null when no stanza covers the path. Given several
 * names for one file (a photo the build converted to another format), the name that reaches the latest stanza wins.
 */
export function licenceOf(dep5: Dep5, sourcePaths: readonly string[]): FileLicence | null {
  for (let s = dep5.stanzas.length - 1; s >= 0; s--) {
    const stanza = dep5.stanzas[s]!;
    const hit = stanza.patterns.find(({ re }) => sourcePaths.some((p) => re.test(p)));
    if (hit !== undefined) return { licence: stanza.licence, copyright: stanza.copyright, rule: hit.glob };
  }
  return null;
}
