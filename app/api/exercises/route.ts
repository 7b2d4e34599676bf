import { parseCatalogFiltersOrThrow } from '@/lib/exercises/filter-catalog';
import { listExercisesOrThrow } from '@/lib/exercises/list-exercises';
import { toErrorResponse } from '@/lib/http/to-error-response';

// Reads the exercises folder at request time.
export const dynamic = 'force-dynamic';

/** `GET /api/exercises?track=&difficulty=&skill=` → `{ exercises: PublicExercise[] }`. */
export async function GET(request: Request): Promise<Response> {
  try {
    const filters = parseCatalogFiltersOrThrow(new URL(request.url).searchParams);
    return Response.json({ exercises: listExercisesOrThrow(filters) });
  } catch (error) {
    return toErrorResponse(error);
  }
}
