/**
 * Renders small grayscale glyphs (ring, square, triangle, ...) as images with values in [0, 1].
 * Each glyph is a set of strokes (line segments and circles) drawn with a soft edge, then placed
 * with a random centre, size, rotation and stroke width, with pixel noise. Deterministic given
 * the `random` function passed in.
 */

export const GLYPH_SIZE = 16;

type Point = readonly [number, number];
type Stroke = { kind: 'segment'; from: Point; to: Point } | { kind: 'circle'; radius: number };

/** Strokes of each glyph in a unit box centred on the origin (x right, y down). */
const GLYPHS: Record<string, Stroke[]> = {
  ring: [{ kind: 'circle', radius: 0.8 }],
  square: polygon([[-0.75, -0.75], [0.75, -0.75], [0.75, 0.75], [-0.75, 0.75]]),
  triangle: polygon([[0, -0.85], [0.85, 0.7], [-0.85, 0.7]]),
  plus: [segment([0, -0.85], [0, 0.85]), segment([-0.85, 0], [0.85, 0])],
  cross: [segment([-0.75, -0.75], [0.75, 0.75]), segment([-0.75, 0.75], [0.75, -0.75])],
  bars: [segment([-0.8, -0.45], [0.8, -0.45]), segment([-0.8, 0.45], [0.8, 0.45])],
  diamond: polygon([[0, -0.9], [0.9, 0], [0, 0.9], [-0.9, 0]]),
  tee: [segment([-0.8, -0.75], [0.8, -0.75]), segment([0, -0.75], [0, 0.85])],
  hourglass: [segment([-0.7, -0.8], [0.7, -0.8]), segment([-0.7, 0.8], [0.7, 0.8]), segment([-0.7, -0.8], [0.7, 0.8]), segment([0.7, -0.8], [-0.7, 0.8])],
};

export type GlyphName = keyof typeof GLYPHS;
export const GLYPH_NAMES = Object.keys(GLYPHS);

function segment(from: Point, to: Point): Stroke {
  return { kind: 'segment', from, to };
}

function polygon(points: Point[]): Stroke[] {
  return points.map((p, i) => segment(p, points[(i + 1) % points.length]!));
}

function distanceToSegment(x: number, y: number, a: Point, b: Point): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const t = Math.max(0, Math.min(1, ((x - a[0]) * dx + (y - a[1]) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - a[0] - t * dx, y - a[1] - t * dy);
}

function distanceToStroke(x: number, y: number, stroke: Stroke): number {
  return stroke.kind === 'circle' ? Math.abs(Math.hypot(x, y) - stroke.radius) : distanceToSegment(x, y, stroke.from, stroke.to);
}

/**
 * One glyph as GLYPH_SIZE x GLYPH_SIZE pixel values (row-major), in [0, 1]: random placement,
 * scale (a third to a half of the image), rotation (up to 15 degrees), stroke width, contrast and noise.
 */
export function drawGlyph(name: string, random: () => number): number[] {
  const strokes = GLYPHS[name];
  if (!strokes) throw new Error(`unknown glyph "${name}"; known: ${GLYPH_NAMES.join(', ')}`);
  const n = GLYPH_SIZE;
  const scale = n * (0.3 + 0.18 * random());
  const cx = n / 2 + (random() - 0.5) * (n - 2 * scale - 1);
  const cy = n / 2 + (random() - 0.5) * (n - 2 * scale - 1);
  const angle = ((random() - 0.5) * Math.PI) / 6;
  const halfWidth = 0.45 + 0.4 * random();
  const ink = 0.6 + 0.4 * random();
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const pixels: number[] = [];
  for (let row = 0; row < n; row += 1) {
    for (let col = 0; col < n; col += 1) {
      // Pixel centre in glyph coordinates (undo placement, rotation and scale).
      const px = col + 0.5 - cx;
      const py = row + 0.5 - cy;
      const gx = (cos * px + sin * py) / scale;
      const gy = (-sin * px + cos * py) / scale;
      let distance = Infinity;
      for (const stroke of strokes) distance = Math.min(distance, distanceToStroke(gx, gy, stroke) * scale);
      const coverage = Math.max(0, Math.min(1, halfWidth + 0.5 - distance));
      const noise = (random() - 0.5) * 0.3;
      pixels.push(Math.round(Math.max(0, Math.min(1, coverage * ink + noise)) * 1000) / 1000);
    }
  }
  return pixels;
}
