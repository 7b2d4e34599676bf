'use client';

import { useRouter } from 'next/navigation';
import { useId, useState, type FormEvent } from 'react';

/** Deletes the user and all their data after they type the confirmation (their email, or a phrase for a guest). */
export function DeleteAccountForm({ expected, guest }: { expected: string; guest: boolean }) {
  const router = useRouter();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [confirm, setConfirm] = useState('');
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  async function remove(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setMessage(null);
    try {
      const response = await fetch('/api/account', {
        method: 'DELETE',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ confirm }),
      });
      if (response.ok) {
        router.push('/');
        router.refresh();
        return;
      }
      const body = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
      setMessage(body.error?.message ?? 'Nothing was deleted; try again.');
    } catch {
      setMessage('The server could not be reached. Nothing was deleted.');
    } finally {
      setPending(false);
    }
  }

  if (!open) {
    return (
      <button type="button" className="button button-danger" onClick={() => setOpen(true)}>
        {guest ? 'Delete my data…' : 'Delete my account…'}
      </button>
    );
  }
  return (
    <form className="auth-form" onSubmit={remove}>
      <p>
        This deletes {guest ? 'everything this browser did' : 'your account'}: every submission, draft, hint and solution reveal, your
        streak and your review schedule. It cannot be undone. Export your data first if you want a copy.
      </p>
      <div className="field">
        <label htmlFor={`${id}-confirm`}>
          Type <strong>{expected}</strong> to confirm
        </label>
        <input id={`${id}-confirm`} value={confirm} onChange={(e) => setConfirm(e.target.value)} autoComplete="off" />
      </div>
      {message && (
        <p className="form-message" role="alert">
          {message}
        </p>
      )}
      <div className="button-row">
        <button type="submit" className="button button-danger" disabled={pending || confirm.trim() === ''}>
          {pending ? 'Deleting…' : guest ? 'Delete my data for good' : 'Delete my account for good'}
        </button>
        <button type="button" className="button button-secondary" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
