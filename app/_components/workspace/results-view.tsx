'use client';

import type { ReactNode } from 'react';
import type { GradeMode, GradeResult, TestResult } from '@/lib/grading/result';
import { FailureDetail } from './failure-detail';
import { LossCurve } from './loss-curve';
import { STATUS_LABEL, summarizeResult, verdictAdvice } from './verdict';

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

function StatusMark({ status }: { status: TestResult['status'] }) {
  const glyph = status === 'pass' ? '✓' : status === 'fail' ? '✗' : '!';
  return (
    <span className="status-mark" data-status={status} aria-hidden="true">
      {glyph}
    </span>
  );
}

/** Console output, with the grader's truncation note set apart so it is not mistaken for output. */
export function ConsoleOutput({ output }: { output: string }) {
  const match = /\n?\[output truncated: (\d+) bytes\]$/.exec(output);
  const text = match ? output.slice(0, match.index) : output;
  return (
    <div className="test-output">
      <div className="test-output-label">Console output</div>
      <pre>{text}</pre>
      {match && <p className="truncation-note">Output was cut here: {match[1]} more bytes were not kept.</p>}
    </div>
  );
}

function TestItem({ test, onRerun }: { test: TestResult; onRerun?: (testId: string) => void }) {
  return (
    <li className="test-result" data-status={test.status}>
      <div className="test-result-head">
        <StatusMark status={test.status} />
        <span className="test-name">{test.name}</span>
        <span className="test-meta">
          <span className="test-status-text">{STATUS_LABEL[test.status]}</span>
          {!test.visible && <span className="tag">hidden</span>}
          {test.durationMs !== undefined && <span>{formatMs(test.durationMs)}</span>}
          {test.visible && onRerun && (
            <button type="button" className="button button-quiet button-small" aria-label={`Run this test: ${test.name}`} onClick={() => onRerun(test.id)}>
              Run this test
            </button>
          )}
        </span>
      </div>
      {test.message && <FailureDetail message={test.message} />}
      {test.tensorsLeaked ? (
        <p className="test-leak">
          {test.tensorsLeaked} {test.tensorsLeaked === 1 ? 'tensor was' : 'tensors were'} left undisposed.
        </p>
      ) : null}
      {test.training && <LossCurve curve={test.training} />}
      {test.output && <ConsoleOutput output={test.output} />}
    </li>
  );
}

interface Props {
  result: GradeResult;
  mode: GradeMode;
  onGoToLine?: (location: { line: number; column: number }) => void;
  /** Runs one visible test again with the editor's code (not offered in History). */
  onRerunTest?: (testId: string) => void;
  /** Shown right under the verdict, above the tests (e.g. the next step after a solve). */
  children?: ReactNode;
}

/** A graded result: the verdict, what to do about it, and every test with its message and output. */
export function ResultsView({ result, mode, onGoToLine, onRerunTest, children }: Props) {
  const passed = result.tests.filter((t) => t.status === 'pass').length;
  const advice = verdictAdvice(result.status);
  return (
    <div className="results" data-status={result.status}>
      <div className="verdict">
        <span className="verdict-badge" data-status={result.status}>
          {STATUS_LABEL[result.status]}
        </span>
        <span className="verdict-summary">{summarizeResult(result, mode)}</span>
        <span className="verdict-meta">
          {mode === 'run' ? 'Run · visible tests' : 'Submit · all tests'} · {formatMs(result.durationMs)}
        </span>
      </div>
      {result.tests.length > 0 && (
        <div className="progress-bar" aria-hidden="true">
          <span style={{ width: `${(passed / result.tests.length) * 100}%` }} />
        </div>
      )}
      {children}
      {result.message && (
        <div className="result-message">
          <pre>{result.message}</pre>
          {result.location && onGoToLine && (
            <button type="button" className="button button-small" onClick={() => onGoToLine(result.location!)}>
              Go to line {result.location.line}
            </button>
          )}
        </div>
      )}
      {advice && (
        <div className="advice">
          <h4>{advice.title}</h4>
          <ul>
            {advice.points.map((point) => (
              <li key={point}>{renderInlineCode(point)}</li>
            ))}
          </ul>
        </div>
      )}
      {result.tests.length > 0 && (
        <ol className="test-list" aria-label="Tests">
          {result.tests.map((test) => (
            <TestItem key={test.id} test={test} onRerun={onRerunTest} />
          ))}
        </ol>
      )}
    </div>
  );
}

/** `code` spans in a plain sentence. */
export function renderInlineCode(text: string) {
  return text.split(/(`[^`]+`)/).map((part, i) => (part.startsWith('`') && part.endsWith('`') ? <code key={i}>{part.slice(1, -1)}</code> : part));
}
