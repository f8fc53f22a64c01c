/**
 * `wanted`, or, when the library already has a model of that name (case aside), `wanted (2)`, `wanted (3)`, … as a
 * file manager names a second copy: two models listed under one name cannot be told apart in a menu.
 */
export function uniqueName(wanted: string, taken: readonly string[]): string {
  const used = new Set(taken.map((name) => name.toLocaleLowerCase()));
  if (!used.has(wanted.toLocaleLowerCase())) return wanted;
  // A copy of a copy is numbered from its base: "Sky (2)" imported again becomes "Sky (3)", not "Sky (2) (2)".
  const base = wanted.replace(/ \(\d+\)$/, '');
  for (let n = 2; ; n++) {
    const candidate = `${base} (${n})`;
    if (!used.has(candidate.toLocaleLowerCase())) return candidate;
  }
}
