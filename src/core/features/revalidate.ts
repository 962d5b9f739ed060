/** `revalidate`: asks the server after a long time hidden, or back online (revalidate.ts), while started. */
import type { Feature } from '../compose.ts';
import { isRunning } from '../machine.ts';
import { revalidateTarget } from '../options.ts';
import { listenForReturn } from '../revalidate.ts';

export const revalidate: Feature<object> = {
  name: 'revalidate',
  install(kernel, config, options) {
    config.revalidate = revalidateTarget(options.revalidate);
    if (config.revalidate === null) return {};
    const { epochs } = kernel;
    let detach = () => {};
    kernel.on('start', () => {
      detach = listenForReturn({
        config,
        running: () => isRunning(kernel.state()),
        epoch: epochs.current,
        read: (response, sentAt, sentInEpoch, redirectSeen) =>
          kernel.read(response, sentAt, () => sentInEpoch === epochs.current(), 'revalidate', 'GET', redirectSeen),
      });
    });
    kernel.on('stop', () => detach());
    return {};
  },
};
