import { describe, expect, it } from 'vitest';
import { actualPixelsView, cssScale, fitView, MAX_ZOOM, MIN_ZOOM, snapToDevicePixels, wheelZoomFactor, zoomAround } from './view-transform.js';

describe('view transform', () => {
  it('fits a large image inside the viewport, centred', () => {
    const view = fitView({ width: 4000, height: 2000 }, { width: 1032, height: 800 }, 1);
    expect(view.zoom).toBeCloseTo(0.25);
    expect(view.x).toBeCloseTo(16);
    expect(view.y).toBeCloseTo((800 - 500) / 2);
  });

  it('counts zoom in device pixels, so 100% on a 2× display is half the CSS scale', () => {
    const view = actualPixelsView({ zoom: 0.3, x: 0, y: 0 }, { width: 800, height: 600 }, 2);
    expect(view.zoom).toBe(1);
    expect(cssScale(view, 2)).toBe(0.5);
    // The origin lands on whole device pixels.
    expect(Number.isInteger(view.x * 2)).toBe(true);
    expect(Number.isInteger(view.y * 2)).toBe(true);
  });

  it('keeps the image point under the cursor fixed while zooming', () => {
    const before = { zoom: 0.5, x: 10, y: 20 };
    const after = zoomAround(before, 0.8, 300, 200, 1);
    const imagePoint = (v: typeof before) => [(300 - v.x) / v.zoom, (200 - v.y) / v.zoom];
    expect(imagePoint(after)[0]).toBeCloseTo(imagePoint(before)[0]!);
    expect(imagePoint(after)[1]).toBeCloseTo(imagePoint(before)[1]!);
  });

  it('clamps zoom to 1%–3200%', () => {
    expect(zoomAround({ zoom: 1, x: 0, y: 0 }, 1000, 0, 0, 1).zoom).toBe(MAX_ZOOM);
    expect(zoomAround({ zoom: 1, x: 0, y: 0 }, 0.0001, 0, 0, 1).zoom).toBe(MIN_ZOOM);
  });

  it('snaps only from 100% up', () => {
    expect(snapToDevicePixels({ zoom: 0.5, x: 1.3, y: 2.7 }, 1)).toEqual({ zoom: 0.5, x: 1.3, y: 2.7 });
    expect(snapToDevicePixels({ zoom: 2, x: 1.3, y: 2.7 }, 1)).toEqual({ zoom: 2, x: 1, y: 3 });
  });

  it('zooms in for wheel up and out for wheel down', () => {
    expect(wheelZoomFactor(-100, 0)).toBeGreaterThan(1);
    expect(wheelZoomFactor(100, 0)).toBeLessThan(1);
    expect(wheelZoomFactor(-3, 1)).toBeCloseTo(wheelZoomFactor(-99, 0));
  });
});
