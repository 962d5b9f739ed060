'use client';
/** The notice of the idle limit, for the start of a task (WCAG 2.2.6). */
import type { SessionSnapshot } from '../core/index.ts';
import { useSessionInstance } from './context.ts';
import { formatDuration } from './format.ts';
import { useSession } from './useSession.ts';

const NOTICE_NAME = 'SessionTimeoutNotice';

export interface SessionTimeoutNoticeProps {
  /** The sentence; `duration` is e.g. "15 minutes". */
  message?: (duration: string) => string;
  locale?: string;
  className?: string;
}

const selectIdleTimeout = (snapshot: SessionSnapshot) => snapshot.idleTimeout;

/**
 * One sentence for the start of a task, so people know the limit before they begin (WCAG 2.2.6):
 * "If you do nothing for 15 minutes, we will sign you out."
 */
export function SessionTimeoutNotice({
  message = (duration) => `If you do nothing for ${duration}, we will sign you out.`,
  locale,
  className,
}: SessionTimeoutNoticeProps) {
  useSessionInstance(NOTICE_NAME); // names this component when it is used outside a provider
  const idleTimeout = useSession(selectIdleTimeout); // `session.configure` changes it
  if (!Number.isFinite(idleTimeout)) return null;
  return (
    <p data-rst="notice" className={className}>
      {message(formatDuration(idleTimeout, locale))}
    </p>
  );
}
