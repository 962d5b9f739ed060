// Type tests (Vitest typecheck mode, project `types`): the React layer's public types. Nothing here
// runs; `tsc` checks each line, and a `@ts-expect-error` fails when its line compiles after all.
import { createElement, type ReactNode } from 'react';
import { describe, expectTypeOf, it } from 'vitest';

import {
  createSession,
  ReloginModal,
  useSession,
  type Credentials,
  type ReloginApi,
  type ReloginModalProps,
  type Session,
  type SessionProviderProps,
  type SessionReason,
  type SessionSnapshot,
  type SessionStatus,
  type SessionValue,
} from '../../src/index.ts';

declare const session: Session;

describe('useSession', () => {
  it('without a selector, gives the snapshot and the actions', () => {
    expectTypeOf(useSession()).toEqualTypeOf<SessionValue>();
    expectTypeOf(useSession()).toExtend<SessionSnapshot>();
    expectTypeOf(useSession().extend).toEqualTypeOf<Session['extend']>();
    expectTypeOf(useSession().fetch).toEqualTypeOf<Session['fetch']>();
    expectTypeOf(useSession().watch).toEqualTypeOf<Session['watch']>();
    expectTypeOf(useSession().configure).toEqualTypeOf<Session['configure']>();
  });

  it('with a selector, gives what the selector returns', () => {
    expectTypeOf(useSession((snapshot) => snapshot.status)).toEqualTypeOf<SessionStatus>();
    expectTypeOf(useSession((snapshot) => snapshot.reason)).toEqualTypeOf<SessionReason | null>();
    expectTypeOf(useSession((snapshot) => ({ status: snapshot.status, parked: snapshot.parked }))).toEqualTypeOf<{ status: SessionStatus; parked: number }>();
    useSession((snapshot) => {
      expectTypeOf(snapshot).toEqualTypeOf<SessionSnapshot>();
      return null;
    });
  });

  it('with an equality function, over the type the selector returns', () => {
    const summary = useSession(
      (snapshot) => ({ status: snapshot.status, parked: snapshot.parked }),
      (a, b) => {
        expectTypeOf(a).toEqualTypeOf<{ status: SessionStatus; parked: number }>();
        expectTypeOf(b).toEqualTypeOf<{ status: SessionStatus; parked: number }>();
        return a.status === b.status && a.parked === b.parked;
      },
    );
    expectTypeOf(summary).toEqualTypeOf<{ status: SessionStatus; parked: number }>();
    // A generic comparison, such as Zustand's `shallow`, fits any selection.
    const shallow = <T>(a: T, b: T): boolean => Object.is(a, b);
    expectTypeOf(useSession((snapshot) => [snapshot.status, snapshot.parked] as const, shallow)).toEqualTypeOf<readonly [SessionStatus, number]>();
  });

  it('rejects an equality function over another type, or one that returns nothing', () => {
    useSession(
      // @ts-expect-error the equality function compares strings, the selection is a number
      (snapshot) => snapshot.parked,
      (a: string, b: string) => a === b,
    );
    useSession(
      (snapshot) => snapshot.parked,
      // @ts-expect-error an equality function must say true or false
      (_a: number, _b: number) => undefined,
    );
  });

  it('takes no equality function without a selector', () => {
    // @ts-expect-error there is nothing to compare without a selector
    useSession(undefined, (a: SessionSnapshot, b: SessionSnapshot) => a === b);
    // @ts-expect-error the selector reads a snapshot, not a session value
    useSession((value: SessionValue) => value.extend);
  });
});

describe('SessionProvider props', () => {
  it('take a session or options, and onSignedOut', () => {
    expectTypeOf({ session }).toExtend<SessionProviderProps>();
    expectTypeOf({ options: { idleTimeout: 60_000 } }).toExtend<SessionProviderProps>();
    expectTypeOf({ session, onSignedOut: (reason: SessionReason) => void reason }).toExtend<SessionProviderProps>();
    expectTypeOf<SessionProviderProps['onSignedOut']>().toEqualTypeOf<((reason: SessionReason) => void) | undefined>();
    expectTypeOf(createSession).returns.toEqualTypeOf<Session>();
  });

  it('take exactly one of session and options', () => {
    // @ts-expect-error both a session and options
    const both: SessionProviderProps = { session, options: {} };
    // @ts-expect-error neither
    const neither: SessionProviderProps = {};
    // @ts-expect-error options are not a session
    const optionsAsSession: SessionProviderProps = { session: { idleTimeout: 1000 } };
    void [both, neither, optionsAsSession];
  });

  it('take an onSignedOut that reads the reason as a SessionReason', () => {
    // @ts-expect-error the reason is a SessionReason, not a number
    const wrong: SessionProviderProps = { session, onSignedOut: (reason: number) => void reason };
    void wrong;
  });
});

