import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../engines/inpaint/random.js';
import type { RgbImage } from '../engines/inpaint/engine.js';
import { labToRgb, labToRgbKeepingLightness, lightness, linearToByte, linearToSrgb255, luminanceOnly, rgbToLab } from './lab.js';

function image(pixels: number[][]): RgbImage {
  return { width: pixels.length, height: 1, data: Uint8Array.from(pixels.flat()) };
}

describe('sRGB <-> Lab', () => {
  it('gives the reference values for white, black and the primaries', () => {
    const lab = rgbToLab(image([[255, 255, 255], [0, 0, 0], [255, 0, 0], [0, 255, 0], [0, 0, 255]]));
    const at = (i: number) => [lab.L[i], lab.a[i], lab.b[i]] as number[];
    const expectClose = (got: number[], want: number[]) => want.forEach((w, k) => expect(got[k]).toBeCloseTo(w, 1));
    expectClose(at(0), [100, 0, 0]);
    expectClose(at(1), [0, 0, 0]);
    expectClose(at(2), [53.24, 80.09, 67.2]);
    expectClose(at(3), [87.73, -86.18, 83.18]);
    expectClose(at(4), [32.3, 79.19, -107.86]);
  });

  it('round-trips all 256 greys exactly, with a* = b* = 0', () => {
    const grey = image(Array.from({ length: 256 }, (_, v) => [v, v, v]));
    const lab = rgbToLab(grey);
    for (let v = 0; v < 256; v++) {
      expect(lab.a[v]).toBe(0);
      expect(lab.b[v]).toBe(0);
    }
    expect(Array.from(labToRgb(lab).data)).toEqual(Array.from(grey.data));
  });

  it('round-trips a dense random sample of colours within ±1 per channel', () => {
    const random = mulberry32(7);
    const n = 200_000;
    const data = new Uint8Array(n * 3);
    for (let i = 0; i < data.length; i++) data[i] = Math.floor(random() * 256);
    const back = labToRgb(rgbToLab({ width: n, height: 1, data })).data;
    let worst = 0;
    for (let i = 0; i < data.length; i++) worst = Math.max(worst, Math.abs((back[i] as number) - (data[i] as number)));
    expect(worst).toBeLessThanOrEqual(1);
  });

  it('lightness() agrees with rgbToLab().L, and luminanceOnly keeps L* within 8-bit rounding', () => {
    const random = mulberry32(3);
    const n = 50_000;
    const data = new Uint8Array(n * 3);
    for (let i = 0; i < data.length; i++) data[i] = Math.floor(random() * 256);
    const img = { width: n, height: 1, data };
    const lab = rgbToLab(img);
    const l = lightness(img);
    const grey = rgbToLab(luminanceOnly(img));
    let mismatches = 0;
    let worst = 0;
    for (let i = 0; i < n; i++) {
      if (l[i] !== lab.L[i] || grey.a[i] !== 0) mismatches++;
      worst = Math.max(worst, Math.abs((grey.L[i] as number) - (lab.L[i] as number)));
    }
    expect(mismatches).toBe(0);
    // Half a grey level is at most ~0.45 L* (steepest near black).
    expect(worst).toBeLessThan(0.5);
  });

  it('clamps out-of-gamut Lab to valid bytes', () => {
    const out = labToRgb({ width: 2, height: 1, L: Float32Array.of(50, 100), a: Float32Array.of(200, -200), b: Float32Array.of(-200, 200) });
    expect(out.data.length).toBe(6);
    expect(out.data.every((v) => v >= 0 && v <= 255)).toBe(true);
  });

  it('brings out-of-gamut Lab into sRGB by lowering chroma, keeping L* and hue', () => {
    // A strong blue at L* 90 does not exist in sRGB; clamping each channel darkens it by about 5 L*.
    const lab = { width: 1, height: 1, L: Float32Array.of(90), a: Float32Array.of(40), b: Float32Array.of(-80) };
    const clamped = rgbToLab(labToRgb(lab));
    const kept = rgbToLab(labToRgbKeepingLightness(lab));
    expect(Math.abs((clamped.L[0] as number) - 90)).toBeGreaterThan(3);
    expect(Math.abs((kept.L[0] as number) - 90)).toBeLessThan(0.5);
    const hue = (a: number, b: number) => (Math.atan2(b, a) * 180) / Math.PI;
    expect(Math.abs(hue(kept.a[0] as number, kept.b[0] as number) - hue(40, -80))).toBeLessThan(2);
  });
});

describe('linearToByte', () => {
  it('equals rounding the gamma-encoded value, across the whole range', () => {
    let mismatches = 0;
    for (let k = 0; k <= 1_000_000; k++) {
      const c = k / 1_000_000;
      if (linearToByte(c) !== Math.min(255, Math.max(0, Math.round(linearToSrgb255(c))))) mismatches++;
    }
    expect(mismatches).toBe(0);
    expect([linearToByte(-0.1), linearToByte(Number.NaN), linearToByte(1.5)]).toEqual([0, 0, 255]);
  });
});
