import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// What the README says for development: proxy /api to the server (server/server.mjs, the README's
// express block). journey.mjs starts it on a free port and passes its URL in RST_API.
export default defineConfig({
  plugins: [react()],
  server: { proxy: { '/api': process.env.RST_API ?? 'http://localhost:3001' } },
});
