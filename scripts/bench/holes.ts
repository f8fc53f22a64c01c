/** The fixed synthetic holes the inpainting benchmark cuts into real photos (deterministic, seeded). */
import type { HoleMask, RgbImage } from '../../src-main/engines/inpaint/engine.js';
import { mulberry32 } from '../../src-main/engines/inpaint/random.js';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function boxMask(width: number, height: number, box: Box): HoleMask {
  const mask = new Uint8Array(width * height);
  for (let y = box.y; y < box.y + box.height; y++) mask.fill(255, y * width + box.x, y * width + box.x + box.width);
  return mask;
}

/**
 * A square of `fraction` of the image area placed where the picture is busiest (largest sum of absolute luma
 * differences), so the large-hole case measures texture synthesis rather than filling flat background.
 */
export function texturedBox(image: RgbImage, fraction: number): Box {
  const { width, height, data } = image;
  const side = Math.round(Math.sqrt(fraction * width * height));
  const energy = new Float64Array((width + 1) * (height + 1));
  for (let y = 0; y < height; y++) {
    let row = 0;
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const right = x + 1 < width ? i + 3 : i;
      const down = y + 1 < height ? i + width * 3 : i;
      row += Math.abs((data[i + 1] as number) - (data[right + 1] as number)) + Math.abs((data[i + 1] as number) - (data[down + 1] as number));
      energy[(y + 1) * (width + 1) + x + 1] = (energy[y * (width + 1) + x + 1] as number) + row;
    }
  }
  let best: Box = { x: 0, y: 0, width: side, height: side };
  let bestEnergy = -1;
  const step = Math.max(8, Math.floor(side / 4));
  // Keep a margin so the box has context on every side.
  for (let y = Math.floor(side / 2); y + side <= height - Math.floor(side / 2); y += step) {
    for (let x = Math.floor(side / 2); x + side <= width - Math.floor(side / 2); x += step) {
      const w = width + 1;
      const e =
        (energy[(y + side) * w + x + side] as number) -
        (energy[y * w + x + side] as number) -
        (energy[(y + side) * w + x] as number) +
        (energy[y * w + x] as number);
      if (e > bestEnergy) {
        bestEnergy = e;
        best = { x, y, width: side, height: side };
      }
    }
  }
  return best;
}

/** Free-form brush strokes: seeded random walks with a round brush, like a user painting over scratches. */
export function strokes(width: number, height: number, count: number, radius: number, seed: number): HoleMask {
  const random = mulberry32(seed);
  const mask = new Uint8Array(width * height);
  for (let s = 0; s < count; s++) {
    let x = radius + random() * (width - 2 * radius);
    let y = radius + random() * (height - 2 * radius);
    let angle = random() * 2 * Math.PI;
    const length = 60 + random() * 140;
    for (let t = 0; t < length; t++) {
      angle += (random() - 0.5) * 0.3;
      x = Math.min(width - 1, Math.max(0, x + Math.cos(angle)));
      y = Math.min(height - 1, Math.max(0, y + Math.sin(angle)));
      for (let dy = -radius; dy <= radius; dy++) {
        for (let dx = -radius; dx <= radius; dx++) {
          if (dx * dx + dy * dy > radius * radius) continue;
          const px = Math.round(x + dx);
          const py = Math.round(y + dy);
          if (px >= 0 && py >= 0 && px < width && py < height) mask[py * width + px] = 255;
        }
      }
    }
  }
  return mask;
}

/** Thin straight scratches (3 px) for the large-photo latency case. */
export function scratches(width: number, height: number, count: number, seed: number): HoleMask {
  const random = mulberry32(seed);
  const mask = new Uint8Array(width * height);
  for (let s = 0; s < count; s++) {
    const x0 = 200 + random() * (width - 400);
    const y0 = 200 + random() * (height - 400);
    const angle = random() * Math.PI;
    for (let t = 0; t < 150; t++) {
      const cx = Math.round(x0 + t * Math.cos(angle));
      const cy = Math.round(y0 + t * Math.sin(angle));
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) mask[(cy + dy) * width + cx + dx] = 255;
    }
  }
  return mask;
}

