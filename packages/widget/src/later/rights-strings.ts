import type { RequestState, RightsKind } from '@artgrad/sdk';

/** What "Менің деректерім" says: the shopper's rights under item 23 of the policy, in each language. */
export interface RightsStrings {
  readonly title: string;
  readonly intro: string;
  readonly kinds: Record<RightsKind, string>;
  readonly stepTitle: string;
  readonly stepIntro: Record<RightsKind, string>;
  readonly details: string;
  readonly detailsOptional: string;
  readonly replyTo: string;
  readonly replyNote: string;
  readonly check: string;
  readonly sent: string;
  readonly mine: string;
  readonly states: Record<RequestState, string>;
  readonly received: string;
  readonly due: string;
  readonly provisional: string;
  readonly reason: string;
  readonly answer: string;
  readonly downloadAnswer: string;
  readonly erased: string;
}

/** Kazakh, with the screens that show it; Russian and English travel with the other languages (`strings/rights-ru-en.ts`). */
export const KK_RIGHTS: RightsStrings = {
  title: 'Менің деректерім',
  intro: 'Саясаттың 23-тармағы бойынша сұраныс жібере аласыз. Деректеріңіз туралы жауап 3 жұмыс күні ішінде беріледі; өзгерту, бұғаттау және жою 1 жұмыс күні ішінде орындалады.',
  kinds: { access: 'Деректерім туралы білу', correction: 'Деректерімді өзгерту не толықтыру', blocking: 'Деректерімді бұғаттау', destruction: 'Деректерімді жою' },
  stepTitle: 'Сұранысты растау',
  stepIntro: {
    access: 'Сізде менің қандай дербес деректерім бар екенін, оларды жинау мақсатын, көзін, тәсілін және сақтау мерзімін хабарлауыңызды сұраймын (23.1-тармақ).',
    correction: 'Дербес деректерімді өзгертуді не толықтыруды сұраймын (23.2-тармақ). Растайтын құжаттарды жауап мекенжайы арқылы сұраймыз.',
    blocking: 'Дербес деректерімді бұғаттауды сұраймын: оларды жинау не өңдеу шарттары бұзылды (23.3-тармақ).',
    destruction: 'Заңды бұза отырып жиналған не өңделген дербес деректерімді жоюды сұраймын (23.4-тармақ). Келісімнің алынғанын дәлелдейтін түбіртектер заң бойынша сақталады; қалғаны жойылады.',
  },
  details: 'Не өзгерту не толықтыру керек',
  detailsOptional: 'Түсініктеме (міндетті емес)',
  replyTo: 'Жауап мекенжайы: e-mail не телефон (міндетті емес)',
  replyNote: 'Мекенжай тек бізге жіберіледі, түбіртекке жазылмайды.',
  check: 'Бұл сұранысты өзім жіберемін',
  sent: 'Сұраныс жіберілді.',
  mine: 'Менің сұраныстарым',
  states: { pending: 'Жіберілуде', received: 'Қабылданды', answered: 'Жауап берілді', refused: 'Бас тартылды', done: 'Орындалды', rejected: 'Қабылданбады' },
  received: 'Қабылданған күні',
  due: 'Мерзімі',
  provisional: 'болжамды',
  reason: 'Себебі',
  answer: 'Жауап',
  downloadAnswer: 'Жауапты жүктеп алу',
  erased: 'Жойылғаны мен сақталғаны',
};

