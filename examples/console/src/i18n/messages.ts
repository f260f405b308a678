// Every string the console shows, one object per language with the same shape (the compiler
// checks that Russian and English miss nothing Kazakh has).
import type { RightsKind } from '@artgrad/receipt';
import type { RequestEventType, RequestStatus } from '@artgrad/receiver';

export type ConsoleLanguage = 'kk' | 'ru' | 'en';
export const CONSOLE_LANGUAGES: readonly ConsoleLanguage[] = ['kk', 'ru', 'en'];

/** What a failed call was trying to do, for "could not …" messages. */
export type Action =
  | 'signIn'
  | 'loadSwitch'
  | 'saveSwitch'
  | 'loadHistory'
  | 'loadCount'
  | 'loadHolders'
  | 'loadWithdrawals'
  | 'loadStats'
  | 'loadProof'
  | 'exportCsv'
  | 'loadRequests'
  | 'loadRequest'
  | 'actOnRequest';


export interface Messages {
  languageName: string;
  appTitle: string;
  skipToContent: string;
  languageLabel: string;
  nav: { label: string; dashboard: string; holders: string; withdrawals: string; stats: string; requests: string };
  signedInAs: (name: string) => string;
  signOut: string;
  loading: string;
  cancel: string;
  retry: string;
  cancelled: string;
  actions: Record<Action, string>;
  failed: (action: string) => string;
  errorDetail: (status: number, code: string, message: string) => string;
  networkError: string;

  signIn: {
    title: string;
    intro: string;
    tokenLabel: string;
    tokenHint: string;
    submit: string;
    checking: string;
    required: string;
    badFormat: string;
    rejected: string;
    expired: string;
    signedOut: string;
  };

  dashboard: {
    title: string;
    switchHeading: string;
    switchLabel: string;
    on: string;
    off: string;
    saving: string;
    switchNote: string;
    historyHeading: string;
    when: string;
    who: string;
    change: string;
    turnedOn: string;
    turnedOff: string;
    historyEmpty: string;
    historyTotal: (n: number) => string;
    countHeading: string;
    countValue: (n: number) => string;
    asOf: (time: string) => string;
    refresh: string;
    toHolders: string;
  };

  people: {
    holdersTitle: string;
    holdersIntro: string;
    withdrawalsTitle: string;
    withdrawalsIntro: string;
    searchLabel: string;
    searchHint: string;
    search: string;
    clear: string;
    sinceLabel: string;
    principal: string;
    customerId: string;
    grantedAt: string;
    withdrawnAt: string;
    receivedAt: string;
    proof: string;
    openProof: (principal: string) => string;
    none: string;
    tableCaption: (total: number) => string;
    showing: (from: number, to: number, total: number) => string;
    pagination: string;
    previous: string;
    next: string;
    pageOf: (page: number, pages: number) => string;
    exportCsv: (rows: number) => string;
    exporting: (rows: number, total: number) => string;
    exportProgress: string;
    exported: (rows: number) => string;
    exportCancelled: string;
  };

  proof: {
    title: string;
    back: string;
    principal: string;
    customerId: string;
    deviceKeys: string;
    /** Links to the chains of the devices the shop identified as the same customer. */
    otherDevices: string;
    perDeviceNote: string;
    customerDiffers: string;
    /** `signed` null: the receipt signs no customer id (the shopper may have been identified later). */
    customerMismatch: (signed: string | null) => string;
    signedCustomerId: string;
    signedPrincipalId: string;
    verifying: string;
    summaryAll: (n: number) => string;
    summarySome: (bad: number, n: number) => string;
    summaryNone: string;
    summaryStale: (stale: number, n: number) => string;
    /** The receipt the list row named is here and proves the row (`granted` null: no list to compare with). */
    claimOk: (purpose: string, granted: boolean | null) => string;
    claimFailed: Record<'absent' | 'signature' | 'kid' | 'countersignature' | 'decision', (id: string) => string>;
    receiptsVerified: (verified: number, total: number) => string;
    browserNote: string;
    receiptHeading: (n: number, event: string, time: string) => string;
    currentProof: (purpose: string) => string;
    verified: string;
    notVerified: string;
    receiptId: string;
    event: string;
    decidedAt: string;
    receivedAt: string;
    decisions: string;
    granted: string;
    notGranted: string;
    deviceSignature: string;
    countersignature: string;
    countersignedAt: (time: string) => string;
    countersignatureMissing: string;
    chain: string;
    chainStates: Record<'genesis' | 'linked' | 'continues' | 'restart' | 'gap' | 'unchecked', string>;
    restartNote: string;
    fork: string;
    policy: string;
    policyMatches: string;
    policyStale: (bundled: string) => string;
    confirmation: string;
    deviceKey: string;
    unreadable: string;
    unverifiedContent: string;
    because: (code: string, message: string) => string;
    events: Record<'given' | 'refused' | 'updated' | 'withdrawn' | 'identified', string>;
  };

  /** Shoppers' requests under policy item 23, with the deadlines of items 26.6–26.8. */
  rights: {
    title: string;
    intro: string;
    kindLabel: string;
    statusLabel: string;
    anyKind: string;
    anyStatus: string;
    open: string;
    overdue: string;
    dueToday: string;
    filter: string;
    kinds: Record<RightsKind, string>;
    statuses: Record<RequestStatus, string>;
    tableCaption: (n: number) => string;
    none: string;
    received: string;
    due: string;
    state: string;
    open_: string;
    /** Badges, said in words (never by colour alone). */
    overdueBadge: string;
    dueTodayBadge: string;
    metBadge: string;
    provisional: string;
    extended: string;
    more: string;
    exportCsv: string;
    back: string;
    requestTitle: (kind: string, item: string) => string;
    requestId: string;
    device: string;
    principal: string;
    language: string;
    originalDue: string;
    personal: string;
    replyTo: string;
    details: string;
    subjectId: string;
    subjectVerified: string;
    subjectUnverified: string;
    erased: string;
    history: string;
    noEvents: string;
    eventTypes: Record<RequestEventType, string>;
    by: (name: string, time: string) => string;
    attachment: string;
    erasure: (erased: string, kept: string) => string;
    actions: string;
    closed: string;
    answerHeading: string;
    answerText: string;
    answerFile: string;
    answerSend: string;
    assemble: string;
    assembleNote: string;
    refuseHeading: string;
    refuseReason: string;
    refuseSend: string;
    doneHeading: string;
    doneNote: string;
    doneDestructionNote: string;
    doneSend: string;
    extendHeading: string;
    extendDays: string;
    extendBasis: string;
    extendSend: string;
    saved: string;
  };

  stats: {
    title: string;
    intro: string;
    purpose: string;
    from: string;
    to: string;
    show: string;
    badPeriod: string;
    longPeriod: string;
    chartTitle: (purpose: string, from: string, to: string) => string;
    chartDesc: (parts: string, days: number) => string;
    tableCaption: (purpose: string, from: string, to: string) => string;
    date: string;
    total: string;
    legend: string;
    events: Record<'given' | 'refused' | 'updated' | 'withdrawn', string>;
    eventNotes: Record<'given' | 'refused' | 'updated' | 'withdrawn', string>;
  };
}
