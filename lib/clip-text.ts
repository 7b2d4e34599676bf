/** `text` cut to at most `max` characters, the last one an ellipsis when it was cut. */
export function clipText(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
