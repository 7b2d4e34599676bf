import type { Db } from '@/db/client';
import { exerciseEvents, type ExerciseEventKind } from '@/db/schema';

/**
 * Records a learning milestone the first time it happens; later calls change nothing.
 * Returns true when this call recorded it.
 */
export function recordExerciseEvent(
  db: Db,
  event: { userId: string; exerciseId: string; kind: ExerciseEventKind; hintNumber?: number; submissionId?: string },
): boolean {
  const result = db
    .insert(exerciseEvents)
    .values({
      userId: event.userId,
      exerciseId: event.exerciseId,
      kind: event.kind,
      hintNumber: event.hintNumber ?? 0,
      submissionId: event.submissionId ?? null,
      createdAt: new Date(),
    })
    .onConflictDoNothing()
    .run();
  return result.changes > 0;
}
