import type { Metadata } from 'next';
import Link from 'next/link';
import { DeleteAccountForm } from '@/app/_components/account/delete-account-form';
import { TimeZoneCookie } from '@/app/_components/account/time-zone-cookie';
import { TimeZoneForm } from '@/app/_components/account/time-zone-form';
import { EditorPreferencesForm } from '@/app/_components/editor-preferences/editor-preferences-form';
import { parseEditorPreferences } from '@/lib/account/editor-preferences-schema';
import { GUEST_CONFIRMATION } from '@/lib/account/delete-account';
import { getCurrentUser } from '@/lib/auth/current-user';
import '@/app/styles/account.css';

export const metadata: Metadata = { title: 'Settings' };
export const dynamic = 'force-dynamic';

export default async function SettingsPage() {
  const { user, signedIn, sessionExpired } = await getCurrentUser();
  const guest = !signedIn;
  return (
    <div className="container settings-page">
      <TimeZoneCookie serverZone={user?.timeZone ?? null} />
      <header>
        <p className="eyebrow">Settings</p>
        <h1>{signedIn ? 'Your account' : 'This browser’s progress'}</h1>
        {signedIn ? (
          <p className="dash-help">Signed in as {user?.email}.</p>
        ) : (
          <p className="notice">
            {sessionExpired ? 'Your session has ended. ' : 'You are practising as a guest. '}
            <Link href="/sign-in?next=/settings">Sign in</Link> or <Link href="/sign-up?next=/settings">create an account</Link> to keep your
            progress everywhere.
          </p>
        )}
      </header>

      <section className="panel settings-section" aria-labelledby="tz-title">
        <h2 id="tz-title">Time zone</h2>
        <p className="dash-help">Your days (streaks, the activity heatmap, when reviews fall due) follow this time zone.</p>
        <TimeZoneForm current={user?.timeZone ?? null} />
      </section>

      <section className="panel settings-section" aria-labelledby="editor-title">
        <h2 id="editor-title">Code editor</h2>
        <p className="dash-help">How the workspace’s editor looks and which keys it answers to. The editor’s own Editor settings menu changes the same settings.</p>
        <EditorPreferencesForm initial={parseEditorPreferences(user?.editorPreferences)} />
      </section>

      <section className="panel settings-section" aria-labelledby="export-title">
        <h2 id="export-title">Export your data</h2>
        {user ? (
          <>
            <p className="dash-help">Everything stored about you: account, drafts, every submission with its code and results, hints and solutions revealed.</p>
            <div className="button-row">
              <a className="button button-secondary" href="/api/account/export?format=json" download>
                Download all (JSON)
              </a>
              <a className="button button-secondary" href="/api/account/export?format=csv" download>
                Download submissions (CSV)
              </a>
            </div>
          </>
        ) : (
          <p className="dash-help">Nothing is stored for this browser yet.</p>
        )}
      </section>

      {user && (
        <section className="panel settings-section danger-zone" aria-labelledby="delete-title">
          <h2 id="delete-title">{guest ? 'Delete this browser’s data' : 'Delete your account'}</h2>
          <DeleteAccountForm expected={guest || !user.email ? GUEST_CONFIRMATION : user.email} guest={guest} />
        </section>
      )}
    </div>
  );
}
