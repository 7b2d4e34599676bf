import type { Metadata } from 'next';
import { AuthForm } from '@/app/_components/account/auth-form';
import { safeNext } from '@/app/_components/account/safe-next';
import '@/app/styles/account.css';

export const metadata: Metadata = { title: 'Create an account' };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const { next } = await searchParams;
  return (
    <div className="container auth-page">
      <section className="panel auth-panel" aria-labelledby="sign-up-title">
        <h1 id="sign-up-title">Create your account</h1>
        <p className="auth-lede">
          Keep your progress, streak and review schedule across browsers. Everything you solved as a guest here comes with you. No
          email is sent: there is nothing to confirm.
        </p>
        <AuthForm mode="sign-up" next={safeNext(next)} />
      </section>
    </div>
  );
}
