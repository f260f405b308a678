import { KK_STRINGS, type Language, type UiStrings } from '@artgrad/policy';
import { retrying } from '@artgrad/sdk';
import { loadLanguages } from './load-languages.js';
import type { RightsStrings } from '../later/rights-strings.js';

const known: Partial<Record<Language, UiStrings>> = { kk: KK_STRINGS };
/** "Менің деректерім" in the other languages, once their part is here (Kazakh is in the later screens). */
const rights: Partial<Record<Language, RightsStrings>> = {};

/** The strings of `language`, if they are here (Kazakh always is). */
export const stringsOf = (language: Language): UiStrings | undefined => known[language];

export const rightsStringsOf = (language: Language): RightsStrings | undefined => rights[language];

/** Fetches the other languages' strings once; a failure is forgotten, so a later call retries. */
export const fetchLanguages = retrying(() =>
  loadLanguages().then((part) => {
    Object.assign(known, part.LANGUAGE_STRINGS);
    Object.assign(rights, { ru: part.RU_RIGHTS, en: part.EN_RIGHTS });
  }),
);
