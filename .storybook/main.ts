import type { StorybookConfig } from '@storybook/react-vite';

const config: StorybookConfig = {
  framework: {
    name: '@storybook/react-vite',
    // A root-level StrictMode (a decorator's StrictMode sits under the story's own component,
    // where React 19 does not double-invoke mount effects). vitest.setup.ts does the same for Vitest.
    options: { strictMode: true },
  },
  // Introduction first: with no storySort, the sidebar follows the order files are found in.
  stories: ['../stories/Introduction.mdx', '../stories/**/*.mdx', '../stories/**/*.stories.@(ts|tsx)'],
  addons: ['@storybook/addon-docs', '@storybook/addon-a11y', '@storybook/addon-vitest'],
  typescript: {
    // react-docgen (the default) finds no component in SessionTimeoutDialog and ReloginModal (they
    // render into the provider's dialog layer and return null) and no props in SessionProvider's
    // union type; react-docgen-typescript reads all four from their types. The other options
    // (no props from node_modules, ...) keep Storybook's defaults.
    reactDocgen: 'react-docgen-typescript',
  },
  core: {
    // No network here besides the npm registry.
    disableTelemetry: true,
  },
};

export default config;
