import { SessionStatus } from '../session-status';

// A static route under the layout's module-level session.
export default function Home() {
  return (
    <main>
      <h1>Home</h1>
      <SessionStatus />
    </main>
  );
}
