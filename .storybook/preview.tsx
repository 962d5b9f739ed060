import { StrictMode } from 'react';
import type { Preview } from '@storybook/react-vite';

const preview: Preview = {
  // A decorator rather than the framework's `strictMode` option: that option
  // only reaches the Storybook UI, while decorators also apply when
  // @storybook/addon-vitest runs the stories.
  decorators: [
    (Story) => (
      <StrictMode>
        <Story />
      </StrictMode>
    ),
  ],
  parameters: {
    // Any axe violation fails the story's test.
    a11y: { test: 'error' },
  },
};

export default preview;
