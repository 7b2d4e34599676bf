import { getHealth, healthStatusCode } from '@/lib/health/get-health';
import { toErrorResponse } from '@/lib/http/to-error-response';

// Checks the database and the catalog on every request; never prerendered or cached.
export const dynamic = 'force-dynamic';

/** `GET /api/health` → 200 when everything works, 503 with the failing checks' messages otherwise. */
export async function GET(): Promise<Response> {
  try {
    const health = await getHealth();
    return Response.json(health, { status: healthStatusCode(health), headers: { 'Cache-Control': 'no-store' } });
  } catch (error) {
    return toErrorResponse(error);
  }
}
