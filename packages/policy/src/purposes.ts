import type { Localized } from './languages.js';

/**
 * A purpose a site may ask consent for. `items` are the policy items it rests on, shown to the
 * shopper. The catalogue is configuration: a site requests a subset and may add its own.
 */
export interface Purpose {
  readonly id: string;
  readonly label: Localized;
  readonly description: Localized;
  readonly items: readonly string[];
  /** Needed for the core service (placing an order). Still never pre-ticked, still refusable. */
  readonly essential?: boolean;
}

export const PROCESSING: Purpose = {
  id: 'processing',
  items: ['2', '3', '7'],
  essential: true,
  label: {
    kk: 'Дербес деректерді жинау және өңдеу',
    ru: 'Сбор и обработка персональных данных',
    en: 'Collection and processing of personal data',
  },
  description: {
    kk: 'Тапсырыс үшін қажет (2, 3, 7-тармақтар).',
    ru: 'Нужно для заказа (пункты 2, 3, 7).',
    en: 'Needed to place an order (items 2, 3, 7).',
  },
};

export const DISSEMINATION: Purpose = {
  id: 'dissemination',
  items: ['23.6'],
  label: {
    kk: 'Дербес деректерді жалпыға қолжетімді көздерде тарату',
    ru: 'Распространение персональных данных в общедоступных источниках',
    en: 'Dissemination of personal data in publicly available sources',
  },
  description: {
    kk: 'Міндетті емес (23.6-тармақ).',
    ru: 'Необязательно (пункт 23.6).',
    en: 'Optional (item 23.6).',
  },
};

/** Purposes of Law 94-V Art. 8(4) that a site may add; not requested unless configured. */
export const THIRD_PARTY_TRANSFER: Purpose = {
  id: 'third-party-transfer',
  items: ['17'],
  label: {
    kk: 'Дербес деректерді үшінші тұлғаларға беру',
    ru: 'Передача персональных данных третьим лицам',
    en: 'Transfer of personal data to third parties',
  },
  description: {
    kk: 'Саясаттың 17-тармағы: беру туралы он жұмыс күні ішінде хабарланады.',
    ru: 'Пункт 17 Политики: о передаче сообщается в течение десяти рабочих дней.',
    en: 'Policy item 17: you are notified of a transfer within ten working days.',
  },
};

export const CROSS_BORDER: Purpose = {
  id: 'cross-border',
  items: [],
  label: {
    kk: 'Дербес деректерді трансшекаралық беру',
    ru: 'Трансграничная передача персональных данных',
    en: 'Cross-border transfer of personal data',
  },
  description: {
    kk: 'Деректер Қазақстан Республикасының аумағынан тыс берілуі мүмкін.',
    ru: 'Данные могут передаваться за пределы Республики Казахстан.',
    en: 'Data may be transferred outside the Republic of Kazakhstan.',
  },
};

/** The built-in catalogue: `processing` and `dissemination`, both requested by default. */
export const PURPOSES: readonly Purpose[] = [PROCESSING, DISSEMINATION];
/**
 * Ready-made Art. 8(4) purposes a site adds with the SDK's `catalogue` option (the script tag has
 * no attribute for it). Kept out of the default catalogue so the script tag carries only what it asks.
 */
export const EXTRA_PURPOSES: readonly Purpose[] = [THIRD_PARTY_TRANSFER, CROSS_BORDER];
export const DEFAULT_REQUESTED: readonly string[] = [PROCESSING.id, DISSEMINATION.id];
