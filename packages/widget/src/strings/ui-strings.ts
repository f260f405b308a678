import { KK_STRINGS, type Language, type UiStrings } from '@artgrad/policy';
import { loadLanguages } from './load-languages.js';

const known: Partial<Record<Language, UiStrings>> = { kk: KK_STRINGS };
let fetching: Promise<void> | null = null;

/** The strings of `language`, if they are here (Kazakh always is). */
export const stringsOf = (language: Language): UiStrings | undefined => known[language];

/** Fetches the other languages' strings once; a failure is forgotten, so a later call retries. */
export function fetchLanguages(): Promise<void> {
  return (fetching ??= loadLanguages().then(
    (part) => void Object.assign(known, part.LANGUAGE_STRINGS),
    (error: unknown) => {
      fetching = null;
      throw error;
    },
  ));
}
