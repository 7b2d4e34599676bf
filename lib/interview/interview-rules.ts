import { z } from 'zod';
import { TRACKS } from '@/lib/exercises/meta-schema';
import { INTERVIEW_LIMITS } from '@/lib/limits';

export const INTERVIEW_TRACKS = [...TRACKS, 'mix'] as const;

export const startInterviewSchema = z.object({
  track: z.enum(INTERVIEW_TRACKS, { error: `must be one of ${INTERVIEW_TRACKS.join('|')}` }),
  minutes: z
    .number()
    .int()
    .refine((m) => (INTERVIEW_LIMITS.lengths as readonly number[]).includes(m), { message: `must be one of ${INTERVIEW_LIMITS.lengths.join(', ')} minutes` }),
});

export type StartInterviewInput = z.infer<typeof startInterviewSchema>;

/** `[id]` of /api/interviews/[id]/…: the mock's uuid. */
export const interviewParamsSchema = z.object({ id: z.uuid('must be a mock interview id (a UUID)') });

/** A mock's phase: work in progress, being finished (drafts auto-submitted, answers graded), or done. */
export type InterviewPhase = 'active' | 'finishing' | 'finished';

export function phaseOf(interview: { finishClaimedAt: Date | null; finishedAt: Date | null }): InterviewPhase {
  if (interview.finishedAt) return 'finished';
  return interview.finishClaimedAt ? 'finishing' : 'active';
}

/** The path of a mock: its workspace while it runs, its report after. */
export function interviewUrl(id: string): string {
  return `/interview/${id}`;
}
