import { deviceHistories, relatedKids, type DeviceHistory } from './consent-state.js';
import type { Store } from '../store/store.js';

/**
 * The histories of every device that ever decided about one of `purposes`, keys it rotated
 * through included. Read whole and derived in memory, like the holders: state is never stored,
 * so every admin answer reflects the receipts as they are at that moment.
 */
export async function historiesDecidingOn(store: Store, purposes: readonly string[]): Promise<DeviceHistory[]> {
  const kids = new Set<string>();
  for (const purpose of purposes) for (const kid of await store.kidsDecidingOn(purpose)) kids.add(kid);
  if (kids.size === 0) return [];
  return deviceHistories(await store.decisionRowsOfKids(await relatedKids(store, [...kids])));
}

/** Case-insensitive substring search over the fields a marketer might paste: principal, customer id, receipt id, key. */
export function matchesQuery(fields: readonly (string | null)[], q: string | undefined): boolean {
  if (!q) return true;
  const needle = q.toLowerCase();
  return fields.some((field) => field !== null && field.toLowerCase().includes(needle));
}
