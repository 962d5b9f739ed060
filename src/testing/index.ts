/** `react-session-timeout/testing`: helpers for testing apps built on the session. */
export { createTestClock, type TestClock } from './test-clock.ts';
export { createMemoryTabs, type MemoryTabs } from './memory-tabs.ts';
