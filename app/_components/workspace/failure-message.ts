/**
 * Reading a visible test's failure message (written by `describeFailure` in
 * lib/grading/format-messages.ts): the property that broke, then `input:`, `expected:` and
 * `actual:` lines. Any other message (a thrown error, a hidden test's property) is shown as it is.
 */
export interface FailureMessage {
  property: string;
  input?: string;
  expected?: string;
  tolerance?: string;
  actual?: string;
}

const FIELD = /^ {2}(input|expected|actual): +(.*)$/;
const TOLERANCE = /^(.*) \(tolerance ([^)]+)\)$/;

export function parseFailureMessage(message: string): FailureMessage | null {
  const [property, ...rest] = message.split('\n');
  if (property === undefined || rest.length === 0) return null;
  const parsed: FailureMessage = { property };
  for (const line of rest) {
    const match = FIELD.exec(line);
    if (!match) return null;
    const [, label, value] = match as unknown as [string, 'input' | 'expected' | 'actual', string];
    if (label === 'expected') {
      const tolerance = TOLERANCE.exec(value);
      parsed.expected = tolerance ? tolerance[1] : value;
      if (tolerance) parsed.tolerance = tolerance[2];
    } else parsed[label] = value;
  }
  return parsed;
}

/** The two values cut into the part they share at each end and the part that differs. */
export interface MarkedDifference {
  prefix: string;
  expected: string;
  actual: string;
  suffix: string;
}

/** Characters of one token (a number, a name): a difference is never marked from the middle of one. */
const TOKEN_CHAR = /[\w.+-]/;
const inToken = (text: string, at: number) => at >= 0 && at < text.length && TOKEN_CHAR.test(text[at]!);

/** The common start and end of `expected` and `actual`, widened to whole tokens, and what differs between them. */
export function markDifference(expected: string, actual: string): MarkedDifference {
  const shorter = Math.min(expected.length, actual.length);
  let start = 0;
  while (start < shorter && expected[start] === actual[start]) start += 1;
  while (start > 0 && inToken(expected, start - 1) && (inToken(expected, start) || inToken(actual, start))) start -= 1;
  let end = 0;
  while (end < shorter - start && expected[expected.length - 1 - end] === actual[actual.length - 1 - end]) end += 1;
  const tokenAtEnd = (text: string) => inToken(text, text.length - end) && inToken(text, text.length - end - 1);
  while (end > 0 && (tokenAtEnd(expected) || tokenAtEnd(actual))) end -= 1;
  return {
    prefix: expected.slice(0, start),
    expected: expected.slice(start, expected.length - end),
    actual: actual.slice(start, actual.length - end),
    suffix: expected.slice(expected.length - end),
  };
}
