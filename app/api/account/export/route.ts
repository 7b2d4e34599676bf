import { z } from 'zod';
import { exportUserData, submissionsCsv } from '@/lib/account/export-user-data';
import { AppError } from '@/lib/errors';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

const querySchema = z.object({ format: z.enum(['json', 'csv'], { error: 'format must be json or csv.' }).default('json') });

/** Downloads everything stored about this browser's user: `?format=json` (default) or `?format=csv` (submissions). */
export const GET = route({ query: querySchema, user: 'optional' }, async ({ db, user, query }) => {
  if (!user) throw new AppError('not_found', 'There is nothing stored for this browser yet.');
  const data = await exportUserData(db, user.id);
  const day = new Date().toISOString().slice(0, 10);
  const headers = { 'X-Content-Type-Options': 'nosniff' };
  if (query.format === 'csv') {
    return new Response(`\uFEFF${submissionsCsv(data)}`, {
      headers: { ...headers, 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="ml-practice-submissions-${day}.csv"` },
    });
  }
  return new Response(JSON.stringify(data, null, 2), {
    headers: { ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Content-Disposition': `attachment; filename="ml-practice-data-${day}.json"` },
  });
});
