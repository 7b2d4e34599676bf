'use client';

import { useEffect, useRef, useState } from 'react';

const TICK_MS = 250;

/**
 * Milliseconds left until `deadlineAt` by the server's clock (the browser's clock is corrected by
 * the offset seen when the page was served, `serverNow`); `onExpire` runs once when it reaches zero.
 */
export function useCountdown(deadlineAt: string, serverNow: string, onExpire: () => void): number {
  const [left, setLeft] = useState(() => Date.parse(deadlineAt) - Date.parse(serverNow));
  const onExpireRef = useRef(onExpire);
  useEffect(() => {
    onExpireRef.current = onExpire;
  });
  useEffect(() => {
    const offset = Date.parse(serverNow) - Date.now();
    let expired = false;
    const timer = window.setInterval(() => {
      const now = Date.parse(deadlineAt) - (Date.now() + offset);
      setLeft(now);
      if (now <= 0 && !expired) {
        expired = true;
        onExpireRef.current();
      }
    }, TICK_MS);
    return () => window.clearInterval(timer);
  }, [deadlineAt, serverNow]);
  return left;
}
