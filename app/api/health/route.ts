import { getHealth, healthStatusCode } from '@/lib/health/get-health';
import { route } from '@/lib/http/route';

// Checks the database and the catalog on every request; never prerendered or cached.
export const dynamic = 'force-dynamic';

/** `GET /api/health` → 200 when everything works, 503 with the failing checks' messages otherwise. */
export const GET = route({ database: false }, async () => {
  const health = await getHealth();
  return Response.json(health, { status: healthStatusCode(health) });
});
