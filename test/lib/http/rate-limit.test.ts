import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { createRateLimiter } from '@/lib/http/rate-limit';

describe('createRateLimiter', () => {
  it('allows `limit` requests per key in any window, then refuses with the wait in seconds', () => {
    const limiter = createRateLimiter({ limit: () => 3, windowMs: 60_000 });
    for (const at of [0, 10_000, 20_000]) limiter.takeOrThrow('user-a', 'Slow down.', at);
    let refused: unknown;
    try {
      limiter.takeOrThrow('user-a', 'Slow down.', 30_000);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).status).toBe(429);
    expect((refused as AppError).details?.retryAfterSeconds).toBe(30);
    expect((refused as AppError).message).toBe('Slow down. Try again in 30 s.');
    // Another user is not affected, and the window slides.
    limiter.takeOrThrow('user-b', 'Slow down.', 30_000);
    limiter.takeOrThrow('user-a', 'Slow down.', 60_001);
  });
});
