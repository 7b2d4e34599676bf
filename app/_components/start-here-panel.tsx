import Link from 'next/link';
import { DifficultyBadge } from './difficulty-badge';
import { StartHereFrame } from './start-here-frame';
import { TrackBadge } from './track-badge';
import type { PublicExercise } from '@/lib/exercises/catalog';
import { startingPoints } from '@/lib/onboarding/start-here';
import { TRACK_INFO } from '@/lib/exercises/track-info';

/** The first visit's path: what this is, how an exercise is worked, and the first exercise of each track. */
export function StartHerePanel({ catalog }: { catalog: PublicExercise[] }) {
  return (
    <StartHereFrame>
      <h2 id="start-here-title">Start here</h2>
      <ol className="start-steps">
        <li>
          <strong>What this is.</strong> Exercises from the work ML engineers are hired for: choosing and adapting models, building
          features without leaks, fixing broken serving code. Each has a scene, real data and tests.
        </li>
        <li>
          <strong>How you work.</strong> You write TypeScript in the editor of the exercise page, with TensorFlow.js (
          <code>import * as tf from &apos;@tensorflow/tfjs&apos;</code>): nothing to install. <em>Run</em> grades the visible tests,{' '}
          <em>Submit</em> the hidden ones too, in a sandbox on the server; hints open one at a time.
        </li>
        <li>
          <strong>Where to start.</strong> The first exercise of each track needs nothing else; the rest of a track builds on it.
        </li>
      </ol>
      <ul className="start-tracks">
        {startingPoints(catalog).map(({ track, exercise }) => (
          <li key={track} data-testid="start-track" data-track={track}>
            <TrackBadge track={track} />
            <Link href={exercise.url} className="start-link">
              {exercise.title}
            </Link>
            <span className="start-meta">
              <DifficultyBadge difficulty={exercise.difficulty} /> about {exercise.minutes} min
            </span>
            <span className="visually-hidden"> (first exercise of {TRACK_INFO[track].label})</span>
          </li>
        ))}
      </ul>
    </StartHereFrame>
  );
}
