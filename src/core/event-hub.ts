/**
 * The kernel's one choke point: every kernel event goes out through `tell`, to the observers of
 * every event (`onEvery`: inspect) first, then to the listeners of its type (`on`: features).
 */
import type { KernelEvent } from './events.ts';
import type { Kernel } from './kernel-api.ts';

type Listener = (event: KernelEvent) => void;

export function createHub(): Pick<Kernel, 'tell' | 'on' | 'onEvery'> {
  const every: Listener[] = [];
  const byType: Partial<Record<KernelEvent['type'], Listener[]>> = {};
  return {
    tell(event) {
      for (const listener of every) listener(event);
      for (const listener of byType[event.type] ?? []) listener(event);
    },
    on(type, listener) {
      (byType[type] ??= [] as Listener[]).push(listener as Listener);
    },
    onEvery: (listener) => void every.push(listener),
  };
}
