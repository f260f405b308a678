/**
 * Tells the other tabs of this origin that the decisions changed, so a withdrawal in one tab
 * holds in all of them at once. Each tab re-reads the store rather than trusting the message.
 */
export function connectTabs(name: string, onChange: () => void): { notify(): void } {
  if (typeof BroadcastChannel !== 'function') return { notify() {} };
  const channel = new BroadcastChannel(`artgrad-consent:${name}`);
  channel.onmessage = () => onChange();
  return { notify: () => channel.postMessage('change') };
}
