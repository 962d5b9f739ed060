'use client';
/**
 * Re-login over the untouched page (WCAG 2.2.5): the person signs in again and carries on where
 * they were; the requests the server refused are replayed.
 */
import * as Dialog from '@radix-ui/react-dialog';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';

import { warnInDevelopment } from '../core/errors.ts';
import type { SessionReason } from '../core/index.ts';
import { useSessionInstance } from './context.ts';
import { useDialogLayer, useLayerEntry } from './dialog-layer.tsx';
import { formatDuration } from './format.ts';
import { controlStyle } from './SessionTimeoutDialog.tsx';
import { useSession } from './useSession.ts';

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

const MODAL_NAME = 'ReloginModal';
const FORM_NAME = 'ReloginForm';

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

export interface Credentials {
  username: string;
  password: string;
}

/** What custom re-login content (SSO, OTP) gets. */
export interface ReloginApi {
  /** Call after the person signed in: closes the modal and replays the parked requests. */
  resume(options?: { user?: string }): Promise<void>;
  signOut(): Promise<void>;
  reason: SessionReason | null;
}

/**
 * What `onRelogin` may resolve with once the person is signed in: nothing, `{ user }` (who signed
 * in, handed to `resume`), or the sign-in request's `Response`, where a non-OK one (`!response.ok`)
 * counts as a failed sign-in.
 */
export type ReloginResult = void | undefined | { user?: string } | Response;

export interface ReloginModalProps {
  /**
   * Signs the person in with the default form's credentials (use plain `fetch`, or `session.fetch`
   * with `{ park: false }`). The contract: **resolve only when the person is signed in, reject
   * (with a message to show) when not.**
   *
   * - Resolves with nothing or an OK `Response`: signed in as the typed username.
   * - Resolves with `{ user }`: signed in as `user`. Either way parked requests are never replayed
   *   as someone else.
   * - Resolves with a non-OK `Response` (a 401): a failed sign-in, shown with `messages.failed`.
   * - Rejects: a failed sign-in, shown with the error's message (or `messages.failed`).
   *
   * So `onRelogin={({ username, password }) => fetch('/api/login', { method: 'POST', body: ... })}`
   * works as it is. A failed sign-in keeps the modal open and every request parked.
   */
  onRelogin?: (credentials: Credentials) => ReloginResult | Promise<ReloginResult>;
  /** The app's own sign-in instead of the form: an element, or a function of `{ resume, signOut, reason }`. */
  children?: ReactNode | ((api: ReloginApi) => ReactNode);
  messages?: Partial<ReloginMessages>;
  locale?: string;
  className?: string;
  overlayClassName?: string;
}

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
  resume: ReloginApi['resume'];
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

function CredentialsForm({ messages, onRelogin, resume, signOut, notice, clearNotice, autoFocus, className }: CredentialsFormProps) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement>(null);

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
        <button type="submit" data-rst="primary" style={controlStyle} aria-disabled={busy || undefined} aria-busy={busy || undefined}>
          {busy ? messages.signingIn : messages.signIn}
        </button>
        {signOut && (
          <button type="button" data-rst="secondary" style={controlStyle} onClick={signOut}>
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
function useRelogin(component: string, messages: ReloginMessages) {
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

/**
 * Opens while the status is `expired`; Escape and clicks outside do nothing: the person signs in
 * again or signs out. The default content is a username and password form; `children` hosts the
 * app's own sign-in instead.
 */
export function ReloginModal({ onRelogin, children, messages: overrides, locale, className, overlayClassName }: ReloginModalProps) {
  const messages = { ...defaultReloginMessages, ...overrides };
  // The notice is kept here, not in the form: the form unmounts while the session is active
  // again, and the message is for the expiry that follows.
  const { session, notice, setNotice, resume } = useRelogin(MODAL_NAME, messages);
  const reason = useSession((snapshot) => snapshot.reason);
  const status = useSession((snapshot) => snapshot.status);

  const api: ReloginApi = { reason, signOut: () => session.signOut(), resume };

  // The message belongs to that one expiry: gone once the session runs again (signed in in
  // another tab) or is signed out. The store, not the render, decides: a render of the brief
  // `active` between the sign-in and the replay's 440 must not clear it.
  useEffect(() => {
    if (status !== 'expired' && session.getSnapshot().status !== 'expired') setNotice(null);
  }, [status, session, setNotice]);

  const why =
    reason === 'idle'
      ? messages.idleReason(formatDuration(session.idleTimeout, locale))
      : reason === 'response'
        ? messages.responseReason
        : reason === 'server'
          ? messages.serverReason
          : reason === 'remote'
            ? messages.remoteReason
            : messages.expiredReason;
  const custom = typeof children === 'function' ? children(api) : children;

  useEffect(() => {
    if (!onRelogin && children === undefined) warnInDevelopment(`<${MODAL_NAME}> needs onRelogin (for its form) or children (your own sign-in).`);
  }, [onRelogin, children]);

  useLayerEntry(MODAL_NAME, 'relogin', {
    role: 'dialog',
    lang: locale,
    className,
    overlayClassName,
    content: (
      <div data-rst="body" data-reason={reason ?? undefined}>
        <Dialog.Title data-rst="title">{messages.title}</Dialog.Title>
        <Dialog.Description data-rst="description">
          {why} {messages.instructions}
        </Dialog.Description>
        {custom !== undefined && custom !== null ? (
          <>
            {notice !== null && (
              <div data-rst="error" role="alert">
                {notice}
              </div>
            )}
            {custom}
          </>
        ) : (
          onRelogin && (
            <CredentialsForm
              messages={messages}
              onRelogin={onRelogin}
              resume={resume}
              signOut={() => void api.signOut()}
              notice={notice}
              clearNotice={() => setNotice(null)}
              autoFocus
            />
          )
        )}
      </div>
    ),
  });
  return null;
}
