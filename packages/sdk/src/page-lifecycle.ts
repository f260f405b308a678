/**
 * What the SDK does as the page comes and goes: a connection coming back sends the outbox at
 * once, and a page going away (tab closed, navigation, app switch) beacons what is still
 * pending; the outbox keeps it until a later fetch hears the backend acknowledge it (as a
 * duplicate). Nothing outside a browser.
 */
export function watchPage(on: { online(): void; goingAway(): void }): void {
  if (typeof addEventListener !== 'function') return;
  addEventListener('online', on.online);
  addEventListener('pagehide', on.goingAway);
  document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && on.goingAway());
}
