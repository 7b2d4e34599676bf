import { headers } from 'next/headers';
import { getDb } from '@/db/client';
import { resolveIdentity, type Identity } from './resolve-identity';

/**
 * The user of the page being rendered (server components): the signed-in user or this browser's
 * guest, or null for a browser that has done nothing yet (pages cannot set the guest cookie).
 */
export async function getCurrentUser(): Promise<Identity> {
  return resolveIdentity(getDb(), await headers(), { createGuest: false });
}
