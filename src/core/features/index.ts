/**
 * The features a session is composed of (`composeSession(options, [...])`), each one module that
 * plugs into the kernel. `createSession` installs all of them; an app that composes its own
 * session bundles only those it names.
 */
import { crossTab } from './cross-tab.ts';
import { keepalive } from './keepalive.ts';
import { parking } from './parking.ts';

export { busy, type BusyMethods } from './busy.ts';
export { configure, type ConfigureMethods } from './configure.ts';
export { inspect, type InspectMethods } from './inspect.ts';
export { parking, type ParkingMethods } from './parking.ts';
export { refresh } from './refresh.ts';
export { revalidate } from './revalidate.ts';
export { watch, type WatchMethods } from './watch.ts';
export { crossTab, keepalive };

/**
 * The promise of the library in one line: every tab in step (`crossTab`), the keepalive and "Stay
 * signed in" (`keepalive`), and nothing lost (`parking`: `session.fetch`, `session.park`).
 * `composeSession(options, essentials)`, or `[...essentials, inspect]` with more.
 */
export const essentials = [crossTab, keepalive, parking] as const;
