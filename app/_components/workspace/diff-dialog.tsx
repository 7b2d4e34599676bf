'use client';

import { DiffView } from './diff-view';
import { useModalDialog } from './use-modal-dialog';

interface Props {
  open: boolean;
  original: string;
  currentCode(): string;
  onClose(): void;
}

/** The comparison of an attempt with the editor, large (native <dialog>: Escape closes, focus returns). */
export function DiffDialog({ open, original, currentCode, onClose }: Props) {
  const ref = useModalDialog(open);
  return (
    <dialog ref={ref} className="diff-dialog" aria-labelledby="diff-dialog-title" onClose={() => open && onClose()}>
      <div className="diff-dialog-head">
        <h2 id="diff-dialog-title">This attempt and the editor now</h2>
        <button type="button" className="button button-secondary button-small" onClick={onClose} autoFocus>
          Close
        </button>
      </div>
      {open && <DiffView original={original} currentCode={currentCode} label="Differences between this attempt and the editor, large" className="diff-view diff-view-large" />}
    </dialog>
  );
}
