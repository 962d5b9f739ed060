'use client';
/**
 * Re-login over the untouched page (WCAG 2.2.5): the person signs in again and carries on where
 * they were; the requests the server refused are replayed.
 */
import * as Dialog from '@radix-ui/react-dialog';
import { useEffect, type ReactNode } from 'react';

import { warnOnce } from '../core/errors.ts';
import type { SessionReason } from '../core/index.ts';
import { useLayerEntry } from './dialog-layer.tsx';
import { formatDuration } from './format.ts';
import { CredentialsForm, useRelogin, type Credentials, type ReloginResult } from './ReloginForm.tsx';
import { defaultReloginMessages, type ReloginMessages } from './relogin-messages.ts';
import { useSession } from './useSession.ts';

const MODAL_NAME = 'ReloginModal';

/** What custom re-login content (SSO, OTP) gets. */
export interface ReloginApi {
  /** Call after the person signed in: closes the modal and replays the parked requests. */
  resume(options?: { user?: string }): Promise<void>;
  signOut(): Promise<void>;
  reason: SessionReason | null;
}

/** Signs the person in with the default form's credentials; see `onRelogin` on `ReloginModalProps`. */
type OnRelogin = (credentials: Credentials) => ReloginResult | Promise<ReloginResult>;

/** Content that shows something: `null`, `undefined`, `true` and `false` render nothing. */
type SomethingToShow = Exclude<ReactNode, boolean | null | undefined>;

/** What both ways of signing in take: the words, the look, and whether the page behind is hidden. */
interface ReloginModalCommonProps {
  /** Any text, in your words or language (`defaultReloginMessages` has them all). */
  messages?: Partial<ReloginMessages>;
  /** BCP 47 locale for the idle time in the reason ("5 minutes"); also the dialog's `lang`. */
  locale?: string;
  /** A class for the dialog card (`data-rst="dialog"`). */
  className?: string;
  /** A class for the overlay behind the card (`data-rst="overlay"`). */
  overlayClassName?: string;
  /**
   * Whether the page behind the re-login is hidden (not readable, still mounted: it comes back as
   * it was after the sign-in), for shared computers and auto-logoff rules (HIPAA
   * 164.312(a)(2)(iii), PCI DSS 8.2.8).
   *
   * - `'idle'` (default): after an idle expiry (`reason: 'idle'`), when the person walked away; a
   *   440 or another tab's sign-out while they work keeps the page in view.
   * - `'always'`: for every expiry.
   * - `'never'`: never.
   */
  hidePage?: 'idle' | 'always' | 'never';
}

/** The default username and password form, which signs in with `onRelogin`. */
interface ReloginWithForm extends ReloginModalCommonProps {
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
  onRelogin: OnRelogin;
  /**
   * The app's own sign-in, shown instead of the form whenever it renders something: an element,
   * or a function of `{ resume, signOut, reason }` (returning `null` or `false` for some reasons shows the form for them).
   */
  children?: ReactNode | ((api: ReloginApi) => ReactNode);
}

/** The app's own sign-in (an SSO popup, a one-time code) instead of the form. */
interface ReloginWithOwnSignIn extends ReloginModalCommonProps {
  /** The default form's sign-in, for the times `children` renders nothing (see the form's `onRelogin`). */
  onRelogin?: OnRelogin;
  /**
   * The app's own sign-in instead of the form: an element, or a function of `{ resume, signOut,
   * reason }`. Call `resume` once the person is signed in: the modal closes and the parked
   * requests are replayed.
   */
  children: SomethingToShow | ((api: ReloginApi) => ReactNode);
}

/**
 * `onRelogin` (the default form), `children` (the app's own sign-in), or both: without either
 * the modal would open with nothing to sign in with.
 */
export type ReloginModalProps = ReloginWithForm | ReloginWithOwnSignIn;

/**
 * Opens while the status is `expired`; Escape and clicks outside do nothing: the person signs in
 * again or signs out. The default content is a username and password form that signs in with
 * `onRelogin`; `children` hosts the app's own sign-in instead, and the form stands in wherever
 * they render nothing. It takes one or the other, or both.
 */
export function ReloginModal({ onRelogin, children, messages: overrides, locale, className, overlayClassName, hidePage = 'idle' }: ReloginModalProps) {
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
  // Where it renders nothing (null, undefined, a boolean: a render prop may return null or false
  // for some reasons), the form stands in.
  const custom = typeof children === 'function' ? children(api) : children;

  // The types ask for onRelogin or children; JavaScript may give neither. No dependencies:
  // warnOnce says it once per session, however often this runs (StrictMode runs effects twice).
  useEffect(() => {
    if (process.env.NODE_ENV !== 'production' && !onRelogin && (children === undefined || children === null || typeof children === 'boolean'))
      warnOnce(
        session,
        MODAL_NAME,
        `<${MODAL_NAME}> needs onRelogin (for its form) or children (your own sign-in): without either, it opens with nothing to sign in with.`,
      );
  });

  useLayerEntry(MODAL_NAME, 'relogin', {
    role: 'dialog',
    lang: locale,
    className,
    overlayClassName,
    hidePage: hidePage === 'always' || (hidePage === 'idle' && reason === 'idle'),
    content: (
      <div data-rst="body" data-reason={reason ?? undefined}>
        <Dialog.Title data-rst="title">{messages.title}</Dialog.Title>
        <Dialog.Description data-rst="description">
          {why} {messages.instructions}
        </Dialog.Description>
        {custom !== undefined && custom !== null && typeof custom !== 'boolean' ? (
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
