export class TestSuiteError extends Error {
  override name = 'TestSuiteError';
}

/** Whether `source` parses as one expression (compiled by the host's parser, never run). */
function isExpression(source: string): boolean {
  try {
    // Trusted test code: the suite file itself was already evaluated in this process.
    new Function(`return (${source}\n);`);
    return true;
  } catch {
    return false;
  }
}

/**
 * The driver as an expression the sandbox can evaluate. Arrow functions and function expressions
 * are one already; a method shorthand (`run(user) {…}`, `async run(user) {…}`) becomes a function
 * expression. Decided by the parser, not by pattern, so default parameters or destructuring of
 * any shape are fine; a bound or native function (no source) is refused here, at load time.
 */
export function driverSource(fn: (...args: never[]) => unknown): string {
  const source = fn.toString().trim();
  const async = /^async\s+/.exec(source);
  const candidates = [source, `function ${source}`, ...(async ? [`async function ${source.slice(async[0].length)}`] : [])];
  const expression = candidates.find(isExpression);
  if (expression === undefined) throw new TestSuiteError(`cannot send this driver to the sandbox (write it as an arrow function or a method): ${source.slice(0, 60)}`);
  return expression;
}

/**
 * A driver that runs `driver` on each input of a list, one after another in the same context
 * (so state the submission keeps between calls carries over), and returns the list of outputs.
 */
export function batchDriverSource(driver: string): string {
  return `async (user, inputs, h) => { const run = (${driver}\n); const outputs = []; for (let i = 0; i < inputs.length; i += 1) outputs.push(await run(user, inputs[i], h)); return outputs; }`;
}
