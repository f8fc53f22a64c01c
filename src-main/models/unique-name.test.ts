import { describe, expect, it } from 'vitest';
import { uniqueName } from './unique-name.js';

describe('uniqueName', () => {
  it('keeps a free name and numbers a taken one like a second copy', () => {
    expect(uniqueName('Sky model', [])).toBe('Sky model');
    expect(uniqueName('Sky model', ['Sky model'])).toBe('Sky model (2)');
    expect(uniqueName('Sky model', ['sky MODEL', 'Sky model (2)'])).toBe('Sky model (3)');
    expect(uniqueName('Sky model (2)', ['Sky model', 'Sky model (2)'])).toBe('Sky model (3)');
    expect(uniqueName('Faces (2)', [])).toBe('Faces (2)');
  });
});
