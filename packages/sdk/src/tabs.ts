/**
 * Tells the other tabs of this origin that the decisions changed (`change`), so a withdrawal in
 * one tab holds in all of them at once, or that receipts were settled (`sync`). Each tab re-reads
 * the store rather than trusting the message.
 */
export function connectTabs(name: string, onMessage: (message: unknown) => void): { notify(message?: string): void } {
  if (typeof BroadcastChannel !== 'function') return { notify() {} };
  const channel = new BroadcastChannel(`artgrad-consent:${name}`);
  channel.onmessage = (event) => onMessage(event.data);
  return { notify: (message = 'change') => channel.postMessage(message) };
}
