/**
 * `session.configure`: new timeouts at run time, checked as `createSession` checks them, shared
 * with the other tabs (and taken from them); the deadline and the next ping follow at once.
 */
import type { Feature } from '../compose.ts';
import { warnInDevelopment } from '../errors.ts';
import { isRunning } from '../machine.ts';
import { resolveChange, type ConfigurableOptions, type Timing } from '../options.ts';
import { finiteOrNull } from '../status-effects.ts';

export interface ConfigureMethods {
  /** Changes `idleTimeout`, `warningBefore`, `keepalive` and `keepaliveInterval` (see `Session.configure`). */
  configure(change: ConfigurableOptions): void;
}

export const configure: Feature<ConfigureMethods> = {
  name: 'configure',
  install(kernel, config) {
    let warningChosen = config.warningChosen; // else the default follows idleTimeout

    function retime(next: Timing, from: 'here' | 'otherTab') {
      Object.assign(config, next);
      kernel.tell({ type: 'configure', from, ...next, keepalive: next.keepalive !== null });
      if (isRunning(kernel.state())) kernel.evaluate();
      else kernel.publish();
    }

    kernel.on('otherTab', (news) => {
      if (news.kind !== 'configured') return;
      const { idleTimeout, warningBefore, keepaliveInterval } = news.timing;
      try {
        retime(
          resolveChange(config, { idleTimeout: idleTimeout ?? Infinity, warningBefore, keepaliveInterval: keepaliveInterval ?? Infinity }, true),
          'otherTab',
        );
        warningChosen = true;
      } catch (error) {
        if (process.env.NODE_ENV !== 'production') warnInDevelopment('Ignored timeouts from another tab that are not valid here.', error);
      }
    });
    return {
      configure(change) {
        const next = resolveChange(config, change, warningChosen);
        if (change.warningBefore !== undefined) warningChosen = true;
        retime(next, 'here');
        kernel.peers?.shareTiming({
          idleTimeout: finiteOrNull(next.idleTimeout),
          warningBefore: next.warningBefore,
          keepaliveInterval: finiteOrNull(next.keepaliveInterval),
        });
      },
    };
  },
};
