'use client';

import { Celebration } from './celebration';
import { NextStepPanel, type NextStepView } from './next-step';
import { ResultsView } from './results-view';
import type { GradingState } from './use-grading';

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

interface Props {
  grading: GradingState;
  onGoToLine(location: { line: number; column: number }): void;
  /** Runs one visible test again with the editor's code. */
  onRerunTest(testId: string): void;
  /** This submit was the first to pass. */
  celebrating: boolean;
  /** Where to go from here, once the exercise is solved. */
  nextStep: NextStepView | null;
}

/** Progress while grading, then the result; or why there is no result. */
export function GradingPanel({ grading, onGoToLine, onRerunTest, celebrating, nextStep }: Props) {
  const { pending, elapsedMs, last, error } = grading;
  const passedSubmit = last?.mode === 'submit' && last.result.status === 'pass' && !pending;
  return (
    <div className="grading-panel" aria-busy={pending !== null}>
      {pending && (
        <div className="grading-progress">
          <span className="spinner" aria-hidden="true" />
          <span>{pending.mode === 'run' ? 'Running the visible tests…' : 'Submitting: running all tests, hidden ones too…'}</span>
          <span className="elapsed" aria-label="elapsed time">
            {seconds(elapsedMs)}
          </span>
        </div>
      )}
      {error && !pending && (
        <div className="request-error" role="alert">
          <strong>{error.mode === 'run' ? 'The run' : 'The submission'} got no result.</strong> {error.message} Your code is still here, unchanged.
        </div>
      )}
      {last ? (
        <div className={pending ? 'results-stale' : undefined}>
          <ResultsView result={last.result} mode={last.mode} onGoToLine={onGoToLine} onRerunTest={pending ? undefined : onRerunTest}>
            {passedSubmit && celebrating && <Celebration />}
            {passedSubmit && nextStep && <NextStepPanel step={nextStep} />}
          </ResultsView>
        </div>
      ) : (
        !pending &&
        !error && (
          <p className="results-empty">
            <strong>Run</strong> checks your code against the visible tests. <strong>Submit</strong> runs every test, hidden ones too, and records a pass as
            solved.
          </p>
        )
      )}
    </div>
  );
}
