'use client';

import { useEffect } from 'react';
import { preloadMonaco } from './workspace/load-monaco';

const EXERCISE_LINK = 'a[href^="/exercises/"]';

/** Starts fetching the editor as soon as a link to an exercise is hovered, touched or focused. */
export function EditorPrefetch() {
  useEffect(() => {
    const onIntent = (event: Event) => {
      if (event.target instanceof Element && event.target.closest(EXERCISE_LINK)) preloadMonaco();
    };
    const events = ['pointerover', 'touchstart', 'focusin'] as const;
    for (const name of events) document.addEventListener(name, onIntent, { passive: true });
    return () => {
      for (const name of events) document.removeEventListener(name, onIntent);
    };
  }, []);
  return null;
}
