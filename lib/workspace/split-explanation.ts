/** An exercise's explanation and its "## Interview follow-ups" section, apart. */
export function splitExplanation(markdown: string): { explanation: string; followUps: string | null } {
  const match = /^##\s+Interview follow-ups\s*$/im.exec(markdown);
  if (!match) return { explanation: markdown.trim(), followUps: null };
  const rest = markdown.slice(match.index + match[0].length);
  const next = /^##\s+/m.exec(rest);
  const followUps = (next ? rest.slice(0, next.index) : rest).trim();
  const explanation = (markdown.slice(0, match.index) + (next ? rest.slice(next.index) : '')).trim();
  return { explanation, followUps: followUps || null };
}