/** Pixelates the box in place (blocks aligned to its corner), making a de-mosaic test case. */
export function pixelateBox(image: RgbImage, box: Box, block: number): RgbImage {
  const { width } = image;
  const data = new Uint8Array(image.data);
  for (let by = box.y; by < box.y + box.height; by += block) {
    for (let bx = box.x; bx < box.x + box.width; bx += block) {
      const y1 = Math.min(box.y + box.height, by + block);
      const x1 = Math.min(box.x + box.width, bx + block);
      for (let k = 0; k < 3; k++) {
        let sum = 0;
        for (let y = by; y < y1; y++) for (let x = bx; x < x1; x++) sum += image.data[(y * width + x) * 3 + k] as number;
        const mean = Math.round(sum / ((y1 - by) * (x1 - bx)));
        for (let y = by; y < y1; y++) for (let x = bx; x < x1; x++) data[(y * width + x) * 3 + k] = mean;
      }
    }
  }
  return { width: image.width, height: image.height, data };
}

/**
 * A rectangular hole like those users paint over: odd `seed`s give a camera date stamp (a short wide box near a
 * bottom corner), even ones a censor bar (a long thin band across the middle third).
 */
export function stampOrBar(width: number, height: number, seed: number): HoleMask {
  const random = mulberry32(seed);
  if (seed % 2 === 1) {
    const w = Math.round(width * (0.2 + 0.08 * random()));
    const h = Math.round(height * (0.06 + 0.03 * random()));
    const right = random() < 0.5;
    const x = right ? width - w - Math.round(width * 0.04) : Math.round(width * 0.04);
    return boxMask(width, height, { x, y: height - h - Math.round(height * 0.05), width: w, height: h });
  }
  const w = Math.round(width * (0.45 + 0.25 * random()));
  const h = Math.max(6, Math.round(height * (0.04 + 0.03 * random())));
  const x = Math.round((width - w) * random());
  const y = Math.round(height / 3 + (height / 3 - h) * random());
  return boxMask(width, height, { x, y, width: w, height: h });
}

/**
 * A blob covering `fraction` of the image: a star-shaped region whose radius wobbles with a few seeded harmonics
 * (like an object to remove), scaled so its area hits the fraction, placed at a seeded spot that keeps it inside
 * where the picture is big enough.
 */
export function blob(width: number, height: number, fraction: number, seed: number): HoleMask {
  const random = mulberry32(seed);
  const harmonics = [2, 3, 5].map((k) => ({ k, amplitude: (0.25 / k) * (0.5 + random()), phase: random() * 2 * Math.PI }));
  const shape = (theta: number): number => 1 + harmonics.reduce((s, h) => s + h.amplitude * Math.cos(h.k * theta + h.phase), 0);
  // Area of r(θ) = r0·shape(θ) is r0²/2 ∮ shape²; integrate numerically.
  let integral = 0;
  const steps = 720;
  for (let i = 0; i < steps; i++) integral += shape((i / steps) * 2 * Math.PI) ** 2;
  const r0 = Math.sqrt((2 * fraction * width * height) / ((integral / steps) * 2 * Math.PI));
  let reach = 0;
  for (let i = 0; i < steps; i++) reach = Math.max(reach, r0 * shape((i / steps) * 2 * Math.PI));
  // A blob wider than the picture stays centred on that axis (and is clipped by the border).
  const cx = width / 2 + (random() - 0.5) * Math.max(0, width - 2 * reach);
  const cy = height / 2 + (random() - 0.5) * Math.max(0, height - 2 * reach);
  const mask = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const dx = x - cx;
      const dy = y - cy;
      if (Math.hypot(dx, dy) <= r0 * shape(Math.atan2(dy, dx))) mask[y * width + x] = 255;
    }
  }
  return mask;
}
