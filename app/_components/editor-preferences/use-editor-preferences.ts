'use client';

import { useCallback, useRef, useState } from 'react';
import type { EditorPreferences } from '@/lib/account/editor-preferences';
import { requestJson } from '../workspace/api-client';

export type PreferencesSave = { kind: 'idle' | 'saving' | 'saved' } | { kind: 'error'; message: string };

/**
 * The learner's editor preferences: a change applies at once and is saved to their user row
 * (`PUT /api/account/editor-preferences`); saves run one after another, so the last change wins.
 */
export function useEditorPreferences(initial: EditorPreferences) {
  const [preferences, setPreferences] = useState(initial);
  const [save, setSave] = useState<PreferencesSave>({ kind: 'idle' });
  const latest = useRef(initial);
  const queue = useRef<Promise<unknown>>(Promise.resolve());

  const change = useCallback((patch: Partial<EditorPreferences>) => {
    const next = { ...latest.current, ...patch };
    latest.current = next;
    setPreferences(next);
    setSave({ kind: 'saving' });
    queue.current = queue.current
      .then(() => requestJson('/api/account/editor-preferences', { method: 'PUT', json: next }))
      .then(
        () => {
          if (latest.current === next) setSave({ kind: 'saved' });
        },
        (error: unknown) => setSave({ kind: 'error', message: `Not saved: ${error instanceof Error ? error.message : 'try again.'}` }),
      );
  }, []);

  return { preferences, change, save };
}
