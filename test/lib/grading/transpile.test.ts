import { describe, expect, it } from 'vitest';
import { CompileError, originalPosition, transpileSubmission } from '@/lib/grading/transpile';

describe('transpileSubmission', () => {
  it('turns TypeScript into CommonJS with a source map back to the submission', async () => {
    const { code, map } = await transpileSubmission('// doubles\nexport function double(x: number): number {\n  return x * 2;\n}\n');
    expect(code).toContain('exports');
    expect(code).not.toContain(': number');
    const line = code.split('\n').findIndex((l) => l.includes('return x * 2')) + 1;
    expect(originalPosition(map, line, 3)?.line).toBe(3);
  });

  it('gives the same source the same transpiled result without transpiling again', async () => {
    const source = `export const answer: number = ${Math.random()};\n`;
    const first = await transpileSubmission(source);
    expect(await transpileSubmission(source)).toBe(first);
    expect(await transpileSubmission(`${source}// changed\n`)).not.toBe(first);
  });

  it('reports a syntax error with its position every time', async () => {
    for (let i = 0; i < 2; i += 1) {
      const error = await transpileSubmission('export const x = ;\n').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CompileError);
      expect((error as CompileError).location).toEqual({ line: 1, column: 18 });
    }
  });
});
