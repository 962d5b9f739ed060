'use client';
import { useEffect, useState, type ReactNode } from 'react';

import { createSession, type Session, type SessionOptions } from '../core/index.ts';
import { SessionContext } from './context.ts';
import { DialogLayer } from './dialog-layer.tsx';

export type SessionProviderProps =
  | { session: Session; options?: never; children?: ReactNode }
  | { options: SessionOptions; session?: never; children?: ReactNode };

/**
 * Gives the app its session: started on mount, stopped on unmount. Pass a `session` made with
 * `createSession` (recommended: code outside React can use `session.fetch`), or `options`, read
 * once, to have the provider make one.
 */
export function SessionProvider(props: SessionProviderProps) {
  const [owned] = useState(() => (props.session ? null : createSession(props.options)));
  const session = props.session ?? owned!;

  useEffect(() => {
    session.start();
    return () => session.stop();
  }, [session]);

  return (
    <SessionContext.Provider value={session}>
      <DialogLayer>{props.children}</DialogLayer>
    </SessionContext.Provider>
  );
}
