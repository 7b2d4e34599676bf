'use client';

import { useSyncExternalStore } from 'react';

const noSubscription = () => () => {};

/**
 * A value only the browser knows (its time zone, locale, platform): `onServer` in the server
 * render and during hydration, then `read()`, so the two renders never differ. `read` must
 * return a primitive (or the same object each time).
 */
export function useClientValue<T>(read: () => T, onServer: T): T {
  return useSyncExternalStore(noSubscription, read, () => onServer);
}
