import type { Instrumenter } from '@stryker-mutator/instrumenter';

/** One mutant of a source file: StrykerJS's mutation, applied to the text. */
export interface SourceMutant {
  /** Unique and stable while the file does not change: start and end (line:column), mutator, replacement. */
  key: string;
  mutatorName: string;
  /** 1-based line of the mutation's start. */
  line: number;
  replacement: string;
  /** The whole mutated file. */
  code: string;
  /** The changed lines, `-` original and `+` mutated. */
  diff: string;
}

/** Stryker's 0-based line and column. */
interface Position {
  line: number;
  column: number;
}

const MAX_DIFF_LINES = 8;

type Logger = ConstructorParameters<typeof Instrumenter>[0];

function quietLogger(): Logger {
  const off = () => false;
  const ignore = () => undefined;
  return {
    isTraceEnabled: off,
    isDebugEnabled: off,
    isInfoEnabled: off,
    isWarnEnabled: () => true,
    isErrorEnabled: () => true,
    isFatalEnabled: () => true,
    trace: ignore,
    debug: ignore,
    info: ignore,
    warn: (message: string) => console.warn(`[stryker] ${message}`),
    error: (message: string) => console.error(`[stryker] ${message}`),
    fatal: (message: string) => console.error(`[stryker] ${message}`),
  };
}

function offsetOf(lineStarts: number[], position: Position): number {
  return lineStarts[position.line]! + position.column;
}

function describeChange(original: string, mutated: string, firstLine: number, lastLine: number, lastLineMutated: number): string {
  const before = original.split('\n').slice(firstLine, lastLine + 1);
  const after = mutated.split('\n').slice(firstLine, lastLineMutated + 1);
  const clip = (lines: string[], sign: string) =>
    lines.slice(0, MAX_DIFF_LINES).map((l) => `${sign} ${l}`).concat(lines.length > MAX_DIFF_LINES ? [`${sign} ... ${lines.length - MAX_DIFF_LINES} more lines`] : []);
  return [`@@ line ${firstLine + 1}`, ...clip(before, '-'), ...clip(after, '+')].join('\n');
}

/**
 * Every mutant StrykerJS's instrumenter makes of `code` (its standard mutators: arithmetic,
 * equality, conditional, logical, unary, update, block, string, array, object, boolean, optional
 * chaining, regex, method expressions), each as a whole mutated file.
 */
export async function listMutants(fileName: string, code: string): Promise<SourceMutant[]> {
  // An ES module whose own dependencies load only through `import` (not `require`).
  const stryker = await import('@stryker-mutator/instrumenter');
  const instrumenter = new stryker.Instrumenter(quietLogger());
  const { mutants } = await instrumenter.instrument([{ name: fileName, content: code, mutate: true }], { plugins: null, excludedMutations: [], ignorers: [] });
  const lineStarts = [0];
  for (let i = 0; i < code.length; i += 1) if (code[i] === '\n') lineStarts.push(i + 1);
  return mutants
    .filter((mutant) => mutant.status === undefined)
    .map((mutant) => {
      const { start, end } = mutant.location;
      const replacement = mutant.replacement ?? '';
      const mutated = code.slice(0, offsetOf(lineStarts, start)) + replacement + code.slice(offsetOf(lineStarts, end));
      const addedLines = replacement.split('\n').length - 1 - (end.line - start.line);
      return {
        key: `L${start.line + 1}:${start.column}-${end.line + 1}:${end.column} ${mutant.mutatorName} ${replacement.replace(/\s+/g, ' ').slice(0, 60)}`,
        mutatorName: mutant.mutatorName,
        line: start.line + 1,
        replacement,
        code: mutated,
        diff: describeChange(code, mutated, start.line, end.line, end.line + addedLines),
      };
    });
}
