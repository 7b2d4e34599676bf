'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

/**
 * Tells the server the browser's time zone (a `tz` cookie), so days are counted in it until the
 * user picks one in settings. Re-renders the page once when the zone was unknown or changed.
 */
export function TimeZoneCookie({ serverZone }: { serverZone: string | null }) {
  const router = useRouter();
  useEffect(() => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!zone) return;
    const current = document.cookie.match(/(?:^|;\s*)tz=([^;]*)/)?.[1];
    if (current && decodeURIComponent(current) === zone) return;
    const secure = window.location.protocol === 'https:' ? '; secure' : '';
    document.cookie = `tz=${encodeURIComponent(zone)}; path=/; max-age=31536000; samesite=lax${secure}`;
    if (!serverZone) router.refresh();
  }, [router, serverZone]);
  return null;
}
