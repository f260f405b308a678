import type { LaterScreens } from './later-types.js';

export type { LaterScreens };

/**
 * Fetches the later screens. From ESM a bundler splits them into a chunk of the page's own; the
 * script-tag build replaces this module with one that fetches its content-hashed chunk from the
 * script's own URL (`packages/embed/src/chunks`).
 */
export const loadLater = (): Promise<LaterScreens> => import('./later-screens.js');
