import type { RightsStrings } from '../later/rights-strings.js';

// "Менің деректерім" in Russian and English: in the languages part, beside the rest of their interface.

export const RU_RIGHTS: RightsStrings = {
  title: 'Мои данные',
  intro: 'По пункту 23 политики вы можете направить запрос. Ответ о ваших данных даётся в течение 3 рабочих дней; изменение, блокирование и уничтожение выполняются в течение 1 рабочего дня.',
  kinds: { access: 'Узнать о моих данных', correction: 'Изменить или дополнить данные', blocking: 'Заблокировать данные', destruction: 'Уничтожить данные' },
  stepTitle: 'Подтверждение запроса',
  stepIntro: {
    access: 'Прошу сообщить, какие мои персональные данные у вас есть, цель, источники и способы их сбора и сроки хранения (пункт 23.1).',
    correction: 'Прошу изменить или дополнить мои персональные данные (пункт 23.2). Подтверждающие документы запросим по адресу для ответа.',
    blocking: 'Прошу заблокировать мои персональные данные: нарушены условия их сбора или обработки (пункт 23.3).',
    destruction: 'Прошу уничтожить мои персональные данные, собранные или обработанные с нарушением закона (пункт 23.4). Квитанции, доказывающие получение согласия, по закону сохраняются; остальное уничтожается.',
  },
  details: 'Что изменить или дополнить',
  detailsOptional: 'Пояснение (необязательно)',
  replyTo: 'Адрес для ответа: e-mail или телефон (необязательно)',
  replyNote: 'Адрес передаётся только нам и не записывается в квитанцию.',
  check: 'Я направляю этот запрос сам(а)',
  sent: 'Запрос отправлен.',
  mine: 'Мои запросы',
  states: { pending: 'Отправляется', received: 'Получен', answered: 'Дан ответ', refused: 'Отказано', done: 'Выполнен', rejected: 'Не принят' },
  received: 'Получен',
  due: 'Срок',
  provisional: 'предварительно',
  reason: 'Причина',
  answer: 'Ответ',
  downloadAnswer: 'Скачать ответ',
  erased: 'Что уничтожено и что сохранено',
};

export const EN_RIGHTS: RightsStrings = {
  title: 'My data',
  intro: 'Under item 23 of the policy you can make a request. You get an answer about your data within 3 working days; a change, blocking or destruction is carried out within 1 working day.',
  kinds: { access: 'Find out about my data', correction: 'Change or add to my data', blocking: 'Block my data', destruction: 'Destroy my data' },
  stepTitle: 'Confirm your request',
  stepIntro: {
    access: 'Please tell me what personal data of mine you hold, and the purpose, sources, means and storage period of its collection (item 23.1).',
    correction: 'Please change or add to my personal data (item 23.2). We will ask for supporting documents at your reply address.',
    blocking: 'Please block my personal data: the conditions of its collection or processing were broken (item 23.3).',
    destruction: 'Please destroy my personal data collected or processed against the law (item 23.4). The receipts that prove consent was given are kept, as the law requires; the rest is destroyed.',
  },
  details: 'What to change or add',
  detailsOptional: 'Comment (optional)',
  replyTo: 'Reply address: e-mail or phone (optional)',
  replyNote: 'The address goes to us only and is never written into a receipt.',
  check: 'I am making this request myself',
  sent: 'Request sent.',
  mine: 'My requests',
  states: { pending: 'Sending', received: 'Received', answered: 'Answered', refused: 'Refused', done: 'Done', rejected: 'Not accepted' },
  received: 'Received',
  due: 'Due',
  provisional: 'provisional',
  reason: 'Reason',
  answer: 'Answer',
  downloadAnswer: 'Download the answer',
  erased: 'What was destroyed and what was kept',
};

