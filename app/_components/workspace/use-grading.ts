'use client';

import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { GradeMode } from '@/lib/grading/result';
import { gradeCode, RequestError, type GradedSubmission } from './api-client';

export interface GradingState {
  /** The request in flight, if any. */
  pending: { mode: GradeMode; startedAt: number } | null;
  elapsedMs: number;
  last: { mode: GradeMode; result: GradedSubmission } | null;
  /** Why the last request got no result (server down, busy); the code is untouched. */
  error: { mode: GradeMode; message: string } | null;
}

/**
 * Run and Submit: one request at a time (a second click while grading does nothing), elapsed
 * time while waiting, and the result or a message saying why there is none.
 */
export function useGrading(exerciseId: string, onGraded: (mode: GradeMode, result: GradedSubmission) => void, gradeUrl?: string) {
  const [state, setState] = useState<GradingState>({ pending: null, elapsedMs: 0, last: null, error: null });
  const inFlight = useRef(false);
  const onGradedRef = useRef(onGraded);
  useLayoutEffect(() => {
    onGradedRef.current = onGraded;
  });

  useEffect(() => {
    if (!state.pending) return;
    const { startedAt } = state.pending;
    const timer = window.setInterval(() => setState((s) => ({ ...s, elapsedMs: performance.now() - startedAt })), 100);
    return () => window.clearInterval(timer);
  }, [state.pending]);

  const grade = useCallback(
    async (mode: GradeMode, code: string, testId?: string) => {
      if (inFlight.current) return;
      inFlight.current = true;
      setState((s) => ({ ...s, pending: { mode, startedAt: performance.now() }, elapsedMs: 0, error: null }));
      try {
        const result = await gradeCode(exerciseId, code, mode, gradeUrl, testId);
        setState((s) => ({ ...s, pending: null, last: { mode, result }, error: null }));
        onGradedRef.current(mode, result);
      } catch (error) {
        const message = error instanceof RequestError ? error.message : 'Something went wrong while grading. Your code is unchanged; try again.';
        setState((s) => ({ ...s, pending: null, error: { mode, message } }));
      } finally {
        inFlight.current = false;
      }
    },
    [exerciseId, gradeUrl],
  );

  const show = useCallback((mode: GradeMode, result: GradedSubmission) => setState((s) => ({ ...s, last: { mode, result }, error: null })), []);

  return { ...state, grade, show };
}
