/**
 * A mutant is a known-wrong solution. Its first comment lines say what mistake it makes and
 * a fragment of the failure message a learner must see:
 *
 *   // mistake: fits the scaler on train and test together
 *   // expect: mean of the training columns
 */
export interface MutantHeader {
  mistake: string;
  expect: string;
}

export function parseMutantHeader(code: string): MutantHeader | { problem: string } {
  const header: Partial<MutantHeader> = {};
  for (const line of code.split('\n')) {
    const match = /^\s*\/\/\s*(mistake|expect):\s*(.+?)\s*$/.exec(line);
    if (!match) {
      if (line.trim().startsWith('//') || line.trim() === '') continue;
      break;
    }
    header[match[1] as keyof MutantHeader] = match[2];
  }
  if (!header.mistake) return { problem: 'must start with a "// mistake: ..." comment line' };
  if (!header.expect) return { problem: 'must start with an "// expect: <message fragment>" comment line' };
  return { mistake: header.mistake, expect: header.expect };
}
