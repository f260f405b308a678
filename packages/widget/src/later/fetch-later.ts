import { retrying } from '@artgrad/sdk';
import { loadLater, type LaterScreens } from './load-later.js';

/** The later screens, once fetched (shared by every element on the page). */
let later: LaterScreens | null = null;

export const laterScreens = (): LaterScreens | null => later;

/** Fetches the later screens once; a failure is forgotten, so that the next press tries again. */
export const fetchLater = retrying(() => loadLater().then((screens) => (later = screens)));
