import type { ConsentModeMapping } from '@artgrad/sdk';

const SIGNALS = ['ad_storage', 'ad_user_data', 'ad_personalization', 'analytics_storage'] as const;

/** `data-ad-storage="dissemination"` → `{ ad_storage: 'dissemination' }`; every signal defaults to `dissemination`. */
export function mappingFrom(script: HTMLScriptElement | null): ConsentModeMapping {
  return Object.fromEntries(SIGNALS.map((s) => [s, script?.getAttribute(`data-${s.replace(/_/g, '-')}`) ?? 'dissemination']));
}
