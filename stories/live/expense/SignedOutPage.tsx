import { ReloginForm, type ReloginFormProps } from '../../../src/index.ts';

/**
 * After "Sign out": what a real app's sign-in page would do, here in place, with the library's
 * own re-login form (`ReloginForm`), which signs in and resumes the session.
 */
export function SignedOutPage({ onRelogin }: { onRelogin: ReloginFormProps['onRelogin'] }) {
  return (
    <main className="live-main" id="expenses">
      <section className="live-card live-signed-out" aria-labelledby="live-signed-out-heading">
        <h1 id="live-signed-out-heading">You are signed out</h1>
        <p className="live-muted">Anything that was still waiting to be saved was not sent. Sign in to carry on.</p>
        <ReloginForm onRelogin={onRelogin} autoFocus />
      </section>
    </main>
  );
}
