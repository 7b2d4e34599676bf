'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { requestJson, RequestError } from '@/app/_components/workspace/api-client';

interface Props {
  tracks: { value: string; label: string; description: string }[];
  lengths: { minutes: number; exercises: string }[];
}

/** Choose a track (or a mix) and a length, then start: the set is chosen on the server. */
export function StartForm({ tracks, lengths }: Props) {
  const router = useRouter();
  const [track, setTrack] = useState('mix');
  const [minutes, setMinutes] = useState(lengths[0]?.minutes ?? 45);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const start = async (event: React.FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const { id } = await requestJson<{ id: string }>('/api/interviews', { method: 'POST', json: { track, minutes } });
      router.push(`/interview/${id}`);
    } catch (failure) {
      const open = failure instanceof RequestError ? (failure.body as { interviewId?: string } | undefined)?.interviewId : undefined;
      if (open) router.push(`/interview/${open}`);
      else setError(failure instanceof RequestError ? failure.message : 'The mock could not be started; try again.');
      setBusy(false);
    }
  };

  return (
    <form className="panel interview-start" onSubmit={start} aria-labelledby="start-title">
      <h2 id="start-title" className="panel-title">
        Start a mock interview
      </h2>
      <fieldset>
        <legend>Track</legend>
        <div className="choice-grid">
          {tracks.map((t) => (
            <label key={t.value} className="choice-card">
              <input type="radio" name="track" value={t.value} checked={track === t.value} onChange={() => setTrack(t.value)} />
              <span>
                <strong>{t.label}</strong>
                <span className="muted">{t.description}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>Length</legend>
        <div className="choice-row">
          {lengths.map((l) => (
            <label key={l.minutes} className="choice-card">
              <input type="radio" name="minutes" value={l.minutes} checked={minutes === l.minutes} onChange={() => setMinutes(l.minutes)} />
              <span>
                <strong>{l.minutes} minutes</strong>
                <span className="muted">{l.exercises}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button" aria-disabled={busy}>
        {busy ? 'Choosing your exercises…' : 'Start the clock'}
      </button>
    </form>
  );
}
