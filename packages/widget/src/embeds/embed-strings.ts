import type { Language } from '@artgrad/policy';

/** What a placeholder says, per language: the provider, the purpose its loading needs, one button. */
export const EMBED_STRINGS: Record<Language, { needs(provider: string, purpose: string): string; until(provider: string): string; button(provider: string): string }> = {
  kk: {
    needs: (provider, purpose) => `${provider} мазмұнын көрсету үшін «${purpose}» мақсатына келісіміңіз қажет.`,
    until: (provider) => `Келісім берілгенше ${provider} сайтына ештеңе жіберілмейді.`,
    button: (provider) => `Келісім беріп, ${provider} ашу`,
  },
  ru: {
    needs: (provider, purpose) => `Чтобы показать содержимое ${provider}, нужно ваше согласие на цель «${purpose}».`,
    until: (provider) => `До согласия ${provider} ничего не получает.`,
    button: (provider) => `Дать согласие и открыть ${provider}`,
  },
  en: {
    needs: (provider, purpose) => `To show this ${provider} content, your consent to “${purpose}” is needed.`,
    until: (provider) => `Until then, nothing is requested from ${provider}.`,
    button: (provider) => `Consent and open ${provider}`,
  },
};
