import { describe, expect, it } from 'vitest';

import { transition, type MachineState, type SessionEvent, type SessionStatus } from '../../src/core/machine.ts';

// The design's event-by-state table, one row per event, one column per status.
const active: MachineState = { status: 'active', reason: null };
const warning: MachineState = { status: 'warning', reason: null };
const expired: MachineState = { status: 'expired', reason: 'idle' };
const signedOut: MachineState = { status: 'signedOut', reason: 'user' };
const states: Record<SessionStatus, MachineState> = { active, warning, expired, signedOut };

type Row = Record<SessionStatus, MachineState | 'same'>;
const cells: Array<[string, SessionEvent, Row]> = [
  ['activity here, deadline ahead', { type: 'activity', due: 'nothing' }, { active: 'same', warning: 'same', expired: 'same', signedOut: 'same' }],
  [
    'activity here, after the warning time (the timer is late)',
    { type: 'activity', due: 'warning' },
    { active: 'same', warning: 'same', expired: 'same', signedOut: 'same' },
  ],
  [
    'activity here after sleeping past the idle deadline',
    { type: 'activity', due: 'idleExpiry' },
    { active: { status: 'expired', reason: 'idle' }, warning: 'same', expired: 'same', signedOut: 'same' },
  ],
  [
    'activity here after sleeping past the server expiry',
    { type: 'activity', due: 'serverExpiry' },
    { active: { status: 'expired', reason: 'server' }, warning: 'same', expired: 'same', signedOut: 'same' },
  ],
  [
    'activity shared by an active tab',
    { type: 'remoteActivity', due: 'nothing' },
    { active: 'same', warning: { status: 'active', reason: null }, expired: 'same', signedOut: 'same' },
  ],
  [
    'timer at the warning time',
    { type: 'check', due: 'warning' },
    { active: { status: 'warning', reason: null }, warning: 'same', expired: 'same', signedOut: 'same' },
  ],
  [
    'timer at the idle deadline',
    { type: 'check', due: 'idleExpiry' },
    { active: { status: 'expired', reason: 'idle' }, warning: { status: 'expired', reason: 'idle' }, expired: 'same', signedOut: 'same' },
  ],
  [
    'timer at the server expiry',
    { type: 'check', due: 'serverExpiry' },
    { active: { status: 'expired', reason: 'server' }, warning: { status: 'expired', reason: 'server' }, expired: 'same', signedOut: 'same' },
  ],
  [
    're-check after the server moved its expiry out',
    { type: 'check', due: 'nothing' },
    { active: 'same', warning: { status: 'active', reason: null }, expired: 'same', signedOut: 'same' },
  ],
  [
    'extend succeeded',
    { type: 'extended', due: 'nothing' },
    { active: 'same', warning: { status: 'active', reason: null }, expired: 'same', signedOut: 'same' },
  ],
  [
    'extend succeeded against a hard server limit',
    { type: 'extended', due: 'warning' },
    { active: { status: 'warning', reason: null }, warning: 'same', expired: 'same', signedOut: 'same' },
  ],
  [
    'expired response',
    { type: 'expiredResponse' },
    { active: { status: 'expired', reason: 'response' }, warning: { status: 'expired', reason: 'response' }, expired: 'same', signedOut: 'same' },
  ],
  [
    'another tab expired',
    { type: 'remoteExpired' },
    { active: { status: 'expired', reason: 'remote' }, warning: { status: 'expired', reason: 'remote' }, expired: 'same', signedOut: 'same' },
  ],
  [
    'another tab signed out',
    { type: 'remoteSignedOut' },
    {
      active: { status: 'signedOut', reason: 'remote' },
      warning: { status: 'signedOut', reason: 'remote' },
      expired: { status: 'signedOut', reason: 'remote' },
      signedOut: 'same',
    },
  ],
  [
    'sign out',
    { type: 'signOut' },
    {
      active: { status: 'signedOut', reason: 'user' },
      warning: { status: 'signedOut', reason: 'user' },
      expired: { status: 'signedOut', reason: 'user' },
      signedOut: 'same',
    },
  ],
  [
    'resume',
    { type: 'resume' },
    { active: 'same', warning: 'same', expired: { status: 'active', reason: null }, signedOut: { status: 'active', reason: null } },
  ],
];

describe('the transition function', () => {
  for (const [name, event, row] of cells) {
    for (const status of Object.keys(states) as SessionStatus[]) {
      const expected = row[status];
      it(`${name}, while ${status}: ${expected === 'same' ? 'stays' : `${expected.status} (${expected.reason})`}`, () => {
        const from = states[status];
        const next = transition(from, event);
        if (expected === 'same') expect(next).toBe(from);
        else expect(next).toEqual(expected);
      });
    }
  }

  it('never mutates the state it was given', () => {
    const from = Object.freeze({ ...active });
    expect(() => transition(from, { type: 'signOut' })).not.toThrow();
    expect(from).toEqual(active);
  });
});
