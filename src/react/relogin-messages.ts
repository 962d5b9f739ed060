/** The re-login's words: the modal's title and reasons, and the form's labels and messages. */

export interface ReloginMessages {
  title: string;
  /** Why, when nobody used the page; `duration` is e.g. "15 minutes". */
  idleReason: (duration: string) => string;
  /** Why, when a response said the session is gone (a 440, `reason: 'response'`). */
  responseReason: string;
  /** Why, when the server's `Session-Expires` time passed (`reason: 'server'`). */
  serverReason: string;
  /** Why, when the session ended in another tab (`reason: 'remote'`). */
  remoteReason: string;
  /** Why, for any other reason. */
  expiredReason: string;
  instructions: string;
  username: string;
  password: string;
  signIn: string;
  signingIn: string;
  signOut: string;
  /** Said politely once the person is back (WCAG 4.1.3). */
  signedIn: string;
  /** Shown when `onRelogin` rejects without a message of its own, or resolves with a non-OK `Response`. */
  failed: string;
  /**
   * Shown when the sign-in seemed to work but the server still answered a replayed request with
   * "expired": the session ended again right away (the sign-in did not reach the server session).
   */
  stillExpired: string;
}

export const defaultReloginMessages: ReloginMessages = {
  title: 'Your session has expired',
  idleReason: (duration) => `You were signed out after ${duration} without activity.`,
  responseReason: 'The server ended your session.',
  serverReason: 'Your session reached the longest time the server allows.',
  remoteReason: 'Your session ended in another tab.',
  expiredReason: 'You were signed out.',
  instructions: 'Sign in again to continue where you left off. Nothing you entered is lost.',
  username: 'Username',
  password: 'Password',
  signIn: 'Sign in',
  signingIn: 'Signing in…',
  signOut: 'Sign out',
  signedIn: 'You are signed in again.',
  failed: 'Sign-in failed. Check your username and password and try again.',
  stillExpired: 'You signed in, but the server still says your session has ended. Sign in again.',
};
