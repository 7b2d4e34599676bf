import type { PublicExercise } from '@/lib/exercises/catalog';
import type { Track } from '@/lib/exercises/meta-schema';
import { TRACK_INFO } from '@/lib/exercises/track-info';
import type { ExerciseStatus } from '@/lib/progress/summarize-exercise';

const SOLVED: ReadonlySet<ExerciseStatus> = new Set(['solved', 'due']);

/** How many exercises of a whole track (whatever the filters show) the user has solved. */
export function TrackProgress({ track, exercises, statuses }: { track: Track; exercises: readonly PublicExercise[]; statuses: ReadonlyMap<string, ExerciseStatus> }) {
  const inTrack = exercises.filter((exercise) => exercise.track === track);
  const solved = inTrack.filter((exercise) => SOLVED.has(statuses.get(exercise.id) ?? 'not-started')).length;
  return (
    <p className="track-progress">
      <progress max={inTrack.length} value={solved} aria-label={`${TRACK_INFO[track].label}: ${solved} of ${inTrack.length} solved`} />
      <span>
        {solved} of {inTrack.length} solved
      </span>
    </p>
  );
}
