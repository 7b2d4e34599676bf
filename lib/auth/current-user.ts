import { headers } from 'next/headers';
import { cache } from 'react';
import { getAppDb } from '@/db/app-db';
import { resolveIdentity, type Identity } from './resolve-identity';

/**
 * The user of the page being rendered (server components): the signed-in user or this browser's
 * guest, or null for a browser that has done nothing yet (pages cannot set the guest cookie).
 * Looked up once per request, however many components ask (the header and the page both do).
 */
export const getCurrentUser = cache(async (): Promise<Identity> => resolveIdentity(await getAppDb(), await headers()));
