// The kernel alone: idle time, the warning and the server's expiry (Session-Expires, 440), in one
// tab, with no keepalive and nothing parked. Bundle this file to measure the set your way.
import { composeSession } from 'react-session-timeout/core';

export const session = composeSession({ idleTimeout: 15 * 60_000 }, []);
