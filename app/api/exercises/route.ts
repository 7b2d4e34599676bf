import { parseCatalogFiltersOrThrow } from '@/lib/exercises/filter-catalog';
import { listExercisesOrThrow } from '@/lib/exercises/list-exercises';
import { route } from '@/lib/http/route';

// Reads the exercises folder at request time.
export const dynamic = 'force-dynamic';

/** `GET /api/exercises?track=&difficulty=&skill=` → `{ exercises: PublicExercise[] }`. */
export const GET = route({ database: false }, ({ request }) => ({ exercises: listExercisesOrThrow(parseCatalogFiltersOrThrow(new URL(request.url).searchParams)) }));
