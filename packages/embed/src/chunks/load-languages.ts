// Replaces the widget's `strings/load-languages` in the script-tag build: the part beside the script.
import type { LanguageStrings } from '@artgrad/widget/languages-types';
import { loadChunk } from '../chunk-loader.js';

export const loadLanguages = (): Promise<LanguageStrings> => loadChunk('languages');
