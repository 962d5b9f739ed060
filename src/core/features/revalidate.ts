/** `revalidate`: asks the server after a long time hidden, or back online (revalidate.ts), while started. */
import type { Feature } from '../compose.ts';
import { revalidateTarget } from '../options.ts';
import { listenForReturn } from '../revalidate.ts';

export const revalidate: Feature<object> = {
  name: 'revalidate',
  install(kernel, config, options) {
    config.revalidate = revalidateTarget(options.revalidate);
    if (config.revalidate === null) return {};
    let detach = () => {};
    kernel.on('start', () => {
      detach = listenForReturn(kernel, config);
    });
    kernel.on('stop', () => detach());
    return {};
  },
};
