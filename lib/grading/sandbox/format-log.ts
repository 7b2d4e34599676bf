import { intrinsics as I, isError } from './intrinsics';

const MAX_ITEM_CHARS = 2_000;

/** Renders console arguments the way a developer expects, without ever throwing. */
export function formatLogArgs(args: unknown[], isTensor: (v: unknown) => boolean): string {
  let line = '';
  for (let i = 0; i < args.length; i += 1) {
    if (i > 0) line += ' ';
    line += formatOne(args[i], isTensor);
  }
  return line;
}

function formatOne(value: unknown, isTensor: (v: unknown) => boolean): string {
  try {
    if (typeof value === 'string') return value.length > MAX_ITEM_CHARS ? I.stringSlice(value, 0, MAX_ITEM_CHARS) + '…' : value;
    if (value === undefined) return 'undefined';
    if (typeof value === 'function') return `[Function ${(value as { name?: string }).name || 'anonymous'}]`;
    if (typeof value === 'bigint') return `${I.String(value)}n`;
    if (isTensor(value)) return `Tensor ${I.String((value as { toString(): string }).toString())}`;
    if (isError(value)) return `${I.String(value.name)}: ${I.String(value.message)}`;
    if (I.isView(value)) value = I.arrayFrom(value as unknown as ArrayLike<unknown>);
    const text = I.jsonStringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${I.String(v)}n` : v));
    if (text === undefined) return I.String(value);
    return text.length > MAX_ITEM_CHARS ? I.stringSlice(text, 0, MAX_ITEM_CHARS) + '…' : text;
  } catch {
    return '[unprintable value]';
  }
}
