// What the devtools tests (diagnose, recorder) record from: a recording's clock and the settings
// the first `inspect` event carries.
import type { InspectSettings } from '../../src/core/inspect.ts';
import { MINUTE, SECOND } from './session.ts';

/** When the recording began. */
export const T0 = Date.UTC(2025, 2, 3, 9, 0, 0);

/** The session clock `seconds` after the recording began. */
export const at = (seconds: number) => T0 + seconds * SECOND;

/** A session's settings as `inspect` reports them: the defaults of these tests, with `change`. */
export const inspectSettings = (change: Partial<InspectSettings> = {}): InspectSettings => ({
  idleTimeout: 15 * MINUTE,
  warningBefore: 2 * MINUTE,
  keepalive: 'url',
  keepaliveInterval: MINUTE,
  expiresHeader: 'Session-Expires',
  crossTab: true,
  refresh: false,
  revalidate: false,
  redirectMeansExpired: false,
  activityDuringWarning: 'ignore',
  ...change,
});
