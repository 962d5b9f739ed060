// Everything: createSession(options), the batteries-included session every README example uses.
// Bundle this file to measure the set your way.
import { createSession } from 'react-session-timeout/core';

export const session = createSession({ idleTimeout: 15 * 60_000 });
