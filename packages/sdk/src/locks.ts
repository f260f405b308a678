/**
 * Runs `run` holding the named Web Lock, so one tab at a time does it. With `ifAvailable`, a
 * tab that finds the lock taken skips (resolves `null`). Without Web Locks (old browsers, Node)
 * the work runs unguarded.
 */
export function withLock<T>(name: string, run: () => Promise<T>, ifAvailable = false): Promise<T | null> {
  const locks = globalThis.navigator?.locks;
  return locks ? locks.request(name, { ifAvailable }, (lock) => (lock ? run() : null)) : run();
}
