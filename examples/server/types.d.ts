// What the demo keeps in a session: who signed in.
import 'express-session';

declare module 'express-session' {
  interface SessionData {
    user: string;
  }
}
