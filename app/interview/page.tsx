import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import Link from 'next/link';
import { getAppDb } from '@/db/app-db';
import { effectiveTimeZone } from '@/lib/account/update-time-zone';
import { getCurrentUser } from '@/lib/auth/current-user';
import { TRACKS } from '@/lib/exercises/meta-schema';
import { TRACK_INFO } from '@/lib/exercises/track-info';
import { findOpenInterview } from '@/lib/interview/get-interview';
import { listInterviews } from '@/lib/interview/list-interviews';
import { exerciseCountFor, questionCountFor } from '@/lib/interview/select-interview-set';
import { listExercisesOrThrow } from '@/lib/exercises/list-exercises';
import { INTERVIEW_LIMITS } from '@/lib/limits';
import { PastMocksTable } from './_components/past-mocks';
import { StartForm } from './_components/start-form';
import '@/app/styles/dashboard.css';
import '@/app/styles/interview.css';

export const metadata: Metadata = { title: 'Mock interview' };
export const dynamic = 'force-dynamic';

const tracks = [
  { value: 'mix', label: 'Mix of tracks', description: 'Exercises from every track, as a real loop would mix them.' },
  ...TRACKS.map((track) => ({ value: track, label: TRACK_INFO[track].label, description: TRACK_INFO[track].description })),
];

/** "2 exercises and 4 questions", as many as the catalog's shortest exercises allow. */
function lengthNote(minutes: number): string {
  const count = exerciseCountFor(minutes, listExercisesOrThrow());
  return `${count} exercises and ${questionCountFor(count)} questions`;
}

export default async function InterviewPage() {
  const { user } = await getCurrentUser();
  const db = await getAppDb();
  const open = await findOpenInterview(db, user?.id);
  const timeZone = effectiveTimeZone(user?.timeZone, (await cookies()).get('tz')?.value);
  const past = (await listInterviews(db, user?.id)).filter((m) => m.phase === 'finished');

  return (
    <div className="container dashboard interview-home">
      <header>
        <p className="eyebrow">Mock interview</p>
        <h1>Practise under interview conditions</h1>
        <p className="lede">
          A timed set of exercises chosen for you (unsolved ones first, weighted toward your weakest skills) and a few conceptual questions.
          Hints, solutions and your earlier attempts stay locked until the clock stops; then a report says what held and what broke.
        </p>
      </header>
      {open ? (
        <section className="panel notice-panel" aria-labelledby="open-title">
          <h2 id="open-title" className="panel-title">
            A mock is in progress
          </h2>
          <p>The clock keeps running on the server, whether or not a tab is open.</p>
          <Link className="button" href={`/interview/${open.id}`}>
            Continue the mock
          </Link>
        </section>
      ) : (
        <StartForm tracks={tracks} lengths={INTERVIEW_LIMITS.lengths.map((minutes) => ({ minutes, exercises: lengthNote(minutes) }))} />
      )}
      <section className="panel dash-panel" aria-labelledby="past-title">
        <h2 id="past-title" className="panel-title">
          Your past mocks
        </h2>
        <PastMocksTable mocks={past} timeZone={timeZone} />
      </section>
    </div>
  );
}
