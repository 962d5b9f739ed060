// react-idle-timer's job: the kernel, and every tab kept in step (activity in one keeps all alive,
// an end in one ends all). Bundle this file to measure the set your way.
import { composeSession, crossTab } from 'react-session-timeout/core';

export const session = composeSession({ idleTimeout: 15 * 60_000 }, [crossTab]);
