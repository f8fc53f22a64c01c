import { readdir, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { KintsugiError } from '../../../src-shared/errors.js';
import { hasImageExtension } from '../../../src-shared/formats.js';

function stem(name: string): string {
  return basename(name, extname(name));
}

/**
 * The stems a mask of `input` may have, in order: the input's own, then the editor's "Export mask" name
 * (`<name>-mask`) and the other common suffix (`<name>_mask`).
 */
function maskStems(input: string): string[] {
  return [input, `${input}-mask`, `${input}_mask`];
}

/** Image files in `folder` whose name stem is `wanted`, PNG (the lossless choice) first; none when it is unreadable. */
async function candidates(folder: string, wanted: string): Promise<string[]> {
  // The usual case without listing the folder, which would make a batch over a big masks folder quadratic.
  const png = join(folder, `${wanted}.png`);
  if (await stat(png).then((s) => s.isFile(), () => false)) return [png];
  const names = await readdir(folder).catch(() => [] as string[]);
  return names
    .filter((n) => !n.startsWith('.') && hasImageExtension(n) && stem(n) === wanted)
    .sort((a, b) => Number(extname(b).toLowerCase() === '.png') - Number(extname(a).toLowerCase() === '.png') || (a < b ? -1 : 1))
    .map((n) => join(folder, n));
}

/**
 * The mask of an input (DeepCreamPy's and IOPaint's folder workflow): in `masksFolder`, the file with the input's
 * name stem in the input's own subfolder (`scans/1950/a.jpg` takes `masks/1950/a.png`), else directly in the masks
 * folder (`masks/a.png`); `a-mask.png` and `a_mask.png` count too, after `a.*`. A PNG wins over other image types
 * of the same stem.
 */
export async function findMask(masksFolder: string, relativePath: string): Promise<string> {
  const parts = relativePath.split('/');
  const wanted = stem(parts.at(-1) as string);
  const places = parts.length > 1 ? [join(masksFolder, ...parts.slice(0, -1)), masksFolder] : [masksFolder];
  for (const folder of places) {
    for (const name of maskStems(wanted)) {
      const [found] = await candidates(folder, name);
      if (found) return found;
    }
  }
  throw new KintsugiError('E_NOT_FOUND', `No mask named ${wanted}.*, ${wanted}-mask.* or ${wanted}_mask.* in ${places.join(' or ')}`);
}
