import { KK_STRINGS, type Language, type UiStrings } from '@artgrad/policy';
import { retrying } from '@artgrad/sdk';
import { loadLanguages } from './load-languages.js';

const known: Partial<Record<Language, UiStrings>> = { kk: KK_STRINGS };

/** The strings of `language`, if they are here (Kazakh always is). */
export const stringsOf = (language: Language): UiStrings | undefined => known[language];

/** Fetches the other languages' strings once; a failure is forgotten, so a later call retries. */
export const fetchLanguages = retrying(() => loadLanguages().then((part) => void Object.assign(known, part.LANGUAGE_STRINGS)));
