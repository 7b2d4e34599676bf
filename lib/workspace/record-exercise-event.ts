import { tablesOf, type AppDb } from '@/db/app-db';
import type { ExerciseEventKind } from '@/db/schema';

/**
 * Records a learning milestone the first time it happens; later calls change nothing.
 * Returns true when this call recorded it.
 */
export async function recordExerciseEvent(
  db: AppDb,
  event: { userId: string; exerciseId: string; kind: ExerciseEventKind; hintNumber?: number; submissionId?: string },
): Promise<boolean> {
  const { exerciseEvents } = tablesOf(db);
  const result = await db
    .insert(exerciseEvents)
    .values({
      userId: event.userId,
      exerciseId: event.exerciseId,
      kind: event.kind,
      hintNumber: event.hintNumber ?? 0,
      submissionId: event.submissionId ?? null,
      createdAt: new Date(),
    })
    .onConflictDoNothing();
  return (result.rowCount ?? 0) > 0;
}
