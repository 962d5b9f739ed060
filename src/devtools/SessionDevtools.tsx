'use client';
/**
 * `<SessionDevtools />`: a floating "Session devtools" button that opens a panel on what the
 * session decided and why. Put it inside the SessionProvider, in development builds.
 *
 * Closed, it costs one button: the recorder records from mount (so the timeline is there when the
 * panel opens), but nothing re-renders as it does; the panel's module is loaded the first time it
 * opens. It only reads the session (`inspect`, `getSnapshot`, `getDeadline`, `subscribe`): the
 * session behaves the same with or without it.
 */
import { lazy, Suspense, useCallback, useEffect, useId, useRef, useState } from 'react';

import type { AnySession } from '../core/index.ts';
import { useSessionInstance } from '../react/context.ts';
import { createRecorder, type Recorder } from './recorder.ts';
import { corner, toggleStyle } from './styles.ts';

const DevtoolsPanel = lazy(() => import('./DevtoolsPanel.tsx'));

export interface SessionDevtoolsProps {
  /** Open on mount. @default false */
  initialIsOpen?: boolean;
  /** Which bottom corner the button and panel sit in. @default 'bottom-right' */
  position?: 'bottom-right' | 'bottom-left';
}

const NAME = 'Session devtools';

/** Open on mount (`initialIsOpen`) leaves focus where the page put it; opened by the person, focus moves into the panel. */
type Openness = 'closed' | 'openOnMount' | 'opened';

export function SessionDevtools({ initialIsOpen = false, position = 'bottom-right' }: SessionDevtoolsProps) {
  const session = useSessionInstance('SessionDevtools');
  const [openness, setOpenness] = useState<Openness>(initialIsOpen ? 'openOnMount' : 'closed');
  const open = openness !== 'closed';
  const recorder = useRecorder(session);
  const toggle = useRef<HTMLButtonElement>(null);
  const panelId = useId();

  const close = useCallback(() => {
    setOpenness('closed');
    toggle.current?.focus();
  }, []);

  return (
    // A landmark of its own, so the button is not content outside every landmark (axe: region).
    <aside aria-label="Session developer tools">
      <button
        ref={toggle}
        type="button"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        style={{ ...toggleStyle, ...corner(position) }}
        onClick={() => setOpenness((was) => (was === 'closed' ? 'opened' : 'closed'))}
      >
        {NAME}
      </button>
      {open && recorder && (
        <Suspense fallback={null}>
          <DevtoolsPanel session={session} recorder={recorder} id={panelId} position={position} takeFocus={openness === 'opened'} onClose={close} />
        </Suspense>
      )}
    </aside>
  );
}

/**
 * A recorder for the session's lifetime in this component: made in an effect, since it subscribes
 * to the session (a render must not), and stopped on unmount. Under StrictMode the first one is
 * stopped and a second made; only the live one is handed out.
 */
function useRecorder(session: AnySession): Recorder | null {
  const [recorder, setRecorder] = useState<Recorder | null>(null);
  useEffect(() => {
    const next = createRecorder(session);
    // One render of this component after mount, not of the app: the panel needs the recorder.
    setRecorder(next);
    return () => {
      next.stop();
      setRecorder((current) => (current === next ? null : current));
    };
  }, [session]);
  return recorder;
}
