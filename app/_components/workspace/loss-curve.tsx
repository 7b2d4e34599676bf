'use client';

import type { TrainingCurve } from '@/lib/grading/training-curve';

const WIDTH = 320;
const HEIGHT = 120;
const PAD = { left: 44, right: 8, top: 8, bottom: 22 };

function formatLoss(value: number): string {
  return Math.abs(value) >= 100 || value === 0 ? value.toFixed(0) : Number(value.toPrecision(3)).toString();
}

/** Points of one series as an SVG path: a gap where a loss is missing (NaN). */
function pathOf(values: (number | null)[], x: (i: number) => number, y: (v: number) => number): string {
  let d = '';
  let drawing = false;
  values.forEach((value, i) => {
    if (value === null) {
      drawing = false;
      return;
    }
    d += `${drawing ? 'L' : 'M'}${x(i).toFixed(1)},${y(value).toFixed(1)}`;
    drawing = true;
  });
  return d;
}

/** What the chart shows, said in words: for screen readers and as the chart's caption. */
export function describeCurve(curve: TrainingCurve): string {
  const say = (name: string, values: (number | null)[]) => {
    const known = values.flatMap((v, i) => (v === null ? [] : [{ v, epoch: i + 1 }]));
    if (known.length === 0) return '';
    const lowest = known.reduce((a, b) => (b.v < a.v ? b : a));
    const missing = values.length - known.length;
    return `${name} from ${formatLoss(known[0]!.v)} to ${formatLoss(known.at(-1)!.v)}, lowest ${formatLoss(lowest.v)} at epoch ${lowest.epoch}${missing > 0 ? ` (${missing} epoch${missing === 1 ? '' : 's'} not a number)` : ''}`;
  };
  const parts = [say('training loss', curve.loss), say('validation loss', curve.valLoss)].filter(Boolean);
  const epochs = curve.loss.length + curve.droppedEpochs;
  return `${epochs} epoch${epochs === 1 ? '' : 's'} trained: ${parts.join('; ') || 'no loss was a number'}.${curve.droppedEpochs > 0 ? ` Only the first ${curve.loss.length} are drawn.` : ''}`;
}

/**
 * The loss per epoch of what the learner's code trained during a test (every `fit` in order), as
 * a small line chart: training loss solid, validation loss dashed. Described in words for screen
 * readers, with the numbers in a table behind a disclosure.
 */
export function LossCurve({ curve }: { curve: TrainingCurve }) {
  const known = [...curve.loss, ...curve.valLoss].filter((v): v is number => v !== null);
  const hasValidation = curve.valLoss.some((v) => v !== null);
  const description = describeCurve(curve);
  if (known.length === 0) return <p className="loss-curve-note">{description}</p>;
  const min = Math.min(...known);
  const max = Math.max(...known);
  const span = max - min || Math.abs(max) || 1;
  const n = curve.loss.length;
  const x = (i: number) => PAD.left + (n === 1 ? 0 : (i / (n - 1)) * (WIDTH - PAD.left - PAD.right));
  const y = (v: number) => PAD.top + (1 - (v - min) / span) * (HEIGHT - PAD.top - PAD.bottom);
  return (
    <figure className="loss-curve">
      <figcaption className="test-output-label">Loss per epoch</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`Loss curve: ${description}`}>
        <line className="loss-axis" x1={PAD.left} y1={PAD.top} x2={PAD.left} y2={HEIGHT - PAD.bottom} />
        <line className="loss-axis" x1={PAD.left} y1={HEIGHT - PAD.bottom} x2={WIDTH - PAD.right} y2={HEIGHT - PAD.bottom} />
        <text className="loss-tick" x={PAD.left - 4} y={PAD.top + 4} textAnchor="end">
          {formatLoss(max)}
        </text>
        <text className="loss-tick" x={PAD.left - 4} y={HEIGHT - PAD.bottom} textAnchor="end">
          {formatLoss(min)}
        </text>
        <text className="loss-tick" x={PAD.left} y={HEIGHT - 6}>
          1
        </text>
        <text className="loss-tick" x={WIDTH - PAD.right} y={HEIGHT - 6} textAnchor="end">
          epoch {n}
        </text>
        <path className="loss-line" d={pathOf(curve.loss, x, y)} />
        {hasValidation && <path className="loss-line loss-line-validation" d={pathOf(curve.valLoss, x, y)} />}
        {n === 1 && curve.loss[0] !== null && <circle className="loss-point" cx={x(0)} cy={y(curve.loss[0]!)} r={3} />}
      </svg>
      <p className="loss-curve-note">
        {hasValidation ? 'Solid: training loss; dashed: validation loss. ' : 'Training loss. '}
        {description}
      </p>
      <details className="loss-curve-values">
        <summary>Show the values</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">Epoch</th>
              <th scope="col">Training loss</th>
              {hasValidation && <th scope="col">Validation loss</th>}
            </tr>
          </thead>
          <tbody>
            {curve.loss.map((loss, i) => (
              <tr key={i}>
                <td>{i + 1}</td>
                <td>{loss === null ? 'NaN' : loss.toPrecision(6)}</td>
                {hasValidation && <td>{curve.valLoss[i] == null ? '—' : curve.valLoss[i]!.toPrecision(6)}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
