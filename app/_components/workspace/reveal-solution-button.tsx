'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { requestJson, RequestError } from './api-client';
import { ConfirmDialog } from './confirm-dialog';

/** "Show solution" before solving: asks first, records the reveal, then the page shows it. */
export function RevealSolutionButton({ exerciseId }: { exerciseId: string }) {
  const router = useRouter();
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const confirm = async () => {
    setAsking(false);
    setError(null);
    try {
      await requestJson(`/api/exercises/${exerciseId}/solution`, { method: 'POST' });
      startTransition(() => router.refresh());
    } catch (e) {
      setError(e instanceof RequestError ? e.message : 'The solution could not be loaded; try again.');
    }
  };

  return (
    <>
      <p>The reference solution, its explanation and interview follow-up questions open once you pass every test on Submit.</p>
      <button type="button" className="button button-secondary button-small" onClick={() => setAsking(true)} aria-disabled={pending}>
        {pending ? 'Opening the solution…' : 'Show the solution now'}
      </button>
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
      <ConfirmDialog
        open={asking}
        title="Show the solution before solving?"
        confirmLabel="Show the solution"
        onConfirm={() => void confirm()}
        onCancel={() => setAsking(false)}
      >
        <p>You learn more from a hint than from the answer. Your progress will show that you saw the solution before solving.</p>
      </ConfirmDialog>
    </>
  );
}
