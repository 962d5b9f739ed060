import { describe, expect, it, vi } from 'vitest';

import { createSnapshotStore } from '../../src/core/snapshot-store.ts';

describe('the snapshot store alone', () => {
  function store() {
    const fields = { status: 'active', parked: 0 };
    const read = vi.fn(() => ({ ...fields }));
    return { fields, read, store: createSnapshotStore(read) };
  }

  it('reads the fields once when made, and gives that snapshot as the initial one ever after', () => {
    const { fields, read, store: s } = store();
    const initial = s.get();
    expect(read).toHaveBeenCalledTimes(1);
    fields.parked = 1;
    s.publish();
    expect(s.initial()).toBe(initial);
    expect(s.initial()).toEqual({ status: 'active', parked: 0 });
  });

  it('keeps the same object and notifies no one when no field changed', () => {
    const { store: s } = store();
    const listener = vi.fn();
    s.subscribe(listener);
    const before = s.get();
    s.publish();
    expect(s.get()).toBe(before);
    expect(listener).not.toHaveBeenCalled();
  });

  it('replaces the object and notifies each listener once when a field changed', () => {
    const { fields, store: s } = store();
    const listener = vi.fn();
    const unsubscribe = s.subscribe(listener);
    fields.status = 'warning';
    s.publish();
    expect(s.get()).toEqual({ status: 'warning', parked: 0 });
    expect(listener).toHaveBeenCalledTimes(1);
    unsubscribe();
    fields.parked = 2;
    s.publish();
    expect(listener).toHaveBeenCalledTimes(1);
  });
});
