import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `vite build`: the app with react-session-timeout (index.html). `vite build --mode bare`: the same
// app without it (bare.html), to measure what the library adds to the bundle.
export default defineConfig(({ mode }) => ({
  plugins: [react()],
  build:
    mode === 'bare'
      ? { outDir: 'dist-bare', rollupOptions: { input: 'bare.html' } }
      : { outDir: 'dist', rollupOptions: { input: 'index.html' } },
}));
