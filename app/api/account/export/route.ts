import { getDb } from '@/db/client';
import { exportUserData, submissionsCsv } from '@/lib/account/export-user-data';
import { resolveIdentity } from '@/lib/auth/resolve-identity';
import { AppError } from '@/lib/errors';
import { toErrorResponse } from '@/lib/http/to-error-response';

export const dynamic = 'force-dynamic';

/** Downloads everything stored about this browser's user: `?format=json` (default) or `?format=csv` (submissions). */
export async function GET(request: Request): Promise<Response> {
  try {
    const format = new URL(request.url).searchParams.get('format') ?? 'json';
    if (format !== 'json' && format !== 'csv') throw new AppError('bad_request', 'format must be json or csv.');
    const { user } = await resolveIdentity(getDb(), request.headers, { createGuest: false });
    if (!user) throw new AppError('not_found', 'There is nothing stored for this browser yet.');
    const data = exportUserData(getDb(), user.id);
    const day = new Date().toISOString().slice(0, 10);
    const headers = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };
    if (format === 'csv') {
      return new Response(`\uFEFF${submissionsCsv(data)}`, {
        headers: { ...headers, 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="ml-practice-submissions-${day}.csv"` },
      });
    }
    return new Response(JSON.stringify(data, null, 2), {
      headers: { ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Content-Disposition': `attachment; filename="ml-practice-data-${day}.json"` },
    });
  } catch (error) {
    return toErrorResponse(error);
  }
}
