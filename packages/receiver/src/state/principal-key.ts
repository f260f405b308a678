import { principalOf, type DeviceHistory } from './consent-state.js';

/**
 * The key of the principal a device belongs to, as the admin lists group them: its latest
 * customer id (`identify()` on each device: a withdrawal on the laptop must take out the grant
 * given on the phone), or the device itself while the shop never identified it. Unidentified
 * devices stay apart even when they share a piiPrincipalId: whoever holds a shopper's receipt
 * could copy it into receipts of a key of their own.
 */
export function principalKeyOf(history: DeviceHistory): string {
  const { subjectId } = principalOf(history);
  return subjectId === null ? `k:${history.kids[0]!}` : `s:${subjectId}`;
}

export const subjectOfKey = (key: string): string | null => (key.startsWith('s:') ? key.slice(2) : null);
