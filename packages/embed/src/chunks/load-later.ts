// Replaces the widget's `later/load-later` in the script-tag build: the chunk, from the script's URL.
import type { LaterScreens } from '@artgrad/widget/later-types';
import { loadChunk } from '../chunk-loader.js';

export const loadLater = (): Promise<LaterScreens> => loadChunk('later');
