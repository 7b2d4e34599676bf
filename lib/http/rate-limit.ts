import { AppError } from '@/lib/errors';

export interface RateLimiter {
  /** Counts one request for `key`; throws a 429 AppError with Retry-After when over the limit. */
  takeOrThrow(key: string, message: string, now?: number): void;
  reset(): void;
}

/**
 * An in-memory sliding-window limit: at most `limit` requests per key in any `windowMs`.
 * One server process holds the counts (this app runs as one process next to its SQLite file).
 */
export function createRateLimiter(options: { limit: () => number; windowMs: number }): RateLimiter {
  const hits = new Map<string, number[]>();
  let lastSweep = 0;
  return {
    takeOrThrow(key, message, now = Date.now()) {
      const from = now - options.windowMs;
      if (now - lastSweep > options.windowMs) {
        for (const [k, times] of hits) if ((times.at(-1) ?? 0) <= from) hits.delete(k);
        lastSweep = now;
      }
      const recent = (hits.get(key) ?? []).filter((t) => t > from);
      if (recent.length >= options.limit()) {
        const retryAfterSeconds = Math.max(1, Math.ceil((recent[0]! + options.windowMs - now) / 1000));
        hits.set(key, recent);
        throw new AppError('rate_limited', `${message} Try again in ${retryAfterSeconds} s.`, { retryAfterSeconds });
      }
      recent.push(now);
      hits.set(key, recent);
    },
    reset() {
      hits.clear();
    },
  };
}
