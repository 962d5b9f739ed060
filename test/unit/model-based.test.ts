/**
 * Model-based tests: random command sequences against the real core (createSession), two or three
 * tabs on one memory channel and one test clock, and a fake server with cookies and latency.
 * See test/support/model/ for the model and the invariants.
 *
 *   npx vitest run --project unit test/unit/model-based.test.ts   40 sequences, always the same seed
 *   npm run test:model                       5000 sequences (about 7 minutes), a new seed each time
 *   MODEL_RUNS=500 npm run test:model        as many as you like
 *   MODEL_RUNS=500 MODEL_SEED=123 npx vitest run --project unit test/unit/model-based.test.ts
 *
 * fast-check prints the seed, the path and the shrunk counterexample of a failure; each invariant
 * message ends with the steps of the failing sequence and the simulated times.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';

import { createModelClock, flush } from '../support/model/clock.ts';
import { commands, setup } from '../support/model/commands.ts';
import { createFakeServer } from '../support/model/server.ts';
import { emptyStats, runSequence } from '../support/model/world.ts';

const RUNS = Number(process.env.MODEL_RUNS ?? 40);
// `npm test` runs the same 40 sequences every time, so CI is reproducible; a long run
// (`npm run test:model`, or any MODEL_RUNS) draws a new seed each time to hunt for the next bug.
// The seed is drawn here rather than by fast-check so that a run that passes names it too: three
// clean runs can be told apart, and any of them replayed.
const SEED = process.env.MODEL_SEED ? Number(process.env.MODEL_SEED) : process.env.MODEL_RUNS ? (Math.random() * 2 ** 32) | 0 : 20261126;

describe('model: tabs, cookies, a slow server', () => {
  const stats = emptyStats();
  afterAll(() => {
    console.log(`model figures (seed ${SEED}, ${RUNS} sequences): ${JSON.stringify(stats)}`);
  });

  it(
    'keeps every promise of the README across random sequences',
    async () => {
      await fc.assert(
        fc.asyncProperty(setup, commands, async (s, cs) => {
          await runSequence(s, cs, stats);
        }),
        { numRuns: RUNS, seed: SEED, verbose: true, timeout: 30_000 },
      );
    },
    Math.max(60_000, RUNS * 2_000),
  );
});

/**
 * Shrunk counterexamples the property found on the core as of issue 9's fixes (kept as examples:
 * each names the invariant it breaks). Each runs the whole model, clean-up included.
 */
