import Link from 'next/link';
import type { PublicExercise } from '@/lib/exercises/catalog';
import { STATUS_LABEL, type ExerciseStatus } from '@/lib/progress/summarize-exercise';
import { skillLabel } from '@/lib/exercises/track-info';
import { DifficultyBadge } from './difficulty-badge';
import { ClockIcon, TableIcon } from './icons';
import { TrackBadge } from './track-badge';

export function ExerciseCard({ exercise, status }: { exercise: PublicExercise; status?: ExerciseStatus }) {
  const files = exercise.dataFiles.length;
  return (
    <li className="card" data-track={exercise.track}>
      <div className="card-main">
        <div className="badge-row">
        <TrackBadge track={exercise.track} />
        <DifficultyBadge difficulty={exercise.difficulty} />
      </div>
      <h3 className="card-title">
        <Link href={exercise.url} className="card-link">
          {exercise.title}
        </Link>
      </h3>
      <p className="card-blurb">{exercise.blurb}</p>
      <ul className="tag-list" aria-label="Skills">
        {exercise.skills.map((skill) => (
          <li key={skill} className="tag">
            {skillLabel(skill)}
          </li>
        ))}
      </ul>
      </div>
      <div className="card-side">
        {status && (
          <span className="status-badge" data-status={status}>
            <span className="visually-hidden">Your status: </span>
            {STATUS_LABEL[status]}
          </span>
        )}
        <span className="meta-item">
          <ClockIcon /> {exercise.minutes} min
        </span>
        {files > 0 && (
          <span className="meta-item">
            <TableIcon /> {files} data {files === 1 ? 'file' : 'files'}
          </span>
        )}
      </div>
    </li>
  );
}
