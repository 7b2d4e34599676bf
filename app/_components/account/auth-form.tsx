'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useId, useState, type FormEvent } from 'react';

type Mode = 'sign-up' | 'sign-in';

interface ErrorBody {
  error?: { message?: string; issues?: { path: string; message: string }[] };
}

/** Email and password form for signing up or in. Input is kept on any error; messages say what to do. */
export function AuthForm({ mode, next }: { mode: Mode; next: string }) {
  const router = useRouter();
  const id = useId();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [showPassword, setShowPassword] = useState(false);
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setMessage(null);
    setFieldErrors({});
    try {
      const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      const body = mode === 'sign-up' ? { name, email, password, timeZone } : { email, password };
      const response = await fetch(`/api/account/${mode}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (response.ok) {
        router.push(next);
        router.refresh();
        return;
      }
      const data = (await response.json().catch(() => ({}))) as ErrorBody;
      const issues = data.error?.issues ?? [];
      if (issues.length > 0) {
        setFieldErrors(Object.fromEntries(issues.map((issue) => [issue.path, issue.message])));
        setMessage('Check the highlighted field.');
      } else {
        setMessage(data.error?.message ?? `Something went wrong (${response.status}); try again.`);
      }
    } catch {
      setMessage('The server could not be reached. Check your connection and try again; nothing you typed is lost.');
    } finally {
      setPending(false);
    }
  }

  const field = (key: string) => ({
    'aria-invalid': fieldErrors[key] ? true : undefined,
    'aria-describedby': fieldErrors[key] ? `${id}-${key}-error` : undefined,
  });
  const fieldError = (key: string) =>
    fieldErrors[key] ? (
      <p id={`${id}-${key}-error`} className="field-error">
        {fieldErrors[key]}
      </p>
    ) : null;

  return (
    <form className="auth-form" onSubmit={submit} noValidate>
      {message && (
        <p className="form-message" role="alert">
          {message}
        </p>
      )}
      {mode === 'sign-up' && (
        <div className="field">
          <label htmlFor={`${id}-name`}>
            Name <span className="optional">(optional)</span>
          </label>
          <input id={`${id}-name`} name="name" autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} {...field('name')} />
          {fieldError('name')}
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-email`}>Email</label>
        <input
          id={`${id}-email`}
          name="email"
          type="email"
          autoComplete="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          {...field('email')}
        />
        {fieldError('email')}
      </div>
      <div className="field">
        <label htmlFor={`${id}-password`}>Password</label>
        <div className="password-row">
          <input
            id={`${id}-password`}
            name="password"
            type={showPassword ? 'text' : 'password'}
            autoComplete={mode === 'sign-up' ? 'new-password' : 'current-password'}
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            {...field('password')}
          />
          <button type="button" className="button button-secondary button-small" aria-pressed={showPassword} onClick={() => setShowPassword((v) => !v)}>
            {showPassword ? 'Hide' : 'Show'}
          </button>
        </div>
        {mode === 'sign-up' && !fieldErrors.password && <p className="field-hint">At least 10 characters; a few unrelated words work well.</p>}
        {fieldError('password')}
      </div>
      <button type="submit" className="button" disabled={pending}>
        {pending ? (mode === 'sign-up' ? 'Creating your account…' : 'Signing in…') : mode === 'sign-up' ? 'Create account' : 'Sign in'}
      </button>
      <p className="auth-switch">
        {mode === 'sign-up' ? (
          <>
            Already have an account? <Link href={`/sign-in?next=${encodeURIComponent(next)}`}>Sign in</Link>
          </>
        ) : (
          <>
            New here? <Link href={`/sign-up?next=${encodeURIComponent(next)}`}>Create an account</Link>
          </>
        )}
      </p>
    </form>
  );
}
