import type { Language } from './languages.js';

/** Interface strings, one object per language. Keys are shared; Kazakh is the source. */
export interface UiStrings {
  readonly title: string;
  readonly controller: string;
  readonly intro: string;
  readonly fullText: string;
  readonly agree: string;
  readonly refuse: string;
  readonly nothingTicked: string;
  readonly language: string;
  readonly close: string;
  readonly confirmTitle: string;
  readonly granted: string;
  readonly notGranted: string;
  readonly none: string;
  readonly policyVersion: string;
  readonly confirmCheck: string;
  readonly confirm: string;
  readonly back: string;
  readonly ignored: string;
  readonly prefsTitle: string;
  readonly save: string;
  readonly withdrawAll: string;
  readonly reopen: string;
  readonly notRequested: string;
  readonly inlineConfirm: string;
  readonly inlineDone: string;
  readonly required: string;
  readonly gpc: string;
  readonly error: string;
  readonly download: string;
  /** Said while the confirmation step, the preferences or the full text are being fetched. */
  readonly loading: string;
  /** Said when they could not be fetched; the page tries again. */
  readonly loadFailed: string;
}

/** Each language its own constant, so that a build can carry one and fetch the others. */
export const KK_STRINGS: UiStrings = {
  title: 'Дербес деректерді өңдеуге келісім',
  controller: 'Меншік иесі және оператор: «АртГрад» ЖШС',
  intro: 'Әр мақсатқа жеке келісім сұраймыз. Ешбір мақсат алдын ала белгіленбеген; келісімді кез келген уақытта кері қайтарып алуға болады.',
  fullText: 'Толық мәтін',
  agree: 'Келісемін',
  refuse: 'Бас тартамын',
  nothingTicked: 'Ешбір мақсат белгіленбеді. Келісу үшін кемінде біреуін белгілеңіз немесе бас тартыңыз.',
  language: 'Тіл',
  close: 'Жабу',
  confirmTitle: 'Келісімді растау',
  granted: 'Келісім беріледі',
  notGranted: 'Келісім берілмейді',
  none: 'жоқ',
  policyVersion: 'Саясат нұсқасы',
  confirmCheck: 'Осы келісімді өз еркіммен беретінімді растаймын',
  confirm: 'Растау',
  back: 'Артқа',
  ignored: 'Басу еленбеді: қадам жаңа ғана ашылды. Қайта басыңыз.',
  prefsTitle: 'Жеке деректер баптаулары',
  save: 'Сақтау',
  withdrawAll: 'Барлығын кері қайтарып алу',
  reopen: 'Жеке деректер',
  notRequested: 'Енді сұралмайды, бірақ кері қайтарып алуға болады',
  inlineConfirm: 'Келісім беру',
  inlineDone: 'Келісім расталды',
  required: 'Жалғастыру үшін келісімді растаңыз',
  gpc: 'Браузеріңіз Global Privacy Control сигналын жібереді: қосымша мақсаттар өшірулі.',
  error: 'Шешім сақталмады. Қайталап көріңіз.',
  download: 'Түбіртектерді жүктеп алу',
  loading: 'Келісім нысаны жүктелуде…',
  loadFailed: 'Бет келісім нысанын жүктей алмады. Қайта жүктеп көреміз; сәлден соң қайта басыңыз.',
};