describe("ReloginModalProps['onRelogin']", () => {
  type OnRelogin = NonNullable<ReloginModalProps['onRelogin']>;

  it('gets the credentials', () => {
    expectTypeOf<OnRelogin>().parameter(0).toEqualTypeOf<Credentials>();
  });

  it('may resolve with nothing, a Response or { user }', () => {
    expectTypeOf<(credentials: Credentials) => Promise<Response>>().toExtend<OnRelogin>();
    expectTypeOf<(credentials: Credentials) => Promise<{ user: string }>>().toExtend<OnRelogin>();
    expectTypeOf<(credentials: Credentials) => Promise<void>>().toExtend<OnRelogin>();
    expectTypeOf<() => void>().toExtend<OnRelogin>();
    // As people write it: the sign-in request's own promise.
    const viaFetch: OnRelogin = ({ username, password }) => fetch('/api/login', { method: 'POST', body: JSON.stringify({ username, password }) });
    const named: OnRelogin = async ({ username }) => ({ user: username.toLowerCase() });
    void [viaFetch, named];
  });

  it('may not resolve with anything else', () => {
    // @ts-expect-error a user is a string
    const numericUser: OnRelogin = async () => ({ user: 42 });
    // @ts-expect-error a boolean says nothing about who signed in
    const flag: OnRelogin = async () => true;
    void [numericUser, flag];
  });
});

describe('ReloginModal props: onRelogin, children or both', () => {
  const onRelogin = async ({ username }: Credentials) => ({ user: username });
  const singleSignOn = ({ resume }: ReloginApi) => createElement('button', { onClick: () => void resume() }, 'Continue with SSO');

  it('take onRelogin (the default form), children (your own sign-in), or both', () => {
    expectTypeOf({ onRelogin }).toExtend<ReloginModalProps>();
    expectTypeOf({ children: singleSignOn }).toExtend<ReloginModalProps>();
    expectTypeOf({ children: createElement('p', null, 'Signing you in…') }).toExtend<ReloginModalProps>();
    expectTypeOf({ onRelogin, children: ({ reason }: ReloginApi) => (reason === 'remote' ? 'Signed out in another tab' : null) }).toExtend<ReloginModalProps>();
    // As JSX writes them (createElement is what <ReloginModal onRelogin={...} /> compiles to).
    createElement(ReloginModal, { onRelogin, hidePage: 'always', locale: 'de', messages: { title: 'Sitzung abgelaufen' } });
    createElement(ReloginModal, { className: 'relogin', children: singleSignOn });
  });

  it('keep every other prop with either', () => {
    expectTypeOf<ReloginModalProps['hidePage']>().toEqualTypeOf<'idle' | 'always' | 'never' | undefined>();
    expectTypeOf<ReloginModalProps['locale']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<ReloginModalProps['className']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<ReloginModalProps['overlayClassName']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<ReloginModalProps['children']>().toEqualTypeOf<ReactNode | ((api: ReloginApi) => ReactNode)>();
  });

  it('refuse neither: the modal would open with nothing to sign in with', () => {
    expectTypeOf({}).not.toExtend<ReloginModalProps>();
    expectTypeOf({ hidePage: 'always' as const, locale: 'en' }).not.toExtend<ReloginModalProps>();
    // @ts-expect-error neither onRelogin nor children
    const neither: ReloginModalProps = { hidePage: 'always' };
    // @ts-expect-error the same, as <ReloginModal locale="de" /> writes it
    createElement(ReloginModal, { locale: 'de' });
    void neither;
  });

  it('refuse, without onRelogin, children that may render nothing', () => {
    const signedInElsewhere = false as boolean;
    // @ts-expect-error `{flag && <SSO />}` renders nothing while the flag is false, and there is no form to fall back to
    const conditional: ReloginModalProps = { children: signedInElsewhere && createElement('button', null, 'SSO') };
    // @ts-expect-error null children and no onRelogin
    const empty: ReloginModalProps = { children: null };
    // With onRelogin, the form is there whenever the children render nothing.
    const withForm: ReloginModalProps = { onRelogin, children: signedInElsewhere && createElement('button', null, 'SSO') };
    void [conditional, empty, withForm];
  });
});
