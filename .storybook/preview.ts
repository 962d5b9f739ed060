import type { Preview } from '@storybook/react-vite';

import { CLOCK_GLOBAL, clockGlobalType, installClockToolbar, withSessionTheme, withStoryClock } from '../stories/support/index.ts';

// The toolbar's "Clock" menu moves the test clock of the story on screen (stories/support/story-clock.tsx).
installClockToolbar();

const preview: Preview = {
  parameters: {
    // Any axe violation fails the story's test.
    a11y: { test: 'error' },
    // The library's default theme (src/styles.css) on every story; 'none' renders one without it.
    sessionTheme: 'default',
  },
  globalTypes: {
    [CLOCK_GLOBAL]: clockGlobalType,
  },
  initialGlobals: {
    [CLOCK_GLOBAL]: '',
  },
  // The clock panel sits inside the theme, so a themed story's first paint has both.
  decorators: [withStoryClock, withSessionTheme],
};

export default preview;
