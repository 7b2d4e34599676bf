/** Data as it leaves the sandbox: copied, never a live object of the submission. */
export type Plain = null | undefined | boolean | number | string | Plain[] | { [key: string]: Plain };

/** How a tf.Tensor returned by a submission arrives on the host. */
export interface TensorData {
  kind: 'tensor';
  shape: number[];
  dtype: string;
  /** Nested arrays, as `tensor.arraySync()` gives them. */
  values: Plain;
}

export function isTensorData(value: unknown): value is TensorData {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'tensor';
}

/** A short, single-line rendering for messages: long arrays and strings are elided. */
export function preview(value: unknown, maxChars = 160): string {
  const seen = (v: unknown, depth: number): string => {
    if (v === undefined) return 'undefined';
    if (typeof v === 'number') return Object.is(v, -0) ? '0' : Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
    if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);
    if (v === null || typeof v !== 'object') return String(v);
    if (isTensorData(v)) return `tensor(${v.dtype}, shape [${v.shape.join(', ')}]) ${seen(v.values, depth)}`;
    if (depth > 3) return Array.isArray(v) ? '[...]' : '{...}';
    if (Array.isArray(v)) {
      const items = v.slice(0, 8).map((item) => seen(item, depth + 1));
      if (v.length > 8) items.push(`... ${v.length - 8} more`);
      return `[${items.join(', ')}]`;
    }
    const entries = Object.entries(v).slice(0, 8).map(([k, item]) => `${k}: ${seen(item, depth + 1)}`);
    return `{ ${entries.join(', ')} }`;
  };
  const text = seen(value, 0);
  return text.length > maxChars ? `${text.slice(0, maxChars - 3)}...` : text;
}
