'use client';

import { useEffect, useState } from 'react';
import { readThemeChoice, resolveTheme, THEME_EVENT, type ResolvedTheme } from '../theme';

/** Light or dark as the page shows it now: the toggle's choice, else the system setting. */
export function useResolvedTheme(): ResolvedTheme {
  const [theme, setTheme] = useState<ResolvedTheme>('light');
  useEffect(() => {
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    const sync = () => setTheme(resolveTheme(readThemeChoice()));
    sync();
    media.addEventListener('change', sync);
    window.addEventListener(THEME_EVENT, sync);
    return () => {
      media.removeEventListener('change', sync);
      window.removeEventListener(THEME_EVENT, sync);
    };
  }, []);
  return theme;
}
