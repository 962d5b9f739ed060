// Type tests: session.onSignIn on every session, and connectQueryClient with TanStack Query v5's
// own QueryClient (from @tanstack/react-query, which re-exports query-core's).
import { QueryClient } from '@tanstack/react-query';
import { describe, expectTypeOf, it } from 'vitest';

import { composeSession, createSession, essentials, type SignIn } from '../../src/core/index.ts';
import { connectQueryClient } from '../../src/tanstack-query/index.ts';

describe('session.onSignIn', () => {
  it('tells how the session began again and whether the person changed, on every session', () => {
    expectTypeOf<SignIn>().toEqualTypeOf<{ via: 'resume' | 'refresh' | 'otherTab'; userChanged: boolean | null }>();
    expectTypeOf(createSession().onSignIn).parameter(0).toEqualTypeOf<(signIn: SignIn) => void>();
    expectTypeOf(composeSession({}, []).onSignIn).returns.toEqualTypeOf<() => void>();
  });
});

describe('connectQueryClient', () => {
  it('takes any session and a QueryClient, and returns the disconnect', () => {
    const queryClient = new QueryClient();
    expectTypeOf(connectQueryClient(createSession(), queryClient)).toEqualTypeOf<() => void>();
    connectQueryClient(composeSession({}, essentials), queryClient);
    connectQueryClient(composeSession({}, []), queryClient);
    // @ts-expect-error a QueryClient, not its options
    connectQueryClient(createSession(), { defaultOptions: {} });
    // @ts-expect-error a session, not its options
    connectQueryClient({ idleTimeout: 60_000 }, queryClient);
  });
});
