'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { ConfirmDialog } from '@/app/_components/workspace/confirm-dialog';
import { requestJson, RequestError } from '@/app/_components/workspace/api-client';
import { Workspace } from '@/app/_components/workspace/workspace';
import type { EditorPreferences } from '@/lib/account/editor-preferences';
import { formatClock } from './labels';
import { QuestionsPanel } from './questions-panel';
import type { ClientSession } from './session-types';
import { useCountdown } from './use-countdown';

interface Props {
  session: ClientSession;
  /** Each exercise's prompt and data, rendered on the server, in the session's order. */
  promptPanes: ReactNode[];
  editorPreferences: EditorPreferences;
}

type Stage = { kind: 'working' } | { kind: 'ending'; message: string } | { kind: 'error'; message: string };

const POLL_MS = 1_500;
/** How often a tab checks whether the mock was finished elsewhere (another tab, the server). */
const PHASE_CHECK_MS = 10_000;
/** Spoken once as the clock passes each of these (minutes left). */
const ANNOUNCE_AT = [10, 5, 1];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A running mock: a countdown kept by the server's clock, a tab per exercise (the workspace with
 * Run and Submit, nothing else) and one for the questions. At zero, or when the user finishes
 * early, the drafts are saved and the server finishes the mock; the page then shows the report.
 */
export function InterviewSession({ session, promptPanes, editorPreferences }: Props) {
  const router = useRouter();
  const [tab, setTab] = useState(0);
  const [exercises, setExercises] = useState(session.exercises);
  const [stage, setStage] = useState<Stage>(session.phase === 'active' ? { kind: 'working' } : { kind: 'ending', message: 'Finishing the mock: grading your latest drafts…' });
  const [confirming, setConfirming] = useState(false);
  const saveCurrent = useRef<(() => Promise<void>) | null>(null);
  const ending = useRef(false);
  const registerSave = useCallback((save: () => Promise<void>) => {
    saveCurrent.current = save;
  }, []);
  const base = `/api/interviews/${session.id}`;

  /** Asks the server to finish, then waits until it has (another tab or the server's sweep may be doing it). */
  const finish = useCallback(
    async (early: boolean) => {
      if (ending.current) return;
      ending.current = true;
      setStage({ kind: 'ending', message: early ? 'Finishing the mock: grading your latest drafts…' : 'Time is up. Submitting your latest drafts…' });
      await saveCurrent.current?.().catch(() => {});
      try {
        for (;;) {
          const { phase } = await requestJson<{ phase: ClientSession['phase'] }>(`${base}/finish`, { method: 'POST', json: { early } });
          if (phase === 'finished') break;
          await sleep(POLL_MS);
        }
        router.refresh();
      } catch (error) {
        ending.current = false;
        setStage({ kind: 'error', message: error instanceof RequestError ? error.message : 'The mock could not be finished; try again.' });
      }
    },
    [base, router],
  );

  const left = useCountdown(session.deadlineAt, session.serverNow, () => void finish(false));

  // Opened while the mock is being finished (another tab, the server): wait for the report.
  useEffect(() => {
    if (session.phase === 'active') return;
    const timer = window.setTimeout(() => void finish(false), 0);
    return () => window.clearTimeout(timer);
  }, [session.phase, finish]);

  // Finished from another tab (or by the server): this tab follows to the report.
  useEffect(() => {
    const timer = window.setInterval(() => {
      requestJson<{ phase: ClientSession['phase'] }>(base)
        .then(({ phase }) => {
          if (phase !== 'active') void finish(false);
        })
        .catch(() => {});
    }, PHASE_CHECK_MS);
    return () => window.clearInterval(timer);
  }, [base, finish]);

  const minutesLeft = Math.ceil(left / 60_000);
  const announcement = ANNOUNCE_AT.includes(minutesLeft) && left > 0 ? `${minutesLeft} ${minutesLeft === 1 ? 'minute' : 'minutes'} left.` : '';

  /** Saves the open draft, then reloads the drafts so the next tab starts from the newest code. */
  const switchTo = async (next: number) => {
    if (next === tab) return;
    await saveCurrent.current?.().catch(() => {});
    saveCurrent.current = null;
    try {
      const fresh = await requestJson<{ exercises: { exercise: { id: string }; draft: { code: string; version: number; updatedAt: string } | null }[] }>(base);
      setExercises((list) => list.map((e) => ({ ...e, draft: fresh.exercises.find((f) => f.exercise.id === e.id)?.draft ?? e.draft })));
    } catch {
      // Offline: the editor keeps what this tab knew; a stale save is refused and offers the newer draft.
    }
    setTab(next);
  };

  const onTabKey = (event: React.KeyboardEvent, index: number) => {
    const count = exercises.length + 1;
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    event.preventDefault();
    const next = (index + (event.key === 'ArrowRight' ? 1 : count - 1)) % count;
    void switchTo(next).then(() => document.getElementById(`mock-tab-${next}`)?.focus());
  };

  const current = exercises[tab];
  const urgent = left <= 5 * 60_000;
  return (
    <div className="mock">
      <div className="mock-bar">
        <div className="mock-clock" data-urgent={urgent || undefined}>
          <span className="muted">Time left</span>{' '}
          <span role="timer" aria-label="Time left" data-testid="countdown">
            {formatClock(left)}
          </span>
        </div>
        <div className="tabs mock-tabs" role="tablist" aria-label="Mock interview parts">
          {[...exercises.map((e) => e.title), `Questions (${session.questions.length})`].map((label, index) => (
            <button
              key={label}
              id={`mock-tab-${index}`}
              type="button"
              role="tab"
              className="tab"
              aria-selected={tab === index}
              aria-controls="mock-panel"
              tabIndex={tab === index ? 0 : -1}
              onClick={() => void switchTo(index)}
              onKeyDown={(event) => onTabKey(event, index)}
            >
              {index < exercises.length ? `${index + 1}. ${label}` : label}
            </button>
          ))}
        </div>
        <button type="button" className="button button-secondary button-small" onClick={() => setConfirming(true)} disabled={stage.kind === 'ending'}>
          Finish now
        </button>
      </div>
      <div className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </div>
      {stage.kind === 'working' ? (
        <div id="mock-panel" role="tabpanel" aria-labelledby={`mock-tab-${tab}`}>
          {current ? (
            <Workspace
              key={`${current.id}:${current.draft?.version ?? 0}`}
              exercise={{ id: current.id, title: current.title, exports: current.exports }}
              starter={current.starter}
              draft={current.draft}
              promptPane={promptPanes[tab]}
              editorPreferences={editorPreferences}
              mock={{ interviewId: session.id, registerSave }}
            />
          ) : (
            <QuestionsPanel interviewId={session.id} questions={session.questions} />
          )}
        </div>
      ) : (
        <div className="panel mock-ending" role={stage.kind === 'error' ? 'alert' : 'status'}>
          <p>{stage.message}</p>
          {stage.kind === 'error' && (
            <button type="button" className="button" onClick={() => void finish(left > 0)}>
              Try again
            </button>
          )}
        </div>
      )}
      <ConfirmDialog
        open={confirming}
        title="Finish the mock now?"
        confirmLabel="Finish and see the report"
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          void finish(true);
        }}
      >
        <p>Your latest draft of each exercise is submitted and your answers are graded. You cannot change anything afterwards.</p>
      </ConfirmDialog>
    </div>
  );
}
