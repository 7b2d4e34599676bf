/**
 * Renders photographs of fabric swatches, reproducibly: stripes, checks, dots, chevrons and plain
 * (mottled) cloth in two colours, at a random scale, angle, contrast and lighting, with sensor
 * noise. The images are generated (not real photographs) because no npm package ships a set of
 * real photographs under a licence that allows this use; a seeded generator is reproducible
 * byte-for-byte and owes nobody anything.
 */

export const SWATCH_SIZE = 224;
export const SWATCH_PATTERNS = ['stripes', 'checks', 'dots', 'chevron', 'plain'] as const;
export type SwatchPattern = (typeof SWATCH_PATTERNS)[number];

type Rgb = [number, number, number];

/** HSV (all in [0, 1]) to RGB in [0, 1]. */
function hsv(h: number, s: number, v: number): Rgb {
  const i = Math.floor(h * 6) % 6;
  const f = h * 6 - Math.floor(h * 6);
  const p = v * (1 - s);
  const q = v * (1 - f * s);
  const t = v * (1 - (1 - f) * s);
  return ([[v, t, p], [q, v, p], [p, v, t], [p, q, v], [t, p, v], [v, p, q]] as Rgb[])[i]!;
}

/** A soft 0/1 band: 1 where the wave is above the threshold, with an edge about a pixel wide. */
function band(phase: number, duty: number, period: number): number {
  const wave = Math.cos(2 * Math.PI * phase);
  const edge = (period / (2 * Math.PI)) * 0.9;
  return Math.max(0, Math.min(1, (wave - Math.cos(Math.PI * duty)) * edge * 0.5 + 0.5));
}

/** Triangle wave with period 1, values in [0, 1]. */
const triangle = (t: number) => Math.abs(((t % 1) + 1) % 1 - 0.5) * 2;

/** Smooth value noise on a coarse grid, for mottled cloth and uneven lighting. */
function valueNoise(random: () => number, cells: number): (x: number, y: number) => number {
  const grid = Array.from({ length: (cells + 1) * (cells + 1) }, () => random());
  const at = (i: number, j: number) => grid[j * (cells + 1) + i]!;
  return (x, y) => {
    const gx = x * cells;
    const gy = y * cells;
    const i = Math.min(cells - 1, Math.floor(gx));
    const j = Math.min(cells - 1, Math.floor(gy));
    const fx = gx - i;
    const fy = gy - j;
    const top = at(i, j) * (1 - fx) + at(i + 1, j) * fx;
    const bottom = at(i, j + 1) * (1 - fx) + at(i + 1, j + 1) * fx;
    return top * (1 - fy) + bottom * fy;
  };
}

/** The pattern's weave value in [0, 1] at pixel (x, y): 0 is the ground colour, 1 the pattern colour. */
function patternOf(pattern: SwatchPattern, random: () => number): (x: number, y: number) => number {
  const angle = random() * Math.PI;
  const period = 10 + random() * 30;
  const duty = 0.3 + random() * 0.4;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const offset = random();
  const along = (x: number, y: number) => (x * cos + y * sin) / period + offset;
  const across = (x: number, y: number) => (-x * sin + y * cos) / period + offset;
  switch (pattern) {
    case 'stripes':
      return (x, y) => band(along(x, y), duty, period);
    case 'checks':
      return (x, y) => (band(along(x, y), 0.5, period) + band(across(x, y), 0.5, period)) / 2;
    case 'dots': {
      const radius = 0.15 + random() * 0.2;
      return (x, y) => {
        const u = along(x, y);
        const v = across(x, y);
        const d = Math.hypot(u - Math.round(u), v - Math.round(v));
        return Math.max(0, Math.min(1, (radius - d) * period * 0.5 + 0.5));
      };
    }
    case 'chevron': {
      const amplitude = 0.6 + random() * 0.8;
      const zig = 1 + random() * 1.5;
      return (x, y) => band(along(x, y) + amplitude * triangle(across(x, y) / zig), duty, period);
    }
    case 'plain': {
      const mottle = valueNoise(random, 4 + Math.floor(random() * 8));
      const strength = 0.2 + random() * 0.5;
      return (x, y) => strength * mottle(x / SWATCH_SIZE, y / SWATCH_SIZE);
    }
  }
}

/**
 * One swatch photograph as SWATCH_SIZE x SWATCH_SIZE x 3 values in [0, 1] (row-major, RGB):
 * two colours of random hue (contrast from faint to strong), the pattern at a random angle and
 * scale, uneven lighting and sensor noise. Deterministic given `random`.
 */
export function drawSwatch(pattern: SwatchPattern, random: () => number): Float32Array {
  const hue = random();
  const ground = hsv(hue, 0.2 + random() * 0.6, 0.35 + random() * 0.6);
  const contrast = 0.25 + random() * 0.75;
  const ink = hsv((hue + 0.2 + random() * 0.6) % 1, 0.3 + random() * 0.7, 0.2 + random() * 0.8);
  const colour = ground.map((g, c) => g + (ink[c]! - g) * contrast) as Rgb;
  const weave = patternOf(pattern, random);
  const light = valueNoise(random, 2);
  const lightStrength = 0.15 + random() * 0.35;
  const noise = 0.01 + random() * 0.05;
  const pixels = new Float32Array(SWATCH_SIZE * SWATCH_SIZE * 3);
  for (let y = 0; y < SWATCH_SIZE; y += 1) {
    for (let x = 0; x < SWATCH_SIZE; x += 1) {
      const w = weave(x, y);
      const shade = 1 - lightStrength * light(x / SWATCH_SIZE, y / SWATCH_SIZE);
      for (let c = 0; c < 3; c += 1) {
        const value = (ground[c]! * (1 - w) + colour[c]! * w) * shade + noise * (random() + random() + random() - 1.5);
        pixels[(y * SWATCH_SIZE + x) * 3 + c] = Math.max(0, Math.min(1, value));
      }
    }
  }
  return pixels;
}
