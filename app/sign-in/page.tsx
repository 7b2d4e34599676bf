import type { Metadata } from 'next';
import { AuthForm } from '@/app/_components/account/auth-form';
import { safeNext } from '@/app/_components/account/safe-next';
import '@/app/styles/account.css';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string | string[]; expired?: string }> }) {
  const { next, expired } = await searchParams;
  return (
    <div className="container auth-page">
      <section className="panel auth-panel" aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Sign in</h1>
        {expired && (
          <p className="notice" role="status">
            Your session has ended. Sign in again: anything you did since is kept and moves into your account.
          </p>
        )}
        <p className="auth-lede">Work you did as a guest in this browser moves into your account.</p>
        <AuthForm mode="sign-in" next={safeNext(next)} />
      </section>
    </div>
  );
}
