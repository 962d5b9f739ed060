'use client';
/** The context that carries the provider's session to every hook and component below it. */
import { createContext, useContext } from 'react';

import { MESSAGE_PREFIX } from '../core/errors.ts';
import type { AnySession } from '../core/index.ts';

export const PROVIDER_NAME = 'SessionProvider';

export const SessionContext = createContext<AnySession | null>(null);

/** The session of the nearest `SessionProvider`; `hook` names the caller in the error. */
export function useSessionInstance(hook: string): AnySession {
  const session = useContext(SessionContext);
  if (session === null) {
    const howTo = process.env.NODE_ENV !== 'production' ? ` Wrap your app in <${PROVIDER_NAME} session={session}>.` : '';
    throw new Error(`${MESSAGE_PREFIX} ${hook} must be used inside <${PROVIDER_NAME}>.${howTo}`);
  }
  return session;
}
