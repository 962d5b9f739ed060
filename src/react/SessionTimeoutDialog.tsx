'use client';
/**
 * The countdown warning: "Stay signed in" or "Sign out" before the session ends (WCAG 2.2.1).
 */
import * as Dialog from '@radix-ui/react-dialog';
import { useEffect, useRef, useState, type ReactNode } from 'react';

import type { ExtendResult } from '../core/index.ts';
import { useSessionInstance } from './context.ts';
import { useLayerEntry, visuallyHidden } from './dialog-layer.tsx';
import { announcedTime, formatCountdown } from './format.ts';
import { useRemainingTime, useSession } from './useSession.ts';

export interface TimeoutDialogMessages {
  title: string;
  description: string;
  stay: string;
  staying: string;
  signOut: string;
  /** Shown when "Stay signed in" got no answer (offline, a 5xx, no answer in time). */
  offline: string;
  /** Shown when the server answered "Stay signed in" but would not extend (a 401, 403 or 404). */
  refused: string;
  /** Read by screen readers on a coarse cadence; `time` is e.g. "40 seconds". */
  announcement: (time: string) => string;
  hardLimitTitle: string;
  hardLimitDescription: string;
  acknowledge: string;
}

export const defaultTimeoutDialogMessages: TimeoutDialogMessages = {
  title: 'Your session is about to expire',
  description: 'For your security, we will sign you out when the time runs out. Do you want to stay signed in?',
  stay: 'Stay signed in',
  staying: 'Staying signed in…',
  signOut: 'Sign out',
  offline: "We couldn't reach the server. Try again.",
  refused: 'The server would not extend your session.',
  announcement: (time) => `For your security, we will sign you out in ${time}.`,
  hardLimitTitle: 'Your session is ending',
  hardLimitDescription: 'This session has reached the longest time the server allows and cannot be extended. Save your work now.',
  acknowledge: 'I will save my work',
};

export interface SessionTimeoutDialogProps {
  /** Any text, in your words or language. */
  messages?: Partial<TimeoutDialogMessages>;
  /** BCP 47 locale for the times ("2 minutes", "2 Minuten"). */
  locale?: string;
  /** Seconds between announcements in the last minute (whole minutes above it). @default 20 */
  announceEvery?: number;
  className?: string;
  overlayClassName?: string;
  /** Called after the person chose to stay, with the result of `extend()`. */
  onStay?: (result: ExtendResult) => void;
  onSignOut?: () => void;
  /**
   * A custom body instead of the default one; build it from `SessionDialogTitle`,
   * `SessionDialogDescription`, `SessionCountdown`, `SessionAnnouncer` and `useSession()`.
   */
  children?: ReactNode;
}

/** The time left, visible and `aria-hidden`: the announcer speaks for it. A part for custom bodies. */
export function SessionCountdown({ locale }: { locale?: string }) {
  const remaining = useRemainingTime(1000);
  return (
    <p data-rst="countdown" aria-hidden="true">
      {formatCountdown(remaining, locale)}
    </p>
  );
}

/**
 * Every button of both dialogs is at least 24 px high (WCAG 2.5.8) as it ships, theme or not: set
 * through the `style` prop (CSSOM, so a strict CSP allows it), from `--rst-control-min-height`,
 * which the theme sets to 44 px. An inline style beats any stylesheet, so restyle the height
 * through that property rather than a `min-height` of your own.
 */
export const controlStyle = { minHeight: 'var(--rst-control-min-height, 24px)' } as const;

const DIALOG_NAME = 'SessionTimeoutDialog';
const ANNOUNCER_NAME = 'SessionAnnouncer';

/** Announcement delay: text present when a live region is inserted is rarely announced. */
const ANNOUNCE_AFTER = 1000;

/**
 * A visually hidden live region inside the dialog (Radix hides everything outside it): mounted
 * empty, filled a moment later, then rewritten only when its coarse time changes. A part for custom bodies.
 */
export function SessionAnnouncer({
  locale,
  every = 20,
  say = defaultTimeoutDialogMessages.announcement,
}: {
  locale?: string;
  every?: number;
  say?: (time: string) => string;
}) {
  const session = useSessionInstance(ANNOUNCER_NAME);
  const remaining = useRemainingTime(1000);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    const handle = session.clock.setTimeout(() => setReady(true), ANNOUNCE_AFTER);
    return () => session.clock.clearTimeout(handle);
  }, [session]);
  return (
    <div data-rst="live" role="status" aria-live="polite" aria-atomic="true" style={visuallyHidden}>
      {ready ? say(announcedTime(remaining, every, locale)) : ''}
    </div>
  );
}

