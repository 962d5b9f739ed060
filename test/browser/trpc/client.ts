// client.ts: the app's tRPC client; its requests go through session.fetch
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import type { AppRouter } from './router';
import { session } from './session';

export const trpc = createTRPCClient<AppRouter>({
  links: [httpBatchLink({ url: '/api/trpc', fetch: session.fetch })],
});
