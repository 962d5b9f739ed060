import { SessionStatus } from '../session-status';
import { OwnedSession } from './owned-session';

export default function Owned() {
  return (
    <main>
      <h1>Owned</h1>
      <OwnedSession>
        <SessionStatus />
      </OwnedSession>
    </main>
  );
}
