/** The folded form of a name that search compares against: Unicode-normalized and lower-cased. */
export function searchKey(text: string): string {
  return text.normalize('NFC').toLowerCase();
}

/** A LIKE pattern matching `query` anywhere, with LIKE's own wildcards taken literally (use `ESCAPE '\'`). */
export function containsPattern(query: string): string {
  return `%${searchKey(query).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