export const RU_STRINGS: UiStrings = {
  title: 'Согласие на обработку персональных данных',
  controller: 'Собственник и оператор: ТОО «АртГрад»',
  intro: 'Мы просим согласие отдельно для каждой цели. Ничего не отмечено заранее; согласие можно отозвать в любой момент.',
  fullText: 'Полный текст',
  agree: 'Согласен',
  refuse: 'Отказываюсь',
  nothingTicked: 'Ни одна цель не отмечена. Чтобы согласиться, отметьте хотя бы одну или откажитесь.',
  language: 'Язык',
  close: 'Закрыть',
  confirmTitle: 'Подтверждение согласия',
  granted: 'Согласие даётся',
  notGranted: 'Согласие не даётся',
  none: 'нет',
  policyVersion: 'Версия политики',
  confirmCheck: 'Подтверждаю, что даю это согласие добровольно',
  confirm: 'Подтвердить',
  back: 'Назад',
  ignored: 'Нажатие не учтено: шаг только что открылся. Нажмите ещё раз.',
  prefsTitle: 'Настройки персональных данных',
  save: 'Сохранить',
  withdrawAll: 'Отозвать всё',
  reopen: 'Персональные данные',
  notRequested: 'Больше не запрашивается, но его можно отозвать',
  inlineConfirm: 'Дать согласие',
  inlineDone: 'Согласие подтверждено',
  required: 'Чтобы продолжить, подтвердите согласие',
  gpc: 'Ваш браузер передаёт сигнал Global Privacy Control: дополнительные цели выключены.',
  error: 'Решение не сохранено. Попробуйте ещё раз.',
  download: 'Скачать квитанции',
  loading: 'Загружается форма согласия…',
  loadFailed: 'Страница не смогла загрузить форму согласия. Пробуем ещё раз; нажмите снова чуть позже.',
};

export const EN_STRINGS: UiStrings = {
  title: 'Consent to the processing of personal data',
  controller: 'Owner and operator: ArtGrad LLP («АртГрад» ЖШС)',
  intro: 'We ask for consent to each purpose separately. Nothing is ticked in advance; you can withdraw consent at any time.',
  fullText: 'Full text',
  agree: 'I agree',
  refuse: 'I refuse',
  nothingTicked: 'No purpose is ticked. To agree, tick at least one, or refuse.',
  language: 'Language',
  close: 'Close',
  confirmTitle: 'Confirm your consent',
  granted: 'Consent given to',
  notGranted: 'Consent not given to',
  none: 'none',
  policyVersion: 'Policy version',
  confirmCheck: 'I confirm that I give this consent of my own free will',
  confirm: 'Confirm',
  back: 'Back',
  ignored: 'Press ignored: this step has just opened. Press again.',
  prefsTitle: 'Personal data settings',
  save: 'Save',
  withdrawAll: 'Withdraw all',
  reopen: 'Personal data',
  notRequested: 'No longer requested; you can still withdraw it',
  inlineConfirm: 'Give consent',
  inlineDone: 'Consent confirmed',
  required: 'Confirm your consent to continue',
  gpc: 'Your browser sends a Global Privacy Control signal: optional purposes are off.',
  error: 'The decision was not saved. Please try again.',
  download: 'Download receipts',
  loading: 'Loading the consent form…',
  loadFailed: 'The page could not load the consent form. Trying again; press again in a moment.',
};

export const STRINGS: Readonly<Record<Language, UiStrings>> = { kk: KK_STRINGS, ru: RU_STRINGS, en: EN_STRINGS };

/** The one-time-code method's strings: only its part of the script-tag build (and ESM users of it) carry them. */
export interface OtpStrings {
  readonly channel: string;
  readonly phone: string;
  readonly email: string;
  readonly send: string;
  readonly code: string;
  readonly verify: string;
  readonly sent: string;
  readonly ok: string;
  readonly failed: string;
}

export const OTP_STRINGS: Readonly<Record<Language, OtpStrings>> = {
  kk: {
    channel: 'Арна',
    phone: 'Телефон нөмірі',
    email: 'Электрондық пошта',
    send: 'Код жіберу',
    code: 'Растау коды',
    verify: 'Кодты тексеру',
    sent: 'Код жіберілді.',
    ok: 'Код расталды. Енді «Растау» батырмасын басыңыз.',
    failed: 'Код қабылданбады',
  },
  ru: {
    channel: 'Канал',
    phone: 'Номер телефона',
    email: 'Электронная почта',
    send: 'Отправить код',
    code: 'Код подтверждения',
    verify: 'Проверить код',
    sent: 'Код отправлен.',
    ok: 'Код подтверждён. Теперь нажмите «Подтвердить».',
    failed: 'Код не принят',
  },
  en: {
    channel: 'Channel',
    phone: 'Phone number',
    email: 'E-mail',
    send: 'Send code',
    code: 'Confirmation code',
    verify: 'Check code',
    sent: 'Code sent.',
    ok: 'Code confirmed. Now press Confirm.',
    failed: 'The code was not accepted',
  },
};
