/**
 * Plain data as JSON text, keeping what JSON drops: NaN, ±Infinity, -0 and undefined are written
 * as `{ "$number": "NaN" }` (and the like) and `{ "$undefined": true }`, and read back as they were.
 */
type Encoded = { $number: 'NaN' | 'Infinity' | '-Infinity' | '-0' } | { $undefined: true };

function encodeValue(value: unknown): unknown {
  if (value === undefined) return { $undefined: true } satisfies Encoded;
  if (typeof value === 'number' && !Number.isFinite(value)) return { $number: String(value) };
  if (Object.is(value, -0)) return { $number: '-0' };
  return value;
}

export function stringifyPlain(value: unknown, space?: number): string {
  return JSON.stringify(value, (_key, v: unknown) => encodeValue(v), space);
}

export function parsePlain(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
    const keys = Object.keys(v);
    if (keys.length !== 1) return v;
    if ('$undefined' in v) return undefined;
    if ('$number' in v) return Number((v as { $number: string }).$number);
    return v;
  });
}
