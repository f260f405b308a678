import { principalOf, type DeviceHistory } from './consent-state.js';

/**
 * The key of the principal a device belongs to, as the admin lists group them: its latest
 * customer id (`identify()`), or the device itself while the shop never identified it.
 */
export function principalKeyOf(history: DeviceHistory): string {
  const { subjectId } = principalOf(history);
  return subjectId === null ? `k:${history.kids[0]!}` : `s:${subjectId}`;
}

export const subjectOfKey = (key: string): string | null => (key.startsWith('s:') ? key.slice(2) : null);
