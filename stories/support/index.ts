/** Shared pieces of the session stories. */
export {
  createStoryClock,
  IDLE_TIMEOUT,
  MINUTE,
  SECOND,
  SERVED,
  WARNING_BEFORE,
  clockMoves,
  moveClock,
  type ClockMove,
  type StoryClock,
  type StorySession,
} from './clock.ts';
export { CLOCK_GLOBAL, clockGlobalType, installClockToolbar, storySession, useStorySession, withStoryClock, type StorySessionOptions } from './story-clock.tsx';
export { renderSessionStory, SessionStory, sessionStoryParameters, type SessionStoryProps } from './SessionStory.tsx';
export { DemoFrame, DemoPage, type DemoFrameProps, type DemoLanguage, type DemoPageProps } from './demo-page.tsx';
export { withSessionTheme, type SessionTheme } from './theme.tsx';
export { clockPanel, clockStatus, signInAgain } from './queries.ts';
