export { createTestClock, type TestClock } from './test-clock.ts';
export { createMemoryTabs, type MemoryTabs } from './memory-tabs.ts';
