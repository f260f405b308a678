import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { PURPOSES, EXTRA_PURPOSES } from '@artgrad/policy';
import { en } from './en.js';
import { kk } from './kk.js';
import type { ConsoleLanguage, Messages } from './messages.js';
import { ru } from './ru.js';

export const MESSAGES: Record<ConsoleLanguage, Messages> = { kk, ru, en };

export interface Locale {
  language: ConsoleLanguage;
  t: Messages;
}

export const LocaleContext = createContext<Locale>({ language: 'kk', t: kk });
export const useLocale = (): Locale => useContext(LocaleContext);

const LANGUAGE_KEY = 'artgrad-console:language';

/** Kazakh unless the marketer chose another language in this browser (not sensitive: localStorage). */
export function savedLanguage(): ConsoleLanguage {
  try {
    const saved = localStorage.getItem(LANGUAGE_KEY);
    return saved === 'ru' || saved === 'en' ? saved : 'kk';
  } catch {
    return 'kk';
  }
}

export function saveLanguage(language: ConsoleLanguage): void {
  try {
    localStorage.setItem(LANGUAGE_KEY, language);
  } catch {
    // Storage blocked: the choice lasts for this page only.
  }
}

/** A purpose's name in the console's language, from the policy's catalogue; the id for the site's own. */
export function purposeLabel(id: string, language: ConsoleLanguage): string {
  return [...PURPOSES, ...EXTRA_PURPOSES].find((p) => p.id === id)?.label[language] ?? id;
}

// Numeric day.month.year and a 24-hour clock in every language: ICU's "medium" Kazakh style
// ("2026 M11 25") reads badly, and British English keeps the day first like the others.
const LOCALE_TAG: Record<ConsoleLanguage, string> = { kk: 'kk', ru: 'ru', en: 'en-GB' };
const DATE_TIME: Intl.DateTimeFormatOptions = { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };

/**
 * A calendar day (YYYY-MM-DD, the receiver's days are Kazakhstan's) written as the console writes
 * dates: the day itself, in any time zone of the marketer's.
 */
export function formatDay(day: string, language: ConsoleLanguage): string {
  const at = Date.parse(`${day.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(at)) return day;
  return new Intl.DateTimeFormat(LOCALE_TAG[language], { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' }).format(at);
}

/** Date and time in the marketer's own time zone. */
export function formatDateTime(value: string | number | Date, language: ConsoleLanguage): string {
  const date = value instanceof Date ? value : new Date(typeof value === 'number' ? value : Date.parse(value));
  if (Number.isNaN(date.getTime())) return String(value);
  return new Intl.DateTimeFormat(LOCALE_TAG[language], DATE_TIME).format(date);
}
