import { useSession } from '../../../src/index.ts';

/** The app's bar: its name, and who is signed in. */
export function TopBar() {
  const status = useSession((snapshot) => snapshot.status);
  return (
    <header className="live-bar">
      <span className="live-brand">
        <span className="live-logo" aria-hidden="true">
          £
        </span>
        Tally
      </span>
      <p className="live-user">
        {status === 'signedOut' ? (
          'Signed out'
        ) : (
          <>
            <span className="live-avatar" aria-hidden="true">
              AL
            </span>
            Ada Lovelace
          </>
        )}
      </p>
    </header>
  );
}
