/** The smallest typed event emitter: `on` returns its own unsubscribe function. */
export type Listener<T> = (value: T) => void;

export class Emitter<Events> {
  private _listeners = new Map<keyof Events, Set<Listener<never>>>();

  on<K extends keyof Events>(type: K, fn: Listener<Events[K]>): () => void {
    let set = this._listeners.get(type);
    if (!set) this._listeners.set(type, (set = new Set()));
    set.add(fn as Listener<never>);
    return () => void set.delete(fn as Listener<never>);
  }

  emit<K extends keyof Events>(type: K, value: Events[K]): void {
    for (const fn of this._listeners.get(type) ?? []) {
      // One failing listener must not stop the others, nor the SDK.
      try {
        (fn as Listener<Events[K]>)(value);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}
