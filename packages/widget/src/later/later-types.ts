/** What `later-screens` exports (a type alone, so that naming it fetches nothing). */
export type LaterScreens = typeof import('./later-screens.js');
