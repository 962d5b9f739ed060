// Runs in the page before anything else (Playwright init script): counts pending timeouts and
// intervals, listeners on window and document, and open BroadcastChannels, for the timer and leak
// figures. Read through `window.__benchCounts()`.
(() => {
  const timeouts = new Set();
  const intervals = new Set();
  const { setTimeout: st, clearTimeout: ct, setInterval: si, clearInterval: ci } = window;
  window.setTimeout = function (callback, delay, ...args) {
    const run = typeof callback === 'function' ? callback : () => {};
    const id = st.call(
      window,
      (...a) => {
        timeouts.delete(id);
        run(...a);
      },
      delay,
      ...args,
    );
    timeouts.add(id);
    return id;
  };
  window.clearTimeout = function (id) {
    timeouts.delete(id);
    intervals.delete(id); // browsers share the id space
    return ct.call(window, id);
  };
  window.setInterval = function (...a) {
    const id = si.apply(window, a);
    intervals.add(id);
    return id;
  };
  window.clearInterval = function (id) {
    intervals.delete(id);
    timeouts.delete(id);
    return ci.call(window, id);
  };

  // Listeners on window and document: one entry per (target, type, listener, capture), as the DOM counts them.
  const listeners = new Map();
  const key = (target, type, listener, options) => {
    const capture = typeof options === 'boolean' ? options : Boolean(options?.capture);
    return [target === window ? 'w' : 'd', type, capture].join('|');
  };
  const watched = (target) => target === window || target === document;
  const { addEventListener: add, removeEventListener: remove } = EventTarget.prototype;
  const forget = (k, listener) => {
    const set = listeners.get(k);
    if (set?.delete(listener) && set.size === 0) listeners.delete(k);
  };
  EventTarget.prototype.addEventListener = function (type, listener, options) {
    if (watched(this) && listener) {
      const k = key(this, type, listener, options);
      if (!listeners.has(k)) listeners.set(k, new Set());
      listeners.get(k).add(listener);
      if (typeof options === 'object' && options?.once) {
        const l = listener;
        add.call(this, type, () => forget(k, l), { once: true });
      }
      if (typeof options === 'object' && options?.signal) options.signal.addEventListener('abort', () => forget(k, listener), { once: true });
    }
    return add.call(this, type, listener, options);
  };
  EventTarget.prototype.removeEventListener = function (type, listener, options) {
    if (watched(this) && listener) forget(key(this, type, listener, options), listener);
    return remove.call(this, type, listener, options);
  };

  let channels = 0;
  const Native = window.BroadcastChannel;
  if (Native) {
    window.BroadcastChannel = class extends Native {
      constructor(name) {
        super(name);
        channels++;
        this.__open = true;
      }
      close() {
        if (this.__open) channels--;
        this.__open = false;
        return super.close();
      }
    };
  }

  window.__benchCounts = () => {
    let count = 0;
    for (const set of listeners.values()) count += set.size;
    return { timeouts: timeouts.size, intervals: intervals.size, listeners: count, channels };
  };
})();
