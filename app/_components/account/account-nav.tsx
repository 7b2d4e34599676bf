import Link from 'next/link';
import { getCurrentUser } from '@/lib/auth/current-user';
import { SignOutButton } from './sign-out-button';
import '@/app/styles/account-nav.css';

/** Header links for the current user: dashboard and settings, and sign in/up or sign out. */
export async function AccountNav() {
  const { user, signedIn } = await getCurrentUser().catch(() => ({ user: null, signedIn: false }));
  return (
    <ul className="site-nav account-nav">
      <li>
        <Link href="/dashboard">Dashboard</Link>
      </li>
      {signedIn ? (
        <>
          <li>
            <Link href="/settings" title={user?.email ?? undefined}>
              Settings
            </Link>
          </li>
          <li>
            <SignOutButton />
          </li>
        </>
      ) : (
        <>
          <li>
            <Link href="/sign-in">Sign in</Link>
          </li>
          <li>
            <Link href="/sign-up" className="nav-cta">
              Create account
            </Link>
          </li>
        </>
      )}
    </ul>
  );
}
