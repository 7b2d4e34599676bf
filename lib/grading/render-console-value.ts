import { CONSOLE_LIMITS } from '@/lib/limits';
import { isTensorData } from './plain';

/** Width under which an array or object is written on one line. */
const ONE_LINE_CHARS = 80;
const MAX_DEPTH = 8;

function renderNumber(n: number): string {
  if (Object.is(n, -0)) return '-0';
  return Number.isInteger(n) || !Number.isFinite(n) ? String(n) : String(Number(n.toPrecision(7)));
}

function renderKey(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
}

/** One level of a value: short ones on one line, longer ones one item per line, long arrays cut with a count. */
function render(value: unknown, indent: string, depth: number): string {
  if (value === undefined) return 'undefined';
  if (value === null || typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return renderNumber(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value !== 'object') return String(value);
  if (isTensorData(value)) {
    const size = value.shape.reduce((a, b) => a * b, 1);
    return `Tensor ${value.dtype} shape [${value.shape.join(', ')}] (${size} value${size === 1 ? '' : 's'})\n${indent}${render(value.values, indent, depth + 1)}`;
  }
  if (depth >= MAX_DEPTH) return Array.isArray(value) ? '[…]' : '{…}';
  const inner = `${indent}  `;
  let items: string[];
  let open: string;
  let close: string;
  if (Array.isArray(value)) {
    items = value.slice(0, CONSOLE_LIMITS.arrayItems).map((item) => render(item, inner, depth + 1));
    if (value.length > CONSOLE_LIMITS.arrayItems) items.push(`… ${value.length - CONSOLE_LIMITS.arrayItems} more`);
    [open, close] = ['[', ']'];
  } else {
    const entries = Object.entries(value);
    items = entries.slice(0, CONSOLE_LIMITS.arrayItems).map(([key, item]) => `${renderKey(key)}: ${render(item, inner, depth + 1)}`);
    if (entries.length > CONSOLE_LIMITS.arrayItems) items.push(`… ${entries.length - CONSOLE_LIMITS.arrayItems} more keys`);
    [open, close] = ['{ ', ' }'];
  }
  if (items.length === 0) return Array.isArray(value) ? '[]' : '{}';
  const oneLine = `${open}${items.join(', ')}${close}`;
  if (oneLine.length <= ONE_LINE_CHARS && !oneLine.includes('\n')) return oneLine;
  return `${open.trim()}\n${items.map((item) => `${inner}${item}`).join(',\n')}\n${indent}${close.trim()}`;
}

/**
 * The value a console call returned, as text for the learner: plain data as it left the sandbox,
 * tensors headed by dtype and shape, long arrays cut after CONSOLE_LIMITS.arrayItems with a count,
 * and the whole cut at CONSOLE_LIMITS.valueChars. Text only: the browser shows it as it is.
 */
export function renderConsoleValue(value: unknown): { text: string; truncated: boolean } {
  const text = render(value, '', 0);
  if (text.length <= CONSOLE_LIMITS.valueChars) return { text, truncated: false };
  return { text: `${text.slice(0, CONSOLE_LIMITS.valueChars)}\n… ${text.length - CONSOLE_LIMITS.valueChars} more characters`, truncated: true };
}
