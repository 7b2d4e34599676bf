'use client';

import { useCallback, useRef, useState } from 'react';
import type { ConsoleResult } from '@/lib/grading/run-console-call';
import { callConsole, RequestError } from './api-client';

/** Calls kept on screen, newest first; older ones drop off. */
const KEPT_ENTRIES = 20;

export interface ConsoleEntry {
  id: number;
  expression: string;
  /** The answer, or why there is none (the server said no or could not be reached). */
  outcome: { kind: 'result'; result: ConsoleResult } | { kind: 'request-error'; message: string };
}

/** The console's calls: one at a time, newest first, kept in this page only. */
export function useConsole(exerciseId: string, consoleUrl?: string) {
  const [entries, setEntries] = useState<ConsoleEntry[]>([]);
  const [pending, setPending] = useState<string | null>(null);
  const inFlight = useRef(false);
  const nextId = useRef(1);

  const call = useCallback(
    async (expression: string, code: string): Promise<boolean> => {
      if (inFlight.current) return false;
      inFlight.current = true;
      setPending(expression);
      let outcome: ConsoleEntry['outcome'];
      try {
        outcome = { kind: 'result', result: await callConsole(exerciseId, code, expression, consoleUrl) };
      } catch (error) {
        outcome = { kind: 'request-error', message: error instanceof RequestError ? error.message : 'Something went wrong; your code is unchanged. Try again.' };
      } finally {
        inFlight.current = false;
        setPending(null);
      }
      const entry = { id: nextId.current++, expression, outcome };
      setEntries((list) => [entry, ...list].slice(0, KEPT_ENTRIES));
      return true;
    },
    [exerciseId, consoleUrl],
  );

  const clear = useCallback(() => setEntries([]), []);
  return { entries, pending, call, clear };
}
