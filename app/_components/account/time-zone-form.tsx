'use client';

import { useRouter } from 'next/navigation';
import { useId, useMemo, useState, type FormEvent } from 'react';
import { useClientValue } from '../use-client-value';

const detectedZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Picks the time zone days are counted in; offers the browser's own zone. */
export function TimeZoneForm({ current }: { current: string | null }) {
  const router = useRouter();
  const id = useId();
  const detected = useClientValue<string | null>(detectedZone, null);
  const zones = useMemo(() => {
    const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
    return [...new Set(['UTC', ...all, ...(current ? [current] : [])])].sort();
  }, [current]);
  const [choice, setChoice] = useState<string | null>(null);
  const value = choice ?? current ?? detected ?? 'UTC';
  const [state, setState] = useState<{ kind: 'idle' | 'saving' | 'saved' | 'error'; message?: string }>({ kind: 'idle' });

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setState({ kind: 'saving' });
    try {
      const response = await fetch('/api/account/settings', {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ timeZone: value }),
      });
      if (!response.ok) {
        const body = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
        setState({ kind: 'error', message: body.error?.message ?? 'The time zone was not saved; try again.' });
        return;
      }
      setState({ kind: 'saved' });
      router.refresh();
    } catch {
      setState({ kind: 'error', message: 'The server could not be reached; the time zone was not saved.' });
    }
  }

  return (
    <form className="inline-form" onSubmit={save}>
      <div className="field">
        <label htmlFor={`${id}-zone`}>Time zone</label>
        <select id={`${id}-zone`} value={value} onChange={(e) => setChoice(e.target.value)}>
          {zones.map((zone) => (
            <option key={zone} value={zone}>
              {zone.replace(/_/g, ' ')}
            </option>
          ))}
        </select>
        {detected && <p className="field-hint">Your browser says {detected.replace(/_/g, ' ')}.</p>}
      </div>
      <div className="button-row">
        {detected && detected !== value && (
          <button type="button" className="button button-secondary" onClick={() => setChoice(detected)}>
            Use {detected.replace(/_/g, ' ')}
          </button>
        )}
        <button type="submit" className="button" disabled={state.kind === 'saving'}>
          {state.kind === 'saving' ? 'Saving…' : 'Save time zone'}
        </button>
      </div>
      <p role="status" className={state.kind === 'error' ? 'field-error' : 'form-success'}>
        {state.kind === 'saved' ? 'Saved. Streaks and reviews now count days in this zone.' : state.kind === 'error' ? state.message : ''}
      </p>
    </form>
  );
}
