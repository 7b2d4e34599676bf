import { NextResponse } from 'next/server';
import { getDb } from '@/db/client';
import { timeZoneSchema, updateTimeZone } from '@/lib/account/update-time-zone';
import { getRequestUser, rememberGuest } from '@/lib/auth/request-user';
import { readJsonOrThrow } from '@/lib/http/read-json';
import { toErrorResponse } from '@/lib/http/to-error-response';

export const dynamic = 'force-dynamic';

/** Changes the settings of this browser's user: for now the time zone days are counted in. */
export async function PATCH(request: Request): Promise<Response> {
  try {
    const { timeZone } = timeZoneSchema.parse(await readJsonOrThrow(request));
    const db = getDb();
    const { user, created } = await getRequestUser(db, request);
    updateTimeZone(db, user.id, timeZone);
    const response = NextResponse.json({ timeZone }, { headers: { 'Cache-Control': 'no-store' } });
    return created ? rememberGuest(response, user) : response;
  } catch (error) {
    return toErrorResponse(error);
  }
}
