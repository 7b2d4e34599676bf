import { Markdown } from './markdown';

/** A fence longer than any backtick run in the code, so the code can contain fences itself. */
function fence(code: string, language: string): string {
  const longest = Math.max(2, ...(code.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}${language}\n${code.replace(/\n$/, '')}\n${ticks}`;
}

/** Source code with syntax highlighting, rendered on the server. */
export function HighlightedCode({ code, language }: { code: string; language: string }) {
  return <Markdown className="highlighted-code">{fence(code, language)}</Markdown>;
}
