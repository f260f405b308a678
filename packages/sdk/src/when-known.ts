import type { ConsentApi } from './consent.js';

/**
 * Runs `fn` once the shopper's decisions are known: at once when the decision hint (or the
 * records, already read) has them, else when the records are read. Later corrections and
 * decisions arrive as `change` events, which the caller listens to.
 */
export function whenKnown(api: ConsentApi, fn: () => void): void {
  if (Object.keys(api.getAll()).length) fn();
  else void api.ready().then(fn);
}
