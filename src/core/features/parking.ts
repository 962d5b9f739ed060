/**
 * Nothing lost: `session.fetch` and `session.park`. A request that meets an expired session waits
 * in line (fetch.ts, replay-line.ts) and is replayed once after the sign-in, or rejected with a
 * typed error; never sent as someone else.
 */
import type { Feature } from '../compose.ts';
import { createFetchLayer, type ParkOptions, type SessionRequestInit } from '../fetch.ts';
import { optionalFunction, replayTimeoutOption } from '../options.ts';

export interface ParkingMethods {
  /** `fetch` that keeps the person's work (see `Session.fetch`). */
  fetch(input: RequestInfo | URL, init?: SessionRequestInit): Promise<Response>;
  /** Parks a retry for clients other than fetch (see `Session.park`). */
  park<T>(retry: (request: Request | undefined) => Promise<T>, options?: ParkOptions): Promise<T>;
}

export const parking: Feature<ParkingMethods> = {
  name: 'parking',
  install(kernel, config, options) {
    config.shouldPark = optionalFunction(options, 'shouldPark');
    config.prepareReplay = optionalFunction(options, 'prepareReplay');
    config.replayTimeout = replayTimeoutOption(options);
    let parked = 0;
    const requests = createFetchLayer(kernel, config, (count) => {
      parked = count;
      kernel.publish();
    });
    kernel.parked = () => parked;
    kernel.replay = requests.replayAll;
    kernel.on('status', requests.statusChanged);
    kernel.on('stop', requests.stopped);
    return {
      fetch(input, init) {
        kernel.begin();
        return requests.fetch(input, init);
      },
      park(retry, options) {
        kernel.begin();
        return requests.park(retry, options);
      },
    };
  },
};
