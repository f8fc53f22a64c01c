import { describe, expect, it } from 'vitest';
import { exportDefaults, isInside } from './export-defaults.js';

describe('export defaults', () => {
  it('proposes the last export’s folder and format', () => {
    expect(exportDefaults({ exportFolder: '/home/ann/out', exportFormat: 'jpeg' }, '/home/ann/photos/a.jpg', '/home/ann/.kintsugi')).toEqual({
      folder: '/home/ann/out',
      format: 'jpeg',
    });
  });

  it('the first time: the original’s folder as PNG, but never the app’s own uploads folder', () => {
    expect(exportDefaults({}, '/home/ann/photos/a.jpg', '/home/ann/.kintsugi')).toEqual({ folder: '/home/ann/photos', format: 'png' });
    expect(exportDefaults({}, '/home/ann/.kintsugi/uploads/2026-12-04/a.jpg', '/home/ann/.kintsugi')).toEqual({ folder: null, format: 'png' });
    expect(exportDefaults({}, 'C:\\Data\\Kintsugi\\uploads\\a.jpg', 'C:\\Data\\Kintsugi\\')).toMatchObject({ folder: null });
  });

  it('tells inside from a sibling with the same prefix', () => {
    expect(isInside('/data/kintsugi/uploads/a.png', '/data/kintsugi')).toBe(true);
    expect(isInside('/data/kintsugi-old/a.png', '/data/kintsugi')).toBe(false);
    expect(isInside('/data/kintsugi', '/data/kintsugi')).toBe(false);
  });
});
