'use client';

import { LocalTime } from '../local-time';
import type { SaveState } from './use-draft-autosave';

const HOUR_MINUTE: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit' };

/** "Saved", "Saving…", "Not saved" next to the file name. */
export function SaveStatus({ state }: { state: SaveState }) {
  const text =
    state.kind === 'saved'
      ? state.at
        ? <>Saved <LocalTime at={state.at} options={HOUR_MINUTE} /></>
        : 'Starter code'
      : state.kind === 'saving'
        ? 'Saving…'
        : state.kind === 'unsaved'
          ? 'Unsaved changes'
          : state.kind === 'offline'
            ? 'Not saved: offline, retrying'
            : 'Not saved: newer draft in another tab';
  return (
    <span className="save-status" data-state={state.kind} title={state.kind === 'offline' ? state.message : undefined}>
      <span className="save-dot" aria-hidden="true" />
      {text}
    </span>
  );
}
