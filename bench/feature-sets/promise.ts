// The library's promise: the kernel, every tab in step, the keepalive and "Stay signed in", and
// nothing lost (session.fetch parks and replays). Bundle this file to measure the set your way.
import { composeSession, essentials } from 'react-session-timeout/core';

export const session = composeSession({ idleTimeout: 15 * 60_000 }, essentials);
