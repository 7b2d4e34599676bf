'use client';

import { useCallback, useSyncExternalStore } from 'react';

/** A size in percent, kept in this browser's localStorage under `key`, the same in every tab. */
export interface StoredPercentOptions {
  key: string;
  min: number;
  max: number;
  initial: number;
}

const CHANGE_EVENT = 'stored-percent-change';
/** Sizes when storage is unavailable (private mode): remembered for this page only. */
const unstored = new Map<string, number>();

function clamp(value: number, { min, max }: StoredPercentOptions): number {
  return Math.min(max, Math.max(min, Math.round(value)));
}

function read(options: StoredPercentOptions): number {
  const fallback = unstored.get(options.key) ?? options.initial;
  try {
    const raw = localStorage.getItem(options.key);
    const stored = raw === null ? Number.NaN : Number(raw);
    return stored >= options.min && stored <= options.max ? stored : fallback;
  } catch {
    return fallback;
  }
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener(CHANGE_EVENT, onChange);
  window.addEventListener('storage', onChange);
  return () => {
    window.removeEventListener(CHANGE_EVENT, onChange);
    window.removeEventListener('storage', onChange);
  };
}

/** The stored size (the initial one during the server render) and a setter that clamps and keeps it. */
export function useStoredPercent(options: StoredPercentOptions): [number, (value: number) => void] {
  const { key, min, max, initial } = options;
  const percent = useSyncExternalStore(
    subscribe,
    () => read({ key, min, max, initial }),
    () => initial,
  );
  const set = useCallback(
    (value: number) => {
      const next = clamp(value, { key, min, max, initial });
      unstored.set(key, next);
      try {
        localStorage.setItem(key, String(next));
      } catch {
        // Private mode: kept in `unstored`.
      }
      window.dispatchEvent(new Event(CHANGE_EVENT));
    },
    [key, min, max, initial],
  );
  return [percent, set];
}
