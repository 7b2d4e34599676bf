import type { Metadata } from 'next';
import Link from 'next/link';
import { TimeZoneCookie } from '@/app/_components/account/time-zone-cookie';
import { ActivitySection } from '@/app/_components/dashboard/activity-section';
import { percent } from '@/app/_components/dashboard/format';
import { MasterySection } from '@/app/_components/dashboard/mastery-section';
import { NextUpSection } from '@/app/_components/dashboard/next-up-section';
import { RecentSection, WeakestSkills } from '@/app/_components/dashboard/recent-section';
import { getAppDb } from '@/db/app-db';
import { pageTimeZone } from '@/lib/account/page-time-zone';
import { getCurrentUser } from '@/lib/auth/current-user';
import { listExercisesOrThrow } from '@/lib/exercises/list-exercises';
import { dashboardDuringMock } from '@/lib/interview/dashboard-during-mock';
import { listInterviews, listMockRetries } from '@/lib/interview/list-interviews';
import { getDashboard } from '@/lib/progress/get-dashboard';
import { PastMocksSection } from '@/app/interview/_components/past-mocks';
import '@/app/styles/dashboard.css';

export const metadata: Metadata = { title: 'Your progress' };
export const dynamic = 'force-dynamic';

export default async function DashboardPage() {
  const { user, signedIn, sessionExpired } = await getCurrentUser();
  const timeZone = await pageTimeZone(user);
  const db = await getAppDb();
  const dashboard = await dashboardDuringMock(db, user?.id, await getDashboard(db, user?.id ?? '', listExercisesOrThrow(), timeZone));
  const [mocks, retries] = await Promise.all([listInterviews(db, user?.id), listMockRetries(db, user?.id)]);
  const dueCount = dashboard.reviews.due.length + retries.length;

  return (
    <div className="container dashboard">
      <TimeZoneCookie serverZone={user?.timeZone ?? null} />
      <header className="dash-header">
        <div>
          <p className="eyebrow">Dashboard</p>
          <h1>{signedIn && user?.name ? `${user.name}’s progress` : 'Your progress'}</h1>
        </div>
        <dl className="dash-stats">
          <div>
            <dt>Solved</dt>
            <dd data-testid="solved-count">
              {dashboard.solved} <span>of {dashboard.total}</span>
            </dd>
          </div>
          <div>
            <dt>Mastery</dt>
            <dd data-testid="overall-mastery">
              {percent(dashboard.mastery.overall.mastery)} % <span>of the catalog</span>
            </dd>
          </div>
          <div>
            <dt>Streak</dt>
            <dd>
              {dashboard.streaks.current} <span>{dashboard.streaks.current === 1 ? 'day' : 'days'}</span>
            </dd>
          </div>
          <div>
            <dt>Reviews due</dt>
            <dd>{dueCount}</dd>
          </div>
        </dl>
      </header>

      {sessionExpired && (
        <p className="notice" role="status">
          Your session has ended, so this is this browser’s guest progress. <Link href="/sign-in?expired=1&next=/dashboard">Sign in again</Link>{' '}
          and anything you did meanwhile moves into your account.
        </p>
      )}
      {!signedIn && !sessionExpired && (
        <p className="notice guest-notice" role="note">
          You are practising as a guest: progress is kept in this browser only. <Link href="/sign-up?next=/dashboard">Create an account</Link> to
          keep it everywhere; everything you did here comes with you.
        </p>
      )}

      <NextUpSection recommendation={dashboard.recommendation} reviews={dashboard.reviews} today={dashboard.today} retries={retries} locked={dashboard.mockInProgress !== null} />
      <PastMocksSection mocks={mocks} timeZone={dashboard.timeZone} />
      <MasterySection mastery={dashboard.mastery} />
      <ActivitySection calendar={dashboard.calendar} streaks={dashboard.streaks} timeZone={dashboard.timeZone} />
      <div className="dash-columns">
        <RecentSection recent={dashboard.recent} timeZone={dashboard.timeZone} />
        <WeakestSkills skills={dashboard.weakestSkills} />
      </div>
    </div>
  );
}
