'use client';

import { useId, useState } from 'react';
import { markDifference, parseFailureMessage } from './failure-message';

/** Values longer than this start folded to a few lines, with a button to show them whole. */
const FOLD_CHARS = 160;

function Value({ text, children }: { text: string; children?: React.ReactNode }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const long = text.length > FOLD_CHARS;
  return (
    <div className="failure-value">
      <pre id={id} className="failure-value-text" data-folded={long && !open ? 'true' : undefined}>
        {children ?? text}
      </pre>
      {long && (
        <button type="button" className="button button-quiet button-small failure-value-toggle" aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)}>
          {open ? 'Show less' : `Show all (${text.length} characters)`}
        </button>
      )}
    </div>
  );
}

/**
 * A test's message. A visible test's failure shows the property, the input, and expected beside
 * actual with the part that differs marked; anything else is shown as written.
 */
export function FailureDetail({ message }: { message: string }) {
  const parsed = parseFailureMessage(message);
  if (!parsed) return <pre className="test-message">{message}</pre>;
  const { property, input, expected, actual, tolerance } = parsed;
  const diff = expected !== undefined && actual !== undefined ? markDifference(expected, actual) : null;
  return (
    <div className="failure test-message">
      <p className="failure-property">{property}</p>
      {input !== undefined && (
        <div className="failure-field">
          <span className="failure-label">Input</span>
          <Value text={input} />
        </div>
      )}
      {(expected !== undefined || actual !== undefined) && (
        <div className="failure-compare">
          {expected !== undefined && (
            <div className="failure-field">
              <span className="failure-label">Expected{tolerance && <span className="muted"> (tolerance {tolerance})</span>}</span>
              <Value text={expected}>
                {diff && (
                  <>
                    {diff.prefix}
                    <mark className="diff-expected">{diff.expected}</mark>
                    {diff.suffix}
                  </>
                )}
              </Value>
            </div>
          )}
          {actual !== undefined && (
            <div className="failure-field">
              <span className="failure-label">Actual</span>
              <Value text={actual}>
                {diff && (
                  <>
                    {diff.prefix}
                    <mark className="diff-actual">{diff.actual}</mark>
                    {diff.suffix}
                  </>
                )}
              </Value>
            </div>
          )}
        </div>
      )}
    </div>
  );
}
