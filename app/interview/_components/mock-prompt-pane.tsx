import { DataPreviewView } from '@/app/_components/data-preview';
import { DifficultyBadge } from '@/app/_components/difficulty-badge';
import { ClockIcon } from '@/app/_components/icons';
import { Markdown } from '@/app/_components/markdown';
import { TrackBadge } from '@/app/_components/track-badge';
import type { ExerciseView } from '@/lib/exercises/find-exercise-view';

/** An exercise's task and data inside a mock: no hints, no solution, no links away. */
export function MockPromptPane({ view }: { view: ExerciseView }) {
  const { exercise, prompt, dataPreviews } = view;
  return (
    <div className="prompt-pane">
      <header className="exercise-header">
        <div className="badge-row">
          <TrackBadge track={exercise.track} />
          <DifficultyBadge difficulty={exercise.difficulty} />
          <span className="meta-item">
            <ClockIcon /> About {exercise.minutes} min
          </span>
        </div>
        <h2 className="mock-exercise-title">{exercise.title}</h2>
        <p className="lede">{exercise.blurb}</p>
      </header>
      <section className="panel" aria-label="Task">
        <Markdown>{prompt}</Markdown>
      </section>
      {dataPreviews.length > 0 && (
        <section className="panel" aria-label="Data">
          {dataPreviews.map((preview) => (
            <DataPreviewView key={preview.name} preview={preview} />
          ))}
        </section>
      )}
      <p className="muted mock-locked-note">Hints, the solution and your earlier attempts are locked until the mock ends.</p>
    </div>
  );
}
