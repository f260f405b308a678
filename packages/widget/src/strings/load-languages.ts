/** What `languages` exports (a type alone, so that naming it fetches nothing). */
export type LanguageStrings = typeof import('./languages.js');

/**
 * Fetches the other languages' strings. From ESM a bundler splits them off; the script-tag build
 * replaces this module with one that fetches its content-hashed part from the script's URL.
 */
export const loadLanguages = (): Promise<LanguageStrings> => import('./languages.js');
