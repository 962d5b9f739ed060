'use client';
/**
 * The panel's title bar: the resize handle, the heading "Session devtools" (focused when the
 * panel opens, so Escape and Tab start inside it), and where the session stands at a glance,
 * in words: "Active, 9:05 left", "Expired (expired response), 2 parked".
 */
import type { Ref } from 'react';

import type { SessionReason, SessionSnapshot, SessionStatus } from '../core/index.ts';
import { useRemainingTime } from '../react/useSession.ts';
import { timeLeft } from './describe-event.ts';
import type { HeightRange } from './panel-height.ts';
import { ResizeHandle } from './ResizeHandle.tsx';
import { statusDotStyle, summaryStyle, titleBarStyle, titleStyle } from './styles.ts';
import type { Tone } from './timeline-model.ts';

const statusWords: Record<SessionStatus, [word: string, tone: Tone]> = {
  active: ['Active', 'ok'],
  warning: ['Warning', 'waiting'],
  expired: ['Expired', 'alarm'],
  signedOut: ['Signed out', 'neutral'],
};

const reasonWords: Record<SessionReason, string> = {
  idle: 'idle',
  server: 'server expiry',
  response: 'expired response',
  remote: 'another tab',
  user: 'signed out',
};

export interface TitleBarProps {
  snapshot: SessionSnapshot;
  headingRef: Ref<HTMLHeadingElement>;
  height: number;
  range: HeightRange;
  onResize(height: number): void;
}

export function TitleBar({ snapshot, headingRef, ...resize }: TitleBarProps) {
  const [word, tone] = statusWords[snapshot.status];
  const running = snapshot.status === 'active' || snapshot.status === 'warning';
  return (
    <header style={titleBarStyle}>
      <ResizeHandle {...resize} />
      <h2 ref={headingRef} tabIndex={-1} style={titleStyle}>
        Session devtools
      </h2>
      <p style={summaryStyle} data-testid="session-devtools-summary">
        <span aria-hidden="true" style={statusDotStyle(tone)} />
        <span>
          <strong>{word}</strong>
          {snapshot.reason && !(snapshot.status === 'signedOut' && snapshot.reason === 'user') && ` (${reasonWords[snapshot.reason]})`}
          {running && <TimeLeft />}
          {snapshot.parked > 0 && `, ${snapshot.parked} parked`}
        </span>
      </p>
    </header>
  );
}

/** Its own component: the only part of the title bar that renders every second. */
function TimeLeft() {
  const left = useRemainingTime(1000);
  return Number.isFinite(left) ? <>, {timeLeft(left)} left</> : <>, no end</>;
}
