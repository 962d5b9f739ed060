// Type tests (Vitest typecheck mode, project `types`): a composed session has the methods of the
// features it was made with, and only theirs. Nothing here runs; `tsc` checks each line, and a
// `@ts-expect-error` fails when its line compiles after all.
import { describe, expectTypeOf, it } from 'vitest';

import { busy, composeSession, createSession, crossTab, essentials, inspect, parking, type KernelSession, type Session } from '../../src/core/index.ts';
import type { ComposedSessionProviderProps } from '../../src/index.ts';

describe('composeSession', () => {
  it('gives the kernel alone the kernel session, with no feature method', () => {
    const session = composeSession({}, []);
    expectTypeOf(session).toExtend<KernelSession>();
    expectTypeOf(session.extend).returns.toEqualTypeOf<Promise<'extended' | 'offline' | 'refused' | 'expired'>>();
    // @ts-expect-error no parking feature, no fetch
    void session.fetch('/api/notes');
    // @ts-expect-error no inspect feature
    session.inspect(() => {});
  });

  it("adds each feature's methods where the feature is", () => {
    const session = composeSession({}, [parking, busy]);
    expectTypeOf(session.fetch).toEqualTypeOf<Session['fetch']>();
    expectTypeOf(session.busy).toEqualTypeOf<Session['busy']>();
    // @ts-expect-error no watch feature
    session.watch(window);
  });

  it('makes the safe behaviours one word away, and the whole session the same as createSession', () => {
    const safe = composeSession({}, [...essentials, inspect]);
    expectTypeOf(safe.fetch).toEqualTypeOf<Session['fetch']>();
    expectTypeOf(safe.inspect).toEqualTypeOf<Session['inspect']>();
    expectTypeOf(composeSession({}, [crossTab])).toExtend<KernelSession>();
    expectTypeOf(createSession()).toEqualTypeOf<Session>();
  });
});

describe('ComposedSessionProvider props', () => {
  it('take a session of any composition, made by the app, and no options', () => {
    expectTypeOf({ session: composeSession({}, []) }).toExtend<ComposedSessionProviderProps>();
    expectTypeOf({ session: createSession() }).toExtend<ComposedSessionProviderProps>();
    // @ts-expect-error it makes no session: options are SessionProvider's
    const fromOptions: ComposedSessionProviderProps = { options: {} };
    void fromOptions;
  });
});
