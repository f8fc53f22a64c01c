import { describe, expect, it } from 'vitest';
import { embeddedEngines, findEngine } from './registry.js';

describe('inpaint engine registry', () => {
  it('lists PatchMatch first, then diffusion, both supporting fill and mosaic', () => {
    const infos = embeddedEngines().map((e) => e.info);
    expect(infos.map((i) => i.id)).toEqual(['patchmatch', 'diffusion']);
    expect(infos[0]).toMatchObject({ id: 'patchmatch', name: 'PatchMatch', kind: 'embedded', modes: ['fill', 'mosaic'] });
    for (const info of infos) expect(info.description.length).toBeGreaterThan(10);
  });

  it('finds an engine by id and refuses unknown ids with E_NOT_FOUND', () => {
    expect(findEngine('diffusion').info.id).toBe('diffusion');
    expect(() => findEngine('nope')).toThrow(expect.objectContaining({ code: 'E_NOT_FOUND' }));
  });
});
