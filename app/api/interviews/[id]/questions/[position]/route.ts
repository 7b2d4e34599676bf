import { z } from 'zod';
import { route } from '@/lib/http/route';
import { answerQuestion } from '@/lib/interview/answer-question';
import { answerSchema } from '@/lib/interview/grade-answer';
import { interviewParamsSchema } from '@/lib/interview/interview-rules';

export const dynamic = 'force-dynamic';

const params = interviewParamsSchema.extend({ position: z.coerce.number().int().min(0).max(99) });

/** `PUT /api/interviews/<id>/questions/<position>` with `{ answer }` keeps the answer (graded when the mock ends) → `{ saved }`. */
export const PUT = route({ params, body: z.object({ answer: answerSchema }), user: 'optional' }, ({ db, user, params: p, body }) =>
  answerQuestion(db, { userId: user?.id ?? '', interviewId: p.id, position: p.position, answer: body.answer }),
);
