/** @jsxImportSource preact */
import type { ComponentChildren } from 'preact';
import { render } from '@testing-library/preact';
import { LocaleContext, MESSAGES } from '../src/i18n/i18n.js';
import type { ConsoleLanguage } from '../src/i18n/messages.js';

export function renderInLocale(children: ComponentChildren, language: ConsoleLanguage = 'kk') {
  return render(<LocaleContext.Provider value={{ language, t: MESSAGES[language] }}>{children}</LocaleContext.Provider>);
}
