import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `vite build`: the app with react-session-timeout (index.html). `vite build --mode bare`: the same
// app without it (bare.html), to measure what the library adds to the bundle. `--mode split`: the
// app with the library, the library and Radix each in a chunk of their own, to tell them apart.
export default defineConfig(({ mode }) => ({
  plugins: [react()],
  build:
    mode === 'bare'
      ? { outDir: 'dist-bare', rollupOptions: { input: 'bare.html' } }
      : mode === 'split'
        ? {
            outDir: 'dist-split',
            rollupOptions: {
              input: 'index.html',
              output: {
                codeSplitting: {
                  includeDependenciesRecursively: false,
                  groups: [
                    { name: 'library', priority: 3, test: /node_modules[\\/]react-session-timeout[\\/]/ },
                    { name: 'radix', priority: 2, test: /node_modules[\\/]@radix-ui[\\/]/ },
                    { name: 'vendor', priority: 1, test: /node_modules[\\/]/ },
                  ],
                },
              },
            },
          }
        : { outDir: 'dist', rollupOptions: { input: 'index.html' } },
}));
