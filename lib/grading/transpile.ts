import { createHash } from 'node:crypto';
import { transform, type Message } from 'esbuild';
import { SourceMapConsumer } from 'source-map-js';
import { clipText } from '@/lib/clip-text';

export interface TranspiledCode {
  /** CommonJS JavaScript; `require` is provided by the sandbox. */
  code: string;
  map: SourceMapConsumer;
}

export class CompileError extends Error {
  override name = 'CompileError';
  constructor(
    message: string,
    readonly location?: { line: number; column: number },
  ) {
    super(message);
  }
}

/** How much of the compiler's text, and of the line around the error, a message quotes: a line of code can be any length. */
const MAX_QUOTED_CHARS = 300;
const CONTEXT_CHARS = 60;

/** The part of `lineText` around `column`, and where the column falls in it. */
function around(lineText: string, column: number): { text: string; caret: number } {
  const start = Math.max(0, column - CONTEXT_CHARS);
  const end = Math.min(lineText.length, column + CONTEXT_CHARS);
  const before = start > 0 ? '…' : '';
  return { text: `${before}${lineText.slice(start, end)}${end < lineText.length ? '…' : ''}`, caret: before.length + column - start };
}

function describe(message: Message): CompileError {
  const where = message.location;
  const text = clipText(message.text, MAX_QUOTED_CHARS);
  if (!where) return new CompileError(`Your code does not compile: ${text}`);
  const location = { line: where.line, column: where.column + 1 };
  const line = around(where.lineText, where.column);
  return new CompileError(
    `Your code does not compile: ${text} (line ${location.line}, column ${location.column})\n` +
      `  ${where.line} | ${line.text}\n` +
      `  ${' '.repeat(String(where.line).length)} | ${' '.repeat(line.caret)}^`,
    location,
  );
}

/** Transpiled sources kept, most recently used last: a Run followed by a Submit, or a rerun of one test, transpiles once. */
const CACHE_ENTRIES = 128;
const cache = new Map<string, TranspiledCode>();

function remember(key: string, value: TranspiledCode): void {
  cache.delete(key);
  cache.set(key, value);
  if (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
}

/**
 * TypeScript → CommonJS JavaScript, cached by the source's hash (a cached result is shared: its
 * code and source map are only read). Type errors are the editor's job; syntax errors throw CompileError.
 */
export async function transpileSubmission(source: string): Promise<TranspiledCode> {
  const key = createHash('sha256').update(source).digest('base64');
  const hit = cache.get(key);
  if (hit) {
    remember(key, hit);
    return hit;
  }
  const transpiled = await transpile(source);
  remember(key, transpiled);
  return transpiled;
}

async function transpile(source: string): Promise<TranspiledCode> {
  try {
    const result = await transform(source, {
      loader: 'ts',
      format: 'cjs',
      target: 'es2022',
      sourcemap: 'external',
      sourcefile: 'submission.ts',
      // import('x') becomes a require('x'), which the sandbox answers (tfjs, or a clear refusal).
      supported: { 'dynamic-import': false },
      logLevel: 'silent',
    });
    return { code: result.code, map: new SourceMapConsumer(JSON.parse(result.map)) };
  } catch (error) {
    const first = (error as { errors?: Message[] }).errors?.[0];
    if (first) throw describe(first);
    throw error;
  }
}

/** Maps a position in the transpiled code back to submission.ts (1-based line and column). */
export function originalPosition(map: SourceMapConsumer, line: number, column: number): { line: number; column: number } | undefined {
  const position = map.originalPositionFor({ line, column: Math.max(0, column - 1) });
  return position.line ? { line: position.line, column: (position.column ?? 0) + 1 } : undefined;
}
