'use client';
/**
 * Re-login over the untouched page (WCAG 2.2.5): the person signs in again and carries on where
 * they were; the requests the server refused are replayed.
 */
import * as Dialog from '@radix-ui/react-dialog';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';

import type { SessionReason } from '../core/index.ts';
import { useSessionInstance } from './context.ts';
import { useDialogLayer, useLayerEntry } from './dialog-layer.tsx';
import { formatDuration } from './format.ts';
import { useSession } from './useSession.ts';

export interface ReloginMessages {
  title: string;
  /** Why, when nobody used the page; `duration` is e.g. "15 minutes". */
  idleReason: (duration: string) => string;
  /** Why, when the server ended the session (a 440, its expiry time, another tab). */
  expiredReason: string;
  instructions: string;
  username: string;
  password: string;
  signIn: string;
  signingIn: string;
  signOut: string;
  /** Said politely once the person is back (WCAG 4.1.3). */
  signedIn: string;
  /** Shown when `onRelogin` fails without a message of its own. */
  failed: string;
}

export const defaultReloginMessages: ReloginMessages = {
  title: 'Your session has expired',
  idleReason: (duration) => `You were signed out after ${duration} without activity.`,
  expiredReason: 'Your session has expired.',
  instructions: 'Sign in again to continue where you left off. Nothing you entered is lost.',
  username: 'Username',
  password: 'Password',
  signIn: 'Sign in',
  signingIn: 'Signing in…',
  signOut: 'Sign out',
  signedIn: 'You are signed in again.',
  failed: 'Sign-in failed. Check your username and password and try again.',
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

export interface ReloginModalProps {
  /**
   * Signs the person in with the default form's credentials (use `session.fetch(..., { park: false })`
   * or plain fetch). May resolve with `{ user }`, handed to `resume`; otherwise the typed username
   * is, so parked requests are never replayed as someone else. A rejection shows its message.
   */
  onRelogin?: (credentials: Credentials) => Promise<void | { user?: string }> | void | { user?: string };
  /** The app's own sign-in instead of the form: an element, or a function of `{ resume, signOut, reason }`. */
  children?: ReactNode | ((api: ReloginApi) => ReactNode);
  messages?: Partial<ReloginMessages>;
  locale?: string;
  className?: string;
  overlayClassName?: string;
}

interface FormProps {
  messages: ReloginMessages;
  onRelogin: NonNullable<ReloginModalProps['onRelogin']>;
  api: ReloginApi;
}

function ReloginForm({ messages, onRelogin, api }: FormProps) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement>(null);

  useEffect(() => {
    first.current?.focus();
  }, []);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    const data = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const credentials = { username: String(data.get('username') ?? ''), password: String(data.get('password') ?? '') };
      const result = await onRelogin(credentials);
      // Who signed in guards the parked requests: the app's word for it, else the typed username.
      const user = result && typeof result === 'object' && result.user !== undefined ? result.user : credentials.username.trim();
      await api.resume(user ? { user } : {});
    } catch (failure) {
      setError(failure instanceof Error && failure.message ? failure.message : messages.failed);
      setBusy(false);
    }
  };

  return (
    <form data-rst="form" method="post" onSubmit={submit} aria-busy={busy || undefined}>
      <label data-rst="field">
        <span>{messages.username}</span>
        <input ref={first} name="username" type="text" autoComplete="username" autoCapitalize="none" spellCheck={false} required />
      </label>
      <label data-rst="field">
        <span>{messages.password}</span>
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      <div data-rst="error" role="alert">
        {error}
      </div>
      <div data-rst="actions">
        <button type="submit" data-rst="primary" aria-disabled={busy || undefined} aria-busy={busy || undefined}>
          {busy ? messages.signingIn : messages.signIn}
        </button>
        <button type="button" data-rst="secondary" onClick={() => void api.signOut()}>
          {messages.signOut}
        </button>
      </div>
    </form>
  );
}

/**
 * Opens while the status is `expired`; Escape and clicks outside do nothing: the person signs in
 * again or signs out. The default content is a username and password form; `children` hosts the
 * app's own sign-in instead.
 */
export function ReloginModal({ onRelogin, children, messages: overrides, locale, className, overlayClassName }: ReloginModalProps) {
  const session = useSessionInstance('ReloginModal');
  const layer = useDialogLayer('ReloginModal');
  const reason = useSession((snapshot) => snapshot.reason);
  const messages = { ...defaultReloginMessages, ...overrides };

  const api: ReloginApi = {
    reason,
    signOut: () => session.signOut(),
    async resume(options) {
      const replayed = session.resume(options);
      layer.announce(messages.signedIn);
      await replayed;
    },
  };

  const why = reason === 'idle' ? messages.idleReason(formatDuration(session.idleTimeout, locale)) : messages.expiredReason;
  const custom = typeof children === 'function' ? children(api) : children;

  useEffect(() => {
    if (!onRelogin && children === undefined) console.warn('[react-session-timeout] <ReloginModal> needs onRelogin (for its form) or children (your own sign-in).');
  }, [onRelogin, children]);

  useLayerEntry('ReloginModal', 'relogin', {
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
        {custom ?? (onRelogin && <ReloginForm messages={messages} onRelogin={onRelogin} api={api} />)}
      </div>
    ),
  });
  return null;
}
