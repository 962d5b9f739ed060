/** `session.watch`: frames and windows whose activity counts (watch.ts), listened on while started. */
import type { Feature } from '../compose.ts';
import { createWatches } from '../watch.ts';

export interface WatchMethods {
  /** Also counts activity in a same-origin iframe or another window (see `Session.watch`). */
  watch(target: HTMLIFrameElement | Window): () => void;
}

export const watch: Feature<WatchMethods> = {
  name: 'watch',
  install(kernel) {
    const watches = createWatches();
    kernel.on('start', ({ listenOn }) => watches.attach(listenOn));
    kernel.on('stop', () => watches.detach());
    return { watch: (target) => watches.watch(target) };
  },
};
