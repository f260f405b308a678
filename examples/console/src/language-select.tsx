/** @jsxImportSource preact */
import { MESSAGES, useLocale } from './i18n/i18n.js';
import { CONSOLE_LANGUAGES, type ConsoleLanguage } from './i18n/messages.js';

/** Each language named in itself, marked with its own `lang` for screen readers. */
export function LanguageSelect({ onChange }: { onChange: (language: ConsoleLanguage) => void }) {
  const { t, language } = useLocale();
  return (
    <div class="language">
      <label for="console-language">{t.languageLabel}</label>
      <select
        id="console-language"
        value={language}
        onChange={(event) => {
          const value = event.currentTarget.value;
          if ((CONSOLE_LANGUAGES as readonly string[]).includes(value)) onChange(value as ConsoleLanguage);
        }}
      >
        {CONSOLE_LANGUAGES.map((code) => (
          <option value={code} lang={code} key={code}>
            {MESSAGES[code].languageName}
          </option>
        ))}
      </select>
    </div>
  );
}
