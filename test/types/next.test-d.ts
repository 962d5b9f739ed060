// Type tests: connectNextRouter takes a session that parks (createSession's, or a composed one with
// parking) and nothing else; sessionExpired answers a Response, as a middleware or a route handler returns.
import { describe, expectTypeOf, it } from 'vitest';

import { composeSession, createSession, essentials, parking } from '../../src/core/index.ts';
import { connectNextRouter, sessionExpired, type NextRouterSession } from '../../src/next/index.ts';

describe('connectNextRouter', () => {
  it('takes a session that parks, and returns the disconnect', () => {
    expectTypeOf(connectNextRouter(createSession())).toEqualTypeOf<() => void>();
    connectNextRouter(composeSession({}, essentials));
    connectNextRouter(composeSession({}, [parking]));
    // @ts-expect-error a session without parking has nowhere to park Next's requests
    connectNextRouter(composeSession({}, []));
    // @ts-expect-error a session, not its options
    connectNextRouter({ idleTimeout: 60_000 });
    expectTypeOf<NextRouterSession['park']>().toEqualTypeOf<ReturnType<typeof createSession>['park']>();
  });
});

describe('sessionExpired', () => {
  it('is a Response, with an optional message', () => {
    expectTypeOf(sessionExpired()).toEqualTypeOf<Response>();
    expectTypeOf(sessionExpired).parameters.toEqualTypeOf<[message?: string]>();
  });
});
