'use client';

import { useClientValue } from './use-client-value';

/**
 * A moment in the browser's own time zone and locale, e.g. "14:05". The server knows neither, so
 * its render leaves the text empty and the browser fills it in after hydration.
 */
export function LocalTime({ at, options }: { at: string; options: Intl.DateTimeFormatOptions }) {
  const text = useClientValue(() => new Date(at).toLocaleString(undefined, options), '');
  return <time dateTime={at}>{text}</time>;
}
