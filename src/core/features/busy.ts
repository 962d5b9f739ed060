/**
 * `session.busy(task)`: while a task runs the person counts as active (busy.ts): no idle deadline,
 * and the tab works as a person would, this often: shares activity with the other tabs (well
 * before their warning) and pings the keepalive when due.
 */
import { createBusy } from '../busy.ts';
import type { Feature } from '../compose.ts';
import { optionError } from '../errors.ts';

export interface BusyMethods {
  /** The person counts as active while `task` runs (see `Session.busy`). Returns `task`. */
  busy<T>(task: Promise<T>): Promise<T>;
}

export const busy: Feature<BusyMethods> = {
  name: 'busy',
  install(kernel, config) {
    const { clock } = kernel;
    const every = () => Math.min(config.keepaliveInterval, (config.idleTimeout - config.warningBefore) / 2);
    let worksAt = Infinity;
    const tasks = createBusy({
      began() {
        kernel.tell({ type: 'busy', phase: 'began' });
        worksAt = clock.now() + every();
        kernel.worked(clock.now());
        kernel.evaluate(); // no idle deadline now: a warning it caused closes
      },
      ended() {
        kernel.tell({ type: 'busy', phase: 'ended' });
        worksAt = Infinity;
        kernel.worked(clock.now()); // the idle time counts from now
        kernel.evaluate();
      },
    });
    kernel.idleSuspended = tasks.active;
    kernel.nextWork = () => (tasks.active() ? worksAt : Infinity);
    kernel.on('check', () => {
      const now = clock.now();
      if (!tasks.active() || now < worksAt) return;
      worksAt = now + every();
      kernel.worked(now);
    });
    kernel.on('configure', () => {
      if (tasks.active()) worksAt = Math.min(worksAt, clock.now() + every());
    });
    return {
      busy(task) {
        if (typeof (task as Partial<Promise<unknown>> | null)?.then !== 'function')
          throw optionError('task', process.env.NODE_ENV !== 'production' && 'a promise', task);
        kernel.begin();
        return tasks.track(task);
      },
    };
  },
};
