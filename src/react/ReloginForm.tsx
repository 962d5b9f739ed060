'use client';
/**
 * The re-login's username and password form: used by the re-login modal, and exported on its own
 * for the app's pages (a signed-out page) and custom re-login content. It calls the app's
 * `onRelogin`, then resumes the session; the parked requests are replayed for the same person only.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';

import { useSessionInstance } from './context.ts';
import { useDialogLayer } from './dialog-layer.tsx';
import { defaultReloginMessages, type ReloginMessages } from './relogin-messages.ts';
import { useCssomStyle } from './cssom-style.ts';
import { controlStyle } from './SessionTimeoutDialog.tsx';

const FORM_NAME = 'ReloginForm';

export interface Credentials {
  username: string;
  password: string;
}

/**
 * What `onRelogin` may resolve with once the person is signed in: nothing, `{ user }` (who signed
 * in, handed to `resume`), or the sign-in request's `Response`, where a non-OK one (`!response.ok`)
 * counts as a failed sign-in.
 */
export type ReloginResult = void | undefined | { user?: string } | Response;

export interface ReloginFormProps {
  /** Signs the person in: the same contract as `ReloginModal`'s `onRelogin` (resolve when signed in, reject when not). */
  onRelogin: (credentials: Credentials) => ReloginResult | Promise<ReloginResult>;
  /** The labels and messages it uses: `username`, `password`, `signIn`, `signingIn`, `signOut`, `signedIn`, `failed`, `stillExpired`. */
  messages?: Partial<ReloginMessages>;
  /** Also offer "Sign out" beside "Sign in", as the re-login modal does. @default false */
  signOut?: boolean;
  /** Focus the username field when the form appears, as the re-login modal does. @default false */
  autoFocus?: boolean;
  className?: string;
}

interface CredentialsFormProps {
  messages: ReloginMessages;
  onRelogin: ReloginFormProps['onRelogin'];
  resume(options?: { user?: string }): Promise<void>;
  /** Shows "Sign out" when given. */
  signOut?: () => void;
  /** A message that outlives the form (in the modal, it unmounts while the session is active again). */
  notice: string | null;
  clearNotice(): void;
  autoFocus: boolean;
  className?: string;
}

/** A `Response`, also from another realm or a fetch polyfill. */
function isResponse(value: unknown): value is Response {
  if (typeof Response !== 'undefined' && value instanceof Response) return true;
  return typeof value === 'object' && value !== null && typeof (value as Response).ok === 'boolean' && typeof (value as Response).status === 'number';
}

class SignInFailed extends Error {}

export function CredentialsForm({ messages, onRelogin, resume, signOut, notice, clearNotice, autoFocus, className }: CredentialsFormProps) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  // Through the CSSOM, not a style prop: this form may be server-rendered (a signed-out page), and
  // a style attribute would break a strict CSP.
  const styleControl = useCssomStyle<HTMLButtonElement>(controlStyle);

  useEffect(() => {
    if (autoFocus) first.current?.focus();
  }, [autoFocus]);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    const data = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    clearNotice();
    try {
      const credentials = { username: String(data.get('username') ?? ''), password: String(data.get('password') ?? '') };
      const result = await onRelogin(credentials);
      // A sign-in request's answer: a 401 is a failed sign-in, not a success that replays into 440s.
      if (isResponse(result) && !result.ok) throw new SignInFailed();
      // Who signed in guards the parked requests: the app's word for it, else the typed username.
      const named = result && typeof result === 'object' && !isResponse(result) ? result.user : undefined;
      const user = named !== undefined ? named : credentials.username.trim();
      await resume(user ? { user } : {});
      // Usually unmounted by now; still here when the replay met "expired" again.
      setBusy(false);
    } catch (failure) {
      setError(failure instanceof Error && failure.message && !(failure instanceof SignInFailed) ? failure.message : messages.failed);
      setBusy(false);
    }
  };

  return (
    <form data-rst="form" className={className} method="post" onSubmit={submit} aria-busy={busy || undefined}>
      <label data-rst="field">
        <span>{messages.username}</span>
        <input ref={first} name="username" type="text" autoComplete="username" autoCapitalize="none" spellCheck={false} required />
      </label>
      <label data-rst="field">
        <span>{messages.password}</span>
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      <div data-rst="error" role="alert">
        {error ?? notice}
      </div>
      <div data-rst="actions">
        <button ref={styleControl} type="submit" data-rst="primary" aria-disabled={busy || undefined} aria-busy={busy || undefined}>
          {busy ? messages.signingIn : messages.signIn}
        </button>
        {signOut && (
          <button ref={styleControl} type="button" data-rst="secondary" onClick={signOut}>
            {messages.signOut}
          </button>
        )}
      </div>
    </form>
  );
}

/**
 * `resume` as the re-login does it: says "You are signed in again" politely, and when the replay
 * meets "expired" again (the sign-in did not reach the server session) keeps `stillExpired` as a
 * notice instead of a form that just comes back empty.
 */
export function useRelogin(component: string, messages: ReloginMessages) {
  const session = useSessionInstance(component);
  const layer = useDialogLayer(component);
  const [notice, setNotice] = useState<string | null>(null);
  const resume = async (options?: { user?: string }) => {
    setNotice(null);
    const replayed = session.resume(options);
    layer.announce(messages.signedIn);
    await replayed;
    const after = session.getSnapshot();
    if (after.status === 'expired' && after.reason === 'response') setNotice(messages.stillExpired);
  };
  return { session, notice, setNotice, resume };
}

/**
 * The re-login modal's username and password form on its own, for the app's own pages (a
 * signed-out page) or custom re-login content: it calls `onRelogin`, then resumes the session as
 * the modal does (parked requests replayed for the same person only). Render it inside
 * `SessionProvider`.
 */
export function ReloginForm({ onRelogin, messages: overrides, signOut = false, autoFocus = false, className }: ReloginFormProps) {
  const messages = { ...defaultReloginMessages, ...overrides };
  const { session, notice, setNotice, resume } = useRelogin(FORM_NAME, messages);
  return (
    <CredentialsForm
      messages={messages}
      onRelogin={onRelogin}
      resume={resume}
      signOut={signOut ? () => void session.signOut() : undefined}
      notice={notice}
      clearNotice={() => setNotice(null)}
      autoFocus={autoFocus}
      className={className}
    />
  );
}
