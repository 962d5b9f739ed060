/**
 * `session.busy(task)`: while tasks the app hands over run (an upload, a video, a long report),
 * the person counts as active. Counts the tasks in flight, nested or overlapping, and says when
 * the first began and the last settled.
 */

export interface BusyHost {
  /** The first task began: nothing was running before. */
  began(): void;
  /** The last task settled, fulfilled or rejected. */
  ended(): void;
}

export function createBusy(host: BusyHost) {
  let running = 0;

  return {
    /** Tracks `task` and returns it as it is: the same value, the same rejection. */
    track<T>(task: Promise<T>): Promise<T> {
      const done = () => {
        running -= 1;
        if (running === 0) host.ended();
      };
      running += 1;
      if (running === 1) host.began();
      task.then(done, done);
      return task;
    },
    /** A task is running. */
    active: () => running > 0,
  };
}
