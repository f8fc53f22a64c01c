/**
 * The folded form of a name that search compares against: NFKC, so full-width ＡＢＣ and half-width ｶﾀｶﾅ match
 * the ABC and カタカナ people type, then lower-cased.
 */
export function searchKey(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** A LIKE pattern matching `query` anywhere, with LIKE's own wildcards taken literally (use `ESCAPE '\'`). */
export function containsPattern(query: string): string {
  return `%${searchKey(query).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
