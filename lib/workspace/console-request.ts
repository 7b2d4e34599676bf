import { z } from 'zod';
import { CONSOLE_LIMITS } from '@/lib/limits';

/** `POST /api/console` (and a mock's `/api/interviews/<id>/console`): the editor's code and one expression to evaluate with it. */
export const consoleRequestSchema = z.object({
  exerciseId: z.string().min(1, 'exerciseId is required'),
  code: z.string(),
  expression: z
    .string()
    .trim()
    .min(1, 'Type a call to one of your functions, such as myFunction([1, 2, 3]).')
    .max(CONSOLE_LIMITS.expressionChars, `A console call is at most ${CONSOLE_LIMITS.expressionChars} characters; build large inputs inside your code.`),
});

export type ConsoleRequest = z.infer<typeof consoleRequestSchema>;
