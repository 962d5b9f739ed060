// Type tests (Vitest typecheck mode, project `types`): what session.fetch accepts.
import { describe, expectTypeOf, it } from 'vitest';

import type { Session, SessionRequestInit } from '../../src/index.ts';

declare const session: Session;

describe('SessionRequestInit', () => {
  it('is a RequestInit with park and replay', () => {
    expectTypeOf<SessionRequestInit>().toExtend<RequestInit>();
    expectTypeOf<SessionRequestInit['park']>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<SessionRequestInit['replay']>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<Session['fetch']>().parameter(1).toEqualTypeOf<SessionRequestInit | undefined>();
    expectTypeOf<Session['fetch']>().returns.toEqualTypeOf<Promise<Response>>();
  });

  it('is what session.fetch takes', () => {
    void session.fetch('/api/login', { method: 'POST', park: false });
    void session.fetch(new URL('https://example.com/api/poll'), { replay: false, signal: AbortSignal.timeout(1000) });
    void session.fetch(new Request('/api/save'));
  });

  it('takes booleans only', () => {
    // @ts-expect-error park is true or false
    void session.fetch('/api/login', { park: 'never' });
    // @ts-expect-error replay is true or false
    void session.fetch('/api/poll', { replay: 0 });
    // @ts-expect-error no such option
    void session.fetch('/api/poll', { parked: false });
  });
});
