/**
 * The interface strings of the languages other than Kazakh: a chunk of their own
 * (`load-languages`), since the first paint needs only the active language's, and Kazakh is the
 * default (the policy's own language).
 */
import { EN_STRINGS, RU_STRINGS } from '@artgrad/policy';

export const LANGUAGE_STRINGS = { ru: RU_STRINGS, en: EN_STRINGS };
export { RU_RIGHTS, EN_RIGHTS } from './rights-ru-en.js';
