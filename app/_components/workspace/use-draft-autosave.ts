'use client';

import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { requestJson, RequestError } from './api-client';

export interface SavedDraft {
  code: string;
  version: number;
  updatedAt: string;
}

export type SaveState =
  | { kind: 'saved'; /** When the shown draft was saved (ISO 8601), null for the starter. */ at: string | null }
  | { kind: 'unsaved' }
  | { kind: 'saving' }
  | { kind: 'offline'; message: string }
  | { kind: 'conflict'; newer: SavedDraft };

const DEBOUNCE_MS = 800;
const RETRY_MS = 5000;

/**
 * Saves the editor's code to the server shortly after typing stops, one request at a time, each
 * naming the version it was edited from. A newer draft from another tab is never overwritten:
 * the user chooses. When the tab comes back into view, a newer draft is loaded if nothing here
 * is unsaved.
 */
export function useDraftAutosave(
  exerciseId: string,
  initial: { version: number; updatedAt: string | null },
  getCode: () => string | undefined,
  replaceCode: (code: string) => void,
  /** Where the draft lives: the workspace's, or a mock interview's own. */
  url = `/api/exercises/${exerciseId}/draft`,
) {
  const [state, setState] = useState<SaveState>({ kind: 'saved', at: initial.updatedAt });
  const version = useRef(initial.version);
  const dirty = useRef(false);
  const saving = useRef(false);
  const timer = useRef<number | undefined>(undefined);
  /** Set while the editor takes code from the server, so that change is not saved back. */
  const applying = useRef(false);
  /** A newer draft exists elsewhere: nothing is saved until the user chooses. */
  const conflicted = useRef(false);
  const apply = useCallback(
    (code: string) => {
      applying.current = true;
      try {
        replaceCode(code);
      } finally {
        applying.current = false;
      }
    },
    [replaceCode],
  );
  /** The latest `save`, for the timers it sets for itself. */
  const saveLater = useRef<() => void>(() => {});
  const schedule = (ms: number) => {
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => {
      timer.current = undefined;
      saveLater.current();
    }, ms);
  };

  const save = useCallback(async () => {
    window.clearTimeout(timer.current);
    timer.current = undefined;
    if (saving.current || !dirty.current || conflicted.current) return;
    const code = getCode();
    if (code === undefined) return;
    saving.current = true;
    dirty.current = false;
    setState({ kind: 'saving' });
    try {
      const { draft } = await requestJson<{ draft: SavedDraft }>(url, { method: 'PUT', json: { code, baseVersion: version.current } });
      version.current = draft.version;
      setState(dirty.current ? { kind: 'unsaved' } : { kind: 'saved', at: draft.updatedAt });
    } catch (error) {
      dirty.current = true;
      if (error instanceof RequestError && error.status === 409) {
        const newer = (error.body as { draft: SavedDraft }).draft;
        conflicted.current = true;
        setState({ kind: 'conflict', newer });
      } else {
        setState({ kind: 'offline', message: error instanceof RequestError ? error.message : 'Not saved.' });
        schedule(RETRY_MS);
      }
    } finally {
      saving.current = false;
    }
    if (dirty.current && !timer.current && !conflicted.current) schedule(DEBOUNCE_MS);
  }, [getCode, url]);

  useLayoutEffect(() => {
    saveLater.current = () => void save();
  });

  const onEdit = useCallback(() => {
    if (applying.current) return;
    dirty.current = true;
    setState((s) => (s.kind === 'conflict' || s.kind === 'offline' ? s : { kind: 'unsaved' }));
    if (!conflicted.current) schedule(DEBOUNCE_MS);
  }, []);

  /** Conflict: take the other tab's newer code. */
  const takeNewer = useCallback(() => {
    if (state.kind !== 'conflict') return;
    version.current = state.newer.version;
    apply(state.newer.code);
    dirty.current = false;
    conflicted.current = false;
    window.clearTimeout(timer.current);
    setState({ kind: 'saved', at: state.newer.updatedAt });
  }, [apply, state]);

  /** Conflict: keep this tab's code, saved on top of the newer version. */
  const keepMine = useCallback(() => {
    if (state.kind !== 'conflict') return;
    version.current = state.newer.version;
    dirty.current = true;
    conflicted.current = false;
    void save();
  }, [save, state]);

  // Another tab may have saved while this one was hidden.
  useEffect(() => {
    const onVisible = async () => {
      if (document.visibilityState !== 'visible' || dirty.current || saving.current) return;
      try {
        const { draft } = await requestJson<{ draft: SavedDraft | null }>(url);
        if (draft && draft.version > version.current && !dirty.current) {
          version.current = draft.version;
          apply(draft.code);
          dirty.current = false;
          window.clearTimeout(timer.current);
          setState({ kind: 'saved', at: draft.updatedAt });
        }
      } catch {
        // Offline: the next save will say so.
      }
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [apply, url]);

  // Leaving with unsaved changes: one last save that outlives the page.
  useEffect(() => {
    const onLeave = () => {
      if (!dirty.current) return;
      const code = getCode();
      if (code === undefined) return;
      void fetch(url, { method: 'PUT', keepalive: true, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, baseVersion: version.current }) }).catch(() => {});
    };
    window.addEventListener('pagehide', onLeave);
    return () => window.removeEventListener('pagehide', onLeave);
  }, [getCode, url]);

  return { state, onEdit, saveNow: save, takeNewer, keepMine };
}
