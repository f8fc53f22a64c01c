/** A pixel count as photographers say it: `268 MP`, `36 MP`, `2.1 MP`, `0.3 MP`. */
export function formatMegapixels(pixels: number): string {
  const mp = pixels / 1e6;
  return `${mp >= 10 ? Math.round(mp) : mp.toFixed(1)} MP`;
}
