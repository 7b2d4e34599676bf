import { getEnv } from '@/lib/env';
import { createRateLimiter } from '@/lib/http/rate-limit';

/** Graded runs and submits per user: SUBMISSIONS_PER_MINUTE (default 30) in any minute. */
export const submissionLimiter = createRateLimiter({ limit: () => getEnv().SUBMISSIONS_PER_MINUTE, windowMs: 60_000 });