describe('found by the model', () => {
  const quiet = { up: 1, down: 1, garbage: false };
  const at = { up: 1, down: 1, hang: 'never' as const };

  it('[7] an ending header answered to a request from before the re-login does not end the new session', async () => {
    // The request left with the old session's cookie; the server ended that session in its answer
    // (a past Session-Expires), which arrived after the person had signed in again.
    await runSequence(
      { tabs: 1, finalUser: 'ada', ping: quiet, serverTtl: 20_000, serverAbsolute: null, serverAnnounces: false },
      [
        { t: 'fetch', tab: 0, hang: false, replay: true, timeout: 1000, plan: { ...at, header: { kind: 'past', seconds: 1 } } },
        { t: 'signIn', tab: 0, user: 'ada' },
      ],
      emptyStats(),
    );
  });

  it('[8] one tab alone does not sign itself in from another tab', async () => {
    // Its "Stay signed in" wrote the first shared state (status active, count 0); the next check
    // read it back as another tab's sign-in: a new epoch, the server's expiry forgotten (issue 23).
    await runSequence(
      { tabs: 1, finalUser: 'ada', ping: quiet, serverTtl: 20_000, serverAbsolute: 300_000, serverAnnounces: false },
      [
        { t: 'extend', tab: 0, plan: quiet },
        { t: 'nearDeadline', tab: 0, before: 3000 },
        { t: 'fetch', tab: 0, hang: false, replay: true, timeout: null, plan: { ...at, down: 300, header: { kind: 'none' } } },
      ],
      emptyStats(),
    );
  });

  it('[7] an answer to a request sent after the clock was set back still moves the expiry', async () => {
    // Its wall-clock send time lay before the one that set the expiry, so its header was taken for
    // a late answer and ignored: the tab expired (server) 14 s before the server (issue 23, item 5).
    await runSequence(
      { tabs: 1, finalUser: 'ada', ping: quiet, serverTtl: 27_370, serverAbsolute: 300_000, serverAnnounces: true },
      [
        { t: 'fetch', tab: 0, hang: false, replay: true, timeout: null, plan: { ...at, header: { kind: 'future' } } },
        { t: 'jumpBack', ms: 14_447 },
        { t: 'advance', ms: 2 },
        { t: 'nearDeadline', tab: 0, before: 13_556 },
        { t: 'fetch', tab: 0, hang: false, replay: true, timeout: 1000, plan: { ...at, up: 187, header: { kind: 'none' } } },
        { t: 'advance', ms: 13_556 },
      ],
      emptyStats(),
    );
  });

  it("[4] another tab's 'Stay signed in' from before an expiry holds nothing after the re-login", async () => {
    // The press's hold (30 s) outlived the session it was for, and the clock set back stretched it
    // over the next one: the tab stayed 'warning' past its deadline.
    await runSequence(
      { tabs: 3, finalUser: 'ada', ping: { up: 1, down: 300, garbage: false }, serverTtl: 20_000, serverAbsolute: null, serverAnnounces: false },
      [
        { t: 'expire' },
        { t: 'fetch', tab: 4, hang: false, replay: true, timeout: null, plan: { ...at, down: 300, header: { kind: 'delta' } } },
        { t: 'extend', tab: 0, plan: { up: 300, down: 1, garbage: false } },
        { t: 'advance', ms: 5000 },
        { t: 'signIn', tab: 0, user: 'ada' },
        { t: 'jumpBack', ms: 575_141 },
        { t: 'activity', tab: 1 },
        { t: 'advance', ms: 5000 },
        { t: 'nearDeadline', tab: 0, before: 4860 },
        { t: 'signOut', tab: 0 },
      ],
      emptyStats(),
    );
  });

  it('[9] a person who works through a 100 s server session is neither warned nor signed out', async () => {
    // The 1-minute warning was longer than the session's whole second half and the keepalive
    // pinged once a minute: the warning opened while they worked, and activity could not close it.
    const stats = emptyStats();
    await runSequence(
      { tabs: 1, finalUser: 'ada', ping: quiet, serverTtl: 100_000, serverAbsolute: null, serverAnnounces: true },
      [
        { t: 'work', tab: 0, ms: 70_001 }, // its first keepalive tells the session's length
        { t: 'work', tab: 0, ms: 60_001 },
      ],
      stats,
    );
    expect(stats.worksJudged).toBe(2);
  });

  it("[8] an answer after the idle end does not sign the person back in when the app's sign-out clears localStorage", async () => {
    // The idle end ran the app's sign-out, which emptied the shared store; the late answer's expiry
    // was written into the empty store as a fresh "active" one, which the tab took for a sign-in.
    await runSequence(
      {
        tabs: 1,
        finalUser: 'ada',
        ping: { up: 1, down: 300, garbage: false },
        serverTtl: null,
        serverAnnounces: false,
        serverAbsolute: null,
        signOutClearsStorage: true,
      },
      [
        { t: 'sleep', ms: 597_364 },
        { t: 'advance', ms: 323 },
        { t: 'fetch', tab: 0, hang: false, replay: true, timeout: null, plan: { ...at, up: 275, down: 2038, header: { kind: 'future' } } },
        { t: 'advance', ms: 5000 },
        { t: 'extend', tab: 0, plan: quiet },
        { t: 'activity', tab: 0 },
      ],
      emptyStats(),
    );
  });

  it('[5] a sign-out reaches a tab opened after the clock was set back, when the store cannot tell', async () => {
    // The store unreadable (a foreign count) when the new tab opened, then emptied by the app's
    // sign-out: the sign-out's count, from before the clock was set back, looked forged.
    await runSequence(
      { tabs: 1, finalUser: 'ada', ping: quiet, serverTtl: null, serverAnnounces: false, serverAbsolute: null, signOutClearsStorage: true },
      [{ t: 'signIn', tab: 0, user: 'ada' }, { t: 'jumpBack', ms: 1000 }, { t: 'foreign', what: 'hugeVersion' }, { t: 'open' }, { t: 'signOut', tab: 0 }],
      emptyStats(),
    );
  });

  it('[5] a sign-out from a tab opened after the clock was set back reaches the tabs opened before', async () => {
    // The new tab found the store unreadable (a foreign count) and counted its sign-out from the
    // clock, behind the first tab's sign-in: the first tab took the store for reset, and its
    // status for no news.
    await runSequence(
      { tabs: 1, finalUser: 'ada', ping: quiet, serverTtl: null, serverAnnounces: false, serverAbsolute: 300_000, signOutClearsStorage: false },
      [{ t: 'signIn', tab: 0, user: 'ada' }, { t: 'jumpBack', ms: 1000 }, { t: 'foreign', what: 'hugeVersion' }, { t: 'open' }, { t: 'signOut', tab: 1 }],
      emptyStats(),
    );
  });

  it('[9] a person who opens the app in a new tab as another tab reaches its idle limit is not signed out', async () => {
    // The first tab, idle for almost ten minutes, ended the session by idle 0.8 s after the new
    // tab opened: the new tab counted its opening as activity, and told no other tab.
    const stats = emptyStats();
    await runSequence(
      { tabs: 1, finalUser: 'ada', ping: { up: 300, down: 1, garbage: false }, serverTtl: 669_741, serverAnnounces: true, serverAbsolute: null },
      [
        { t: 'activity', tab: 0 },
        { t: 'advance', ms: 4410 },
        { t: 'signIn', tab: 0, user: 'ada' },
        { t: 'nearDeadline', tab: 0, before: 849 },
        { t: 'open' },
        { t: 'work', tab: 1, ms: 20_000 },
      ],
      stats,
    );
    expect(stats.worksJudged).toBe(1);
  });

  it('[2] a request made while signed out is not replayed for whoever signs in next', async () => {
    // Sent while signed out (no cookie), its 440 arrives after the next sign-in: it is replayed
    // as the new session instead of rejected with SessionExpiredError('signedOut').
    await runSequence(
      { tabs: 1, finalUser: 'ada', ping: quiet, serverTtl: 20_000, serverAbsolute: null, serverAnnounces: false },
      [
        { t: 'signOut', tab: 0 },
        { t: 'fetch', tab: 0, hang: false, replay: true, timeout: null, plan: { ...at, header: { kind: 'none' } } },
      ],
      emptyStats(),
    );
  });

  it('[4c] a clock set back does not lengthen the idle timeout', async () => {
    // The last activity stays where the old wall clock put it: the deadline moves away by the jump.
    await runSequence(
      { tabs: 1, finalUser: 'ada', ping: quiet, serverTtl: null, serverAbsolute: null, serverAnnounces: false },
      [{ t: 'jumpBack', ms: 60 * 60_000 }],
      emptyStats(),
    );
  });
});

/** The model itself: what it needs of Node to give every run of a sequence the same outcome. */
describe('the model', () => {
  it('ends a hanging request when its signal aborts, even after a garbage collection', async () => {
    // Node's Request follows its signal through a WeakRef (nodejs/node#55428): unless the fake
    // server holds it, a collection between sending and aborting loses the abort. A 5,000-sequence
    // run once reported a hanging request with a client timeout as never settled; its sequence
    // passed when replayed, and failed every time with a collection forced at each flush.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const server = createFakeServer(createModelClock(), { ttl: Infinity, absolute: Infinity, announces: false }, { delivered() {} });
    const controller = new AbortController();
    // Made in a function of its own, so that nothing here holds the Request.
    const send = () => server.fetch(new Request(`${location.origin}/api/hang`, { method: 'POST', body: 'body-1', signal: controller.signal }));
    let outcome = 'pending';
    send().then(
      () => (outcome = 'fulfilled'),
      (error: unknown) => (outcome = (error as Error).name),
    );
    await flush();
    expect(server.hanging()).toBe(1);
    gc();
    controller.abort(new DOMException('The operation timed out.', 'TimeoutError'));
    await flush();
    expect(outcome).toBe('TimeoutError');
    expect(server.hanging()).toBe(0);
  });
});