/** The dialog's accessible name and description, for custom bodies (Radix's Title and Description). */
export const SessionDialogTitle = Dialog.Title;
export const SessionDialogDescription = Dialog.Description;

interface WarningBodyProps {
  messages: TimeoutDialogMessages;
  locale: string | undefined;
  announceEvery: number;
  /** Why the last "Stay signed in" did not extend, if it did not. */
  problem: 'offline' | 'refused' | null;
  onStay: () => void;
  onSignOut: () => void;
  onAcknowledge: () => void;
}

function WarningBody({ messages, locale, announceEvery, problem, onStay, onSignOut, onAcknowledge }: WarningBodyProps) {
  const extending = useSession((snapshot) => snapshot.extending);
  const hardLimit = useSession((snapshot) => snapshot.hardLimit);
  const first = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    first.current?.focus();
  }, [hardLimit]);

  return (
    <div data-rst="body" data-hard-limit={hardLimit || undefined}>
      <Dialog.Title data-rst="title">{hardLimit ? messages.hardLimitTitle : messages.title}</Dialog.Title>
      <Dialog.Description data-rst="description">{hardLimit ? messages.hardLimitDescription : messages.description}</Dialog.Description>
      <SessionCountdown locale={locale} />
      <SessionAnnouncer locale={locale} every={announceEvery} say={messages.announcement} />
      {problem && (
        <p data-rst="error" role="alert">
          {problem === 'refused' ? messages.refused : messages.offline}
        </p>
      )}
      <div data-rst="actions">
        {hardLimit ? (
          <button ref={first} type="button" data-rst="primary" style={controlStyle} onClick={onAcknowledge}>
            {messages.acknowledge}
          </button>
        ) : (
          <button
            ref={first}
            type="button"
            data-rst="primary"
            style={controlStyle}
            aria-disabled={extending || undefined}
            aria-busy={extending || undefined}
            onClick={onStay}
          >
            {extending ? messages.staying : messages.stay}
          </button>
        )}
        <button type="button" data-rst="secondary" style={controlStyle} onClick={onSignOut}>
          {messages.signOut}
        </button>
      </div>
    </div>
  );
}

/**
 * Opens while the status is `warning` and closes on any other. Focus goes to "Stay signed in";
 * Escape counts as "Stay signed in"; a click outside does nothing. When the server's hard limit
 * makes staying impossible, it says so and asks the person to save their work.
 */
export function SessionTimeoutDialog({
  messages: overrides,
  locale,
  announceEvery = 20,
  className,
  overlayClassName,
  onStay,
  onSignOut,
  children,
}: SessionTimeoutDialogProps) {
  const session = useSessionInstance(DIALOG_NAME);
  const status = useSession((snapshot) => snapshot.status);
  const hardLimit = useSession((snapshot) => snapshot.hardLimit);
  const expiresAt = useSession((snapshot) => snapshot.expiresAt);
  const messages = { ...defaultTimeoutDialogMessages, ...overrides };
  // What the last "Stay signed in" met, for the warning it was pressed in (its deadline): a later
  // warning starts without it. Derived in render, so no effect has to clear it.
  const [lastTry, setLastTry] = useState<{ problem: 'offline' | 'refused'; deadline: number | null } | null>(null);
  const problem = lastTry !== null && status === 'warning' && lastTry.deadline === expiresAt ? lastTry.problem : null;
  // A hard limit acknowledged for this deadline hides the dialog until the session ends.
  const [acknowledged, setAcknowledged] = useState<number | null>(null);

  const stay = async () => {
    if (hardLimit || session.getSnapshot().extending) return;
    setLastTry(null);
    const result = await session.extend(); // shared while in flight: one ping however often it is pressed
    const after = session.getSnapshot();
    setLastTry(result === 'offline' || result === 'refused' ? { problem: result, deadline: after.expiresAt } : null);
    onStay?.(result);
  };
  const signOut = () => {
    void session.signOut();
    onSignOut?.();
  };

  useLayerEntry(DIALOG_NAME, 'warning', {
    role: 'alertdialog',
    lang: locale,
    onEscape: () => void stay(),
    open: !(hardLimit && acknowledged === expiresAt),
    className,
    overlayClassName,
    content: children ?? (
      <WarningBody
        messages={messages}
        locale={locale}
        announceEvery={announceEvery}
        problem={problem}
        onStay={() => void stay()}
        onSignOut={signOut}
        onAcknowledge={() => setAcknowledged(expiresAt)}
      />
    ),
  });
  return null;
}
